import { windowSpec } from './window.js';

export const window_count = windowSpec('count', 'Number');
