import { windowSpec } from './window.js';

export const window_max = windowSpec('max', 'Maximum');
