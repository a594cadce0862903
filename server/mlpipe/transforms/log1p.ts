import type { TransformSpec } from './spec.js';

export const log1p: TransformSpec = {
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
};
