import { windowSpec } from './window.js';

export const window_mean = windowSpec('mean', 'Mean');
