import { isMissing, parseNumber } from '../data/values.js';
import type { ColumnType } from '../data/table.js';

type Fill = string | number | boolean;

/**
 * A fill value as serving reads it for a column of `type`: text for a text column (its default
 * 0 is the text '0'), a number for a numeric one. Undefined type (no data): as written.
 */
export function fillAsRead(v: Fill, type: ColumnType | 'number' | undefined): Fill {
  if (type === undefined) return v;
  if (type === 'string') return String(v);
  return typeof v === 'number' ? v : (parseNumber(String(v)) ?? String(v));
}

/**
 * Whether a serve default fills a column as training's fill_missing does. Without the column's
 * type (the check before or without data, and serving's data-less check of its serve block) only
 * a fill that differs however the column is read is a mismatch: `"40000"` and `40000` fill a
 * numeric column alike, so judging them as written refused to serve what the data-aware check
 * passed. Serving judges the default again against the types the run fitted.
 */
export function sameFill(served: Fill, trained: Fill, type: ColumnType | 'number' | undefined): boolean {
  if (type === undefined) return served === trained || sameFill(served, trained, 'string') || sameFill(served, trained, 'number');
  return fillAsRead(served, type) === fillAsRead(trained, type);
}

/**
 * A serve default that is itself missing text ("NA", "", "null", any case): read as requests are,
 * it is no value, so a request without the field goes on to training's `fill_missing` (or is
 * refused where none covers it, which `serveDefaultProblem` reports). Not another fill, then.
 */
export function fillsNothing(v: Fill): boolean {
  return typeof v === 'string' && isMissing(v);
}

/** `skew/missing-default-mismatch` in words: the checker reports it, serving refuses to start on it. */
export function defaultMismatchMessage(column: string, served: Fill, feature: string, trained: Fill): string {
  return `serving fills a missing '${column}' with ${JSON.stringify(served)}, but feature '${feature}' fills it with ${JSON.stringify(trained)} in training: use the same value, or drop this default`;
}

/**
 * `skew/missing-default-mismatch` for a column whose missing values training fills only after a
 * transform (`fill_missing(standardize(x), 0)`): a serve default fills the column itself, so a
 * request without it is scored as one sending the default, never as training's rows without it.
 */
export function laterFillMismatchMessage(column: string, served: Fill, feature: string, trained: Fill): string {
  return `serving fills a missing '${column}' with ${JSON.stringify(served)}, but feature '${feature}' leaves it missing and fills what it computes from it with ${JSON.stringify(trained)} in training: a request without '${column}' is scored as one sending ${JSON.stringify(served)}; drop this default so it gets training's fill`;
}
