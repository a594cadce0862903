import { hashBucket } from '../features/hash.js';
import { optNumber } from './literals.js';
import { rowTransform } from './spec.js';

export const hash_bucket = rowTransform({
  name: 'hash_bucket',
  signature: 'hash_bucket(x, n)',
  snippet: 'hash_bucket(${1:x}, ${2:32})',
  doc: 'A stable hash of the value into n buckets (the same in every process and version).',
  fitted: false,
  input: 'any',
  numeric: false,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value, usually a string' },
    // The hash is 32 bits: more buckets than hash values would leave most of them empty.
    { name: 'n', kind: 'integer', position: 1, required: true, range: { min: 2, max: 0xffffffff }, doc: 'number of buckets, 2 to 4294967295 (one bucket would make every value 0, a constant input)' },
  ],
  result: () => 'integer',
  fits: () => [],
  // A bucket index: missing only where x is.
  producesUnusable: false,
  kernels: {
    compile: (args, fail): { n: number } => ({ n: optNumber(args.get('n'), 'n', fail)! }),
    key: (x, p) => `hash_bucket(${x}, ${p.n})`,
    output: () => 'number',
    prepare: (p) => p.n,
    apply(row, x, out, n) {
      row.num[out] = hashBucketValue(row.text(x), n);
    },
  },
});

export function hashBucketValue(text: string | null, n: number): number {
  return text === null ? NaN : hashBucket(text, n);
}
