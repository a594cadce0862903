import { literalNumber } from '../syntax/literals.js';
import { minMax, minMaxScaling } from '../features/statistics.js';
import { finite, keyPart, optNumber, numbersOnly } from './literals.js';
import { rowTransform } from './spec.js';
import { minMaxState } from './stateSchemas.js';

export const min_max = rowTransform({
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
    { name: 'max', kind: 'number', literalStatistic: true, doc: 'a literal maximum, above min (reported)' },
    { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
  ],
  validate(args) {
    const min = literalNumber(args.get('min'));
    const max = literalNumber(args.get('max'));
    if (min === undefined || max === undefined) return undefined;
    if (!(max >= min)) return { arg: 'max', message: `'max' of 'min_max' (${max}) must not be below 'min' (${min})` };
    // Equal bounds leave no span to divide by: the kernel divides by 1, so values are shifted by 'min', not scaled to [0, 1].
    if (max === min) return { arg: 'max', message: `'max' of 'min_max' equals 'min' (${min}): there is no range to scale by, so values would only be shifted by ${min}, not scaled to [0, 1]; give a 'max' above 'min', or drop both to fit them` };
    return undefined;
  },
  // Fitting raises 'max' to 'min' when the data lies wholly on the wrong side of a literal bound
  // (`learn` below): the span is then 0, so values are shifted, as equal literal bounds would do.
  degenerateOver(args, { min, max }) {
    const lo = literalNumber(args.get('min'));
    const hi = literalNumber(args.get('max'));
    if (lo !== undefined && hi === undefined && max <= lo)
      return `at or below 'min' (${lo}), so fitting raises 'max' to ${lo}: there is no range to scale by, so values are only shifted by ${lo}, not scaled to [0, 1]`;
    if (hi !== undefined && lo === undefined && min >= hi)
      return `at or above 'max' (${hi}), so fitting raises 'max' to the fitted 'min': there is no range to scale by, so values are only shifted by their minimum, not scaled to [0, 1]`;
    return undefined;
  },
  result: () => 'number',
  fits: (args) => ['min', 'max'].filter((s) => !args.has(s)),
  // (x - min) / span: a span tiny beside x gives a number beyond float32 (or an overflow, missing).
  producesUnusable: true,
  state: minMaxState,
  kernels: {
    compile: (args, fail): { min?: number; max?: number } => ({ min: optNumber(args.get('min'), 'min', fail), max: optNumber(args.get('max'), 'max', fail) }),
    key: (x, p, fit) => `min_max(${x}${keyPart('min', p.min)}${keyPart('max', p.max)}, fit=${fit})`,
    output: numbersOnly('min_max'),
    fit: {
      needed: (p) => p.min === undefined || p.max === undefined,
      sample: 'numbers',
      learn(sample, p) {
        const s = minMax(sample.values);
        const min = p.min ?? s.min;
        return { kind: 'min_max' as const, min, max: Math.max(p.max ?? s.max, min), count: sample.count };
      },
      literal: (p) => (p.min !== undefined && p.max !== undefined ? { kind: 'min_max' as const, min: p.min, max: p.max, count: 0 } : undefined),
    },
    prepare: (_p, s) => minMaxScaling(s!.min, s!.max),
    apply(row, x, out, s) {
      row.num[out] = minMaxValue(row.num[x], s.offset, s.span, s.scale);
    },
  },
});

/** `offset`, `span` and `scale` as `minMaxScaling` gives them (`min`, `max - min` or 1, and 1 for most ranges). */
export function minMaxValue(x: number, offset: number, span: number, scale = 1): number {
  return finite((x * scale - offset) / span);
}
