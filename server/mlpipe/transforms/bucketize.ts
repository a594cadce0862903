import type { TransformSpec } from './spec.js';
import { bucketizeState } from './stateSchemas.js';

/** Most quantile buckets: fitting computes one quantile per bucket. */
export const MAX_BUCKETS = 10_000;

export const bucketize: TransformSpec = {
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
    { name: 'n', kind: 'integer', range: { min: 1, max: MAX_BUCKETS }, doc: 'number of quantile buckets, fitted' },
    { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
  ],
  oneOf: [['edges'], ['n']],
  result: () => 'integer',
  fits: (args) => (args.has('n') ? ['edges'] : []),
  state: bucketizeState,
};
