import type { Range } from './syntax/lineMap.js';
import type { CompareOp } from './syntax/ast.js';
import type { Task } from './language/keywords.js';

export type Severity = 'error' | 'warning' | 'info';

/** Every diagnostic code of the language: stable, part of the public interface. */
export const CODES = {
  syntax: 'error',
  'unknown-reference': 'error',
  'duplicate-definition': 'error',
  'unknown-block': 'error',
  'unknown-attribute': 'warning',
  'invalid-value': 'error',
  'missing-attribute': 'error',
  'unknown-transform': 'error',
  'feature-cycle': 'error',
  'history-outside-window': 'error',
  'type-mismatch': 'error',
  'label-variants': 'warning',
  'lopsided-split': 'warning',
  'repro/unpinned-data': 'warning',
  'repro/data-changed': 'error',
  'repro/missing-source': 'error',
  'repro/unreadable-source': 'error',
  'repro/mutable-source': 'warning',
  'repro/unseeded-split': 'warning',
  'repro/unseeded-model': 'warning',
  'repro/unpinned-environment': 'warning',
  'repro/nondeterministic': 'info',
  'skew/hard-coded-baseline': 'warning',
  'skew/serving-redefines-feature': 'error',
  'skew/missing-default-mismatch': 'error',
  'skew/implicit-missing': 'warning',
  'skew/not-point-in-time': 'warning',
  'skew/target-leakage': 'error',
  'skew/fit-on-all-data': 'warning',
  'skew/unseen-category': 'info',
  'skew/group-leakage': 'warning',
  'skew/empty-window': 'warning',
  'skew/window-default': 'warning',
  'skew/mixed-time-zones': 'warning',
  'skew/dates-as-numbers': 'warning',
  'lifecycle/no-gates': 'warning',
  'lifecycle/unmonitored-serving': 'warning',
  'lifecycle/no-retrain': 'info',
  'lifecycle/small-window': 'warning',
  'lifecycle/unknown-drift-target': 'error',
  'lifecycle/unused-feature': 'info',
  'lifecycle/unused-default': 'info',
} as const satisfies Record<string, Severity>;

export type Code = keyof typeof CODES;
export const ALL_CODES = Object.keys(CODES) as Code[];

export function isCode(s: string): s is Code {
  return Object.prototype.hasOwnProperty.call(CODES, s);
}

/** Data a quick fix needs, carried on the diagnostic so the fix does no I/O. */
export type FixData =
  | { fix: 'pin-version'; hash: string }
  /** `seed`: the split seed to write (one whose split leaves both sides rows with a target). */
  | { fix: 'add-seed'; block: 'split' | 'model'; seed?: number }
  /** `value`: the literal to fill with, of the column's type (a number for numbers, a string for text). */
  | { fix: 'fill-missing'; value: string }
  | { fix: 'add-as-of'; asOf: string }
  | { fix: 'drop-literal-statistics' }
  | { fix: 'add-environment' }
  | { fix: 'add-monitor' }
  /** The closest defined name to a misspelled one (or the file a missing source likely meant): the fix replaces the reference (or the string) with it. */
  | { fix: 'did-you-mean'; name: string }
  /** A threshold line that points the wrong way: the fix writes `op` in its place. */
  | { fix: 'flip-comparison'; op: CompareOp }
  /** A repeated primary key and a split without 'by': the fix adds `by = column` (the key). */
  | { fix: 'add-split-by'; column: string }
  /** A model whose inferred task is not the one its kind or a gate needs (a target of `0.0`/`1.0`): the fix writes `task = …` in it. */
  | { fix: 'set-task'; model: string; task: Task }
  /** A feature named like the column it means to read, which reads itself: the fix writes `table.column` at each self-reference. */
  | { fix: 'qualify-column'; table: string; column: string }
  /** A serve default the served model never reads: the fix removes its entry. */
  | { fix: 'remove-default' };

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  /** UTF-16 offsets into the file. */
  start: number;
  end: number;
  range: Range;
  data?: FixData;
}
