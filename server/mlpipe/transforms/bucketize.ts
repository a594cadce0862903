import { quantileEdges } from '../features/statistics.js';
import { numberList, numbersOnly, optNumber } from './literals.js';
import { CONSTANT, rowTransform } from './spec.js';
import { bucketizeState } from './stateSchemas.js';

/** Most quantile buckets: fitting computes one quantile per bucket. */
export const MAX_BUCKETS = 10_000;
/**
 * Fewest quantile buckets: one bucket has no edge, so every row is bucket 0 and the model gets a
 * constant input it learns nothing from (scikit-learn's KBinsDiscretizer refuses `n_bins = 1` too).
 */
export const MIN_BUCKETS = 2;

export const bucketize = rowTransform({
  name: 'bucketize',
  signature: 'bucketize(x, [edges]) | bucketize(x, n = 10, fit = train)',
  snippet: 'bucketize(${1:x}, ${2:[0, 10, 100]})',
  doc: 'Bucket index of x: fixed `edges`, or `n` quantile buckets fitted on the training split.',
  fitted: true,
  input: 'numeric',
  numeric: true,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' },
    { name: 'edges', kind: 'numberList', position: 1, doc: 'ascending bucket edges' },
    { name: 'n', kind: 'integer', range: { min: MIN_BUCKETS, max: MAX_BUCKETS }, doc: `number of quantile buckets, fitted (${MIN_BUCKETS} to ${MAX_BUCKETS})` },
    { name: 'fit', kind: 'fit', with: 'n', doc: '`train` (default) or `all`, with `n` only: fixed edges fit nothing' },
  ],
  oneOf: [['edges'], ['n']],
  degenerateOver(args, { min, max }) {
    const list = numberList(args.get('edges'));
    if (!list || list.length === 0) return undefined;
    const edges = Float64Array.from(list);
    const b = bucketIndex(edges, min);
    if (b !== bucketIndex(edges, max)) return undefined;
    const where = b === 0 ? `below the first edge (${list[0]})` : b === list.length ? `at or above the last edge (${list[b - 1]})` : `from ${list[b - 1]} up to ${list[b]}`;
    return `${where}, all in one bucket, so the feature is ${b} on every row: ${CONSTANT}`;
  },
  result: () => 'integer',
  fits: (args) => (args.has('n') ? ['edges'] : []),
  // A bucket index: missing only where x is.
  producesUnusable: false,
  state: bucketizeState,
  kernels: {
    compile(args, fail): { edges?: number[]; n?: number } {
      const edges = args.get('edges');
      if (edges) return { edges: numberList(edges)! };
      return { n: optNumber(args.get('n'), 'n', fail)! };
    },
    key: (x, p, fit) => (p.edges ? `bucketize(${x}, [${p.edges.join(', ')}])` : `bucketize(${x}, n=${p.n}, fit=${fit})`),
    output: numbersOnly('bucketize'),
    fit: {
      needed: (p) => p.n !== undefined,
      sample: 'numbers',
      learn: (sample, p) => ({ kind: 'bucketize' as const, edges: quantileEdges(sample.values, p.n!), count: sample.count }),
    },
    prepare: (p, s) => Float64Array.from(p.edges ?? s!.edges),
    apply(row, x, out, edges) {
      row.num[out] = bucketIndex(edges, row.num[x]);
    },
  },
});

/** Number of edges <= x (numpy.digitize with right=False); missing stays missing. */
export function bucketIndex(edges: Float64Array, x: number): number {
  if (x !== x) return NaN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
