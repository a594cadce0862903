import type { TransformSpec } from './spec.js';

export const fill_missing: TransformSpec = {
  name: 'fill_missing',
  signature: 'fill_missing(x, value)',
  snippet: 'fill_missing(${1:x}, ${2:0})',
  doc: 'Replaces missing values with `value`. The same default is used at serving time for a request without the field.',
  fitted: false,
  input: 'any',
  numeric: false,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value to fill' },
    { name: 'value', kind: 'literal', position: 1, required: true, doc: 'the replacement: a number for a numeric value, a string for text' },
  ],
  // The value's type decides only when x's is unknown (a column of unread data).
  result: (x, args) => (x !== 'unknown' ? x : args.get('value')?.kind === 'String' ? 'string' : 'unknown'),
  fits: () => [],
};
