import type { TransformSpec } from './spec.js';

export const hash_bucket: TransformSpec = {
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
    { name: 'n', kind: 'integer', position: 1, required: true, range: { min: 1, max: 0xffffffff }, doc: 'number of buckets, 1 to 4294967295' },
  ],
  result: () => 'integer',
  fits: () => [],
};
