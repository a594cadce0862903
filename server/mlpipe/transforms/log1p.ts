import { finite, numbersOnly } from './literals.js';
import { rowTransform } from './spec.js';

export const log1p = rowTransform({
  name: 'log1p',
  signature: 'log1p(x)',
  snippet: 'log1p(${1:x})',
  doc: '`ln(1 + x)`, elementwise.',
  fitted: false,
  input: 'numeric',
  numeric: true,
  args: [{ name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' }],
  result: () => 'number',
  fits: () => [],
  // Missing below -1 (and -1 itself gives -Infinity, missing).
  producesUnusable: true,
  kernels: {
    compile: (): Record<string, never> => ({}),
    key: (x) => `log1p(${x})`,
    output: numbersOnly('log1p'),
    prepare: () => undefined,
    apply(row, x, out) {
      row.num[out] = log1pValue(row.num[x]);
    },
  },
});

export function log1pValue(x: number): number {
  return finite(Math.log1p(x));
}
