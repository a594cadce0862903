import { numbersOnly } from '../../../server/mlpipe/transforms/literals.js';
import { rowTransform } from '../../../server/mlpipe/transforms/index.js';

/**
 * A one-argument numeric transform added by a test, counting the rows it computes: a test sees
 * whether the checker's missing-every-row pass computed a verdict or found one. `value` maps a
 * row's x to the result; `producesUnusable` is the catalogue flag the pass reads. Register
 * `spec` with 'registerTransform'.
 */
export function countingTransform(name: string, producesUnusable: boolean, value: (x: number) => number, doc: string) {
  const probe = {
    applied: 0,
    spec: rowTransform({
      name,
      signature: `${name}(x)`,
      snippet: `${name}(\${1:x})`,
      doc,
      fitted: false,
      input: 'numeric',
      numeric: true,
      args: [{ name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' }],
      result: () => 'number',
      fits: () => [],
      producesUnusable,
      kernels: {
        compile: (): Record<string, never> => ({}),
        key: (x) => `${name}(${x})`,
        output: numbersOnly(name),
        prepare: () => undefined,
        apply(row, x, out) {
          probe.applied++;
          row.num[out] = value(row.num[x]);
        },
      },
    }),
  };
  return probe;
}

/** 'below_zero_gap(x)': x, or missing where x is below zero (declared 'producesUnusable'). */
export function belowZeroGap() {
  return countingTransform('below_zero_gap', true, (x) => (x < 0 ? NaN : x), 'Missing below zero (a transform added by a test).');
}
