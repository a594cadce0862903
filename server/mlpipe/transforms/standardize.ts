import { meanStd } from '../features/statistics.js';
import { finite, keyPart, optNumber, numbersOnly } from './literals.js';
import { rowTransform } from './spec.js';
import { standardizeState } from './stateSchemas.js';

export const standardize = rowTransform({
  name: 'standardize',
  signature: 'standardize(x, mean =, std =, fit = train)',
  snippet: 'standardize(${1:x})',
  doc: '`(x - mean) / std`, with mean and std fitted on the training split and saved with the model.',
  fitted: true,
  input: 'numeric',
  numeric: true,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value to scale' },
    { name: 'mean', kind: 'number', literalStatistic: true, doc: 'a literal mean (reported: it drifts from the data)' },
    { name: 'std', kind: 'number', range: { min: 0, minExclusive: true }, literalStatistic: true, doc: 'a literal standard deviation, above 0 (reported)' },
    { name: 'fit', kind: 'fit', doc: '`train` (default) or `all` (leaks the test split)' },
  ],
  result: () => 'number',
  fits: (args) => ['mean', 'std'].filter((s) => !args.has(s)),
  // (x - mean) / std: a std tiny beside x gives a number beyond float32 (or an overflow, missing).
  producesUnusable: true,
  state: standardizeState,
  kernels: {
    compile: (args, fail): { mean?: number; std?: number } => ({ mean: optNumber(args.get('mean'), 'mean', fail), std: optNumber(args.get('std'), 'std', fail) }),
    key: (x, p, fit) => `standardize(${x}${keyPart('mean', p.mean)}${keyPart('std', p.std)}, fit=${fit})`,
    output: numbersOnly('standardize'),
    fit: {
      needed: (p) => p.mean === undefined || p.std === undefined,
      sample: 'numbers',
      learn(sample, p) {
        const s = meanStd(sample.values);
        return { kind: 'standardize' as const, mean: p.mean ?? s.mean, std: p.std ?? s.std, count: sample.count };
      },
      literal: (p) => (p.mean !== undefined && p.std !== undefined ? { kind: 'standardize' as const, mean: p.mean, std: p.std, count: 0 } : undefined),
    },
    prepare: (_p, s) => ({ mean: s!.mean, std: s!.std }),
    apply(row, x, out, s) {
      row.num[out] = standardizeValue(row.num[x], s.mean, s.std);
    },
  },
});

export function standardizeValue(x: number, mean: number, std: number): number {
  return finite((x - mean) / std);
}
