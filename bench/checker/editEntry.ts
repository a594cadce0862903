// What `compareEdits.ts` loads from each side's bundle: the keystroke path's parts and the bench host.
export { bind } from '../../server/mlpipe/binder.js';
export { check } from '../../server/mlpipe/checker/check.js';
export { CheckMemo } from '../../server/mlpipe/checker/memo.js';
export { reparse } from '../../server/mlpipe/syntax/incremental.js';
export { LineMap } from '../../server/mlpipe/syntax/lineMap.js';
export { parse } from '../../server/mlpipe/syntax/parser.js';
export { cachedHost } from './host.js';
