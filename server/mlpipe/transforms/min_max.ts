import { literalNumber } from '../syntax/literals.js';
import type { TransformSpec } from './spec.js';
import { minMaxState } from './stateSchemas.js';

export const min_max: TransformSpec = {
  name: 'min_max',
  signature: 'min_max(x, min =, max =, fit = train)',
  snippet: 'min_max(${1:x})',
  doc: 'Scales to [0, 1] with min and max fitted on the training split.',
  fitted: true,
  input: 'numeric',
  numeric: true,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value to scale' },
    { name: 'min', kind: 'number', literalStatistic: true, doc: 'a literal minimum (reported)' },
    { name: 'max', kind: 'number', literalStatistic: true, doc: 'a literal maximum, not below min (reported)' },
    { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
  ],
  validate(args) {
    const min = literalNumber(args.get('min'));
    const max = literalNumber(args.get('max'));
    if (min !== undefined && max !== undefined && !(max >= min)) return { arg: 'max', message: `'max' of 'min_max' (${max}) must not be below 'min' (${min})` };
    return undefined;
  },
  result: () => 'number',
  fits: (args) => ['min', 'max'].filter((s) => !args.has(s)),
  state: minMaxState,
};
