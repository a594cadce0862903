import { numbersOnly } from '../../../server/mlpipe/transforms/literals.js';
import { rowTransform } from '../../../server/mlpipe/transforms/index.js';

/**
 * 'below_zero_gap(x)': x, or missing where x is below zero (declared 'producesUnusable', so the
 * missing-every-row pass computes it), counting the rows it computes: a test sees whether the
 * pass computed a verdict or found one. Register `spec` with 'registerTransform'.
 */
export function belowZeroGap() {
  const probe = {
    applied: 0,
    spec: rowTransform({
      name: 'below_zero_gap',
      signature: 'below_zero_gap(x)',
      snippet: 'below_zero_gap(${1:x})',
      doc: 'Missing below zero (a transform added by a test).',
      fitted: false,
      input: 'numeric',
      numeric: true,
      args: [{ name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' }],
      result: () => 'number',
      fits: () => [],
      producesUnusable: true,
      kernels: {
        compile: (): Record<string, never> => ({}),
        key: (x) => `below_zero_gap(${x})`,
        output: numbersOnly('below_zero_gap'),
        prepare: () => undefined,
        apply(row, x, out) {
          probe.applied++;
          row.num[out] = row.num[x] < 0 ? NaN : row.num[x];
        },
      },
    }),
  };
  return probe;
}
