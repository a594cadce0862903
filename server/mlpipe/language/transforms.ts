/**
 * The catalogue of feature transforms: names, arguments and whether they learn state.
 * The checker validates calls against it, completion and hover read it, and the feature
 * engine (`server/mlpipe/features/`) implements exactly these.
 */

export type ArgKind =
  /** A feature expression (column, feature, transform). */
  | 'expr'
  | 'number'
  | 'integer'
  | 'duration'
  | 'numberList'
  | 'list'
  /** A column of the primary table (`as_of`). */
  | 'primaryColumn'
  /** `table.col` of a history table. */
  | 'historyColumn'
  | 'fit';

export interface ArgSpec {
  name: string;
  kind: ArgKind;
  /** May be given positionally at this index. */
  position?: number;
  required?: boolean;
  /** Named literal statistics of a fitted transform (reported as `skew/hard-coded-baseline`). */
  literalStatistic?: boolean;
  doc: string;
}

export interface TransformSpec {
  name: string;
  signature: string;
  /** LSP snippet for completion. */
  snippet: string;
  doc: string;
  /** Learns state from the training split (unless given literal statistics, or `n` absent for bucketize). */
  fitted: boolean;
  /** Needs numeric input. */
  numeric: boolean;
  args: ArgSpec[];
  /** One of these argument sets must be present (bucketize: edges or n). */
  oneOf?: string[][];
  window?: 'mean' | 'sum' | 'count' | 'max' | 'min';
}

const windowArgs: ArgSpec[] = [
  { name: 'column', kind: 'historyColumn', position: 0, required: true, doc: 'a column of a history table, `table.col`' },
  { name: 'duration', kind: 'duration', position: 1, required: true, doc: 'how far back the window reaches, e.g. `90d`' },
  { name: 'as_of', kind: 'primaryColumn', doc: "the primary table's time column: rows strictly before it are aggregated" },
];

function windowSpec(agg: 'mean' | 'sum' | 'count' | 'max' | 'min', what: string): TransformSpec {
  return {
    name: `window_${agg}`,
    signature: `window_${agg}(table.col, DURATION, as_of = primary.time)`,
    snippet: `window_${agg}(\${1:table.col}, \${2:90d}, as_of = \${3:primary.time})`,
    doc: `${what} of a history table's rows with the same key in \`as_of - DURATION <= time < as_of\`. ${
      agg === 'sum' || agg === 'count' ? 'An empty window gives 0.' : 'An empty window is missing.'
    }`,
    fitted: false,
    numeric: agg !== 'count',
    args: windowArgs,
    window: agg,
  };
}

export const TRANSFORMS: Record<string, TransformSpec> = {
  fill_missing: {
    name: 'fill_missing',
    signature: 'fill_missing(x, value)',
    snippet: 'fill_missing(${1:x}, ${2:0})',
    doc: 'Replaces missing values with `value`. The same default is used at serving time for a request without the field.',
    fitted: false,
    numeric: false,
    args: [
      { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value to fill' },
      { name: 'value', kind: 'expr', position: 1, required: true, doc: 'the replacement (a number or a string)' },
    ],
  },
  standardize: {
    name: 'standardize',
    signature: 'standardize(x, mean =, std =, fit = train)',
    snippet: 'standardize(${1:x})',
    doc: '`(x - mean) / std`, with mean and std fitted on the training split and saved with the model.',
    fitted: true,
    numeric: true,
    args: [
      { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value to scale' },
      { name: 'mean', kind: 'number', literalStatistic: true, doc: 'a literal mean (reported: it drifts from the data)' },
      { name: 'std', kind: 'number', literalStatistic: true, doc: 'a literal standard deviation (reported)' },
      { name: 'fit', kind: 'fit', doc: '`train` (default) or `all` (leaks the test split)' },
    ],
  },
  min_max: {
    name: 'min_max',
    signature: 'min_max(x, min =, max =, fit = train)',
    snippet: 'min_max(${1:x})',
    doc: 'Scales to [0, 1] with min and max fitted on the training split.',
    fitted: true,
    numeric: true,
    args: [
      { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value to scale' },
      { name: 'min', kind: 'number', literalStatistic: true, doc: 'a literal minimum (reported)' },
      { name: 'max', kind: 'number', literalStatistic: true, doc: 'a literal maximum (reported)' },
      { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
    ],
  },
  log1p: {
    name: 'log1p',
    signature: 'log1p(x)',
    snippet: 'log1p(${1:x})',
    doc: '`ln(1 + x)`, elementwise.',
    fitted: false,
    numeric: true,
    args: [{ name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' }],
  },
  clip: {
    name: 'clip',
    signature: 'clip(x, lo, hi)',
    snippet: 'clip(${1:x}, ${2:lo}, ${3:hi})',
    doc: 'Limits values to [lo, hi], elementwise.',
    fitted: false,
    numeric: true,
    args: [
      { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' },
      { name: 'lo', kind: 'number', position: 1, required: true, doc: 'lower bound' },
      { name: 'hi', kind: 'number', position: 2, required: true, doc: 'upper bound' },
    ],
  },
  bucketize: {
    name: 'bucketize',
    signature: 'bucketize(x, [edges]) | bucketize(x, n = 10, fit = train)',
    snippet: 'bucketize(${1:x}, ${2:[0, 10, 100]})',
    doc: 'Bucket index of x: fixed `edges`, or `n` quantile buckets fitted on the training split.',
    fitted: true,
    numeric: true,
    args: [
      { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' },
      { name: 'edges', kind: 'numberList', position: 1, doc: 'ascending bucket edges' },
      { name: 'n', kind: 'integer', doc: 'number of quantile buckets, fitted' },
      { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
    ],
    oneOf: [['edges'], ['n']],
  },
  one_hot: {
    name: 'one_hot',
    signature: 'one_hot(x, vocabulary = [...], fit = train)',
    snippet: 'one_hot(${1:x})',
    doc: 'One indicator per value of the vocabulary learned on the training split; unseen values map to all zeros.',
    fitted: true,
    numeric: false,
    args: [
      { name: 'x', kind: 'expr', position: 0, required: true, doc: 'a string or integer column' },
      { name: 'vocabulary', kind: 'list', literalStatistic: true, doc: 'a literal vocabulary (reported)' },
      { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
    ],
  },
  hash_bucket: {
    name: 'hash_bucket',
    signature: 'hash_bucket(x, n)',
    snippet: 'hash_bucket(${1:x}, ${2:32})',
    doc: 'A stable hash of the value into n buckets (the same in every process and version).',
    fitted: false,
    numeric: false,
    args: [
      { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value, usually a string' },
      { name: 'n', kind: 'integer', position: 1, required: true, doc: 'number of buckets' },
    ],
  },
  window_mean: windowSpec('mean', 'Mean'),
  window_sum: windowSpec('sum', 'Sum'),
  window_count: windowSpec('count', 'Number'),
  window_max: windowSpec('max', 'Maximum'),
  window_min: windowSpec('min', 'Minimum'),
};

export function isTransform(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(TRANSFORMS, name);
}

/** Transforms that learn state from data (unless given literal statistics). */
export const FITTED_TRANSFORMS: readonly string[] = Object.values(TRANSFORMS)
  .filter((t) => t.fitted)
  .map((t) => t.name);

/** The window aggregates. */
export const WINDOW_TRANSFORMS: readonly string[] = Object.values(TRANSFORMS)
  .filter((t) => t.window)
  .map((t) => t.name);
