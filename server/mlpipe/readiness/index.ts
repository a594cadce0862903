/** Production readiness: the ML Test Score items mlpipe verifies. Pure; see docs/extension.md. */
export { scoreReadiness, type ScoredFile } from './score.js';
export { AUTOMATED_ITEMS, MANUAL_ITEMS, type AutomatedItem, type ManualItem } from './items.js';
