import { numberOrString } from './literals.js';
import { rowTransform } from './spec.js';

export const fill_missing = rowTransform({
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
  // Never missing; a present x passes unchanged.
  producesUnusable: false,
  coversMissing: { value: 'value' },
  kernels: {
    compile(args, fail): { value: number | string } {
      const value = numberOrString(args.get('value'));
      if (value === undefined) return fail('the value of fill_missing must be a number or a string');
      return { value };
    },
    key: (x, p) => `fill_missing(${x}, ${JSON.stringify(p.value)})`,
    output(input, inputName, p) {
      if ((input === 'number') === (typeof p.value === 'number')) return input;
      return { mismatch: `fill_missing of ${inputName} needs ${input === 'number' ? 'a number' : 'a string'} as its value, not ${JSON.stringify(p.value)}` };
    },
    prepare: (p) => p.value,
    apply(row, x, out, value) {
      if (row.isNumber(x)) {
        // Two stores, not one of `v === v ? v : value`: that merges a float with the untyped
        // parameter, boxing every present value as a heap number.
        const v = row.num[x];
        if (v === v) row.num[out] = v;
        else row.num[out] = value as number;
      } else {
        const s = row.str[x];
        row.str[out] = s === null ? (value as string) : s;
      }
    },
    fills: (p) => p.value,
  },
});
