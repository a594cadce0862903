import { windowSpec } from './window.js';

export const window_min = windowSpec('min', 'Minimum');
