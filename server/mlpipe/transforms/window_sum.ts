import { windowSpec } from './window.js';

export const window_sum = windowSpec('sum', 'Sum');
