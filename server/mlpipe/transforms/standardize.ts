import type { TransformSpec } from './spec.js';
import { standardizeState } from './stateSchemas.js';

export const standardize: TransformSpec = {
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
  state: standardizeState,
};
