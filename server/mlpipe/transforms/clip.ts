import { literalNumber } from '../syntax/literals.js';
import { numbersOnly, optNumber } from './literals.js';
import { CONSTANT, rowTransform } from './spec.js';

export const clip = rowTransform({
  name: 'clip',
  signature: 'clip(x, lo, hi)',
  snippet: 'clip(${1:x}, ${2:lo}, ${3:hi})',
  doc: 'Limits values to [lo, hi], elementwise.',
  fitted: false,
  input: 'numeric',
  numeric: true,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'the value' },
    { name: 'lo', kind: 'number', position: 1, required: true, doc: 'lower bound' },
    { name: 'hi', kind: 'number', position: 2, required: true, doc: 'upper bound, above lo' },
  ],
  validate(args) {
    const lo = literalNumber(args.get('lo'));
    const hi = literalNumber(args.get('hi'));
    if (lo === undefined || hi === undefined) return undefined;
    if (!(hi >= lo)) return { arg: 'hi', message: `'hi' of 'clip' (${hi}) must not be below 'lo' (${lo})` };
    // Equal bounds make every present value that one number: a constant input the model learns nothing from.
    if (hi === lo) return { arg: 'hi', message: `'hi' of 'clip' equals 'lo' (${lo}): every value would become ${lo}, a constant input; give a 'hi' above 'lo'` };
    return undefined;
  },
  degenerateOver(args, { min, max }) {
    const lo = literalNumber(args.get('lo'));
    const hi = literalNumber(args.get('hi'));
    if (lo === undefined || hi === undefined) return undefined;
    const to = max <= lo ? `at or below 'lo' (${lo})` : min >= hi ? `at or above 'hi' (${hi})` : undefined;
    return to && `${to}, so 'clip' makes the feature ${max <= lo ? lo : hi} on every row: ${CONSTANT}`;
  },
  result: () => 'number',
  fits: () => [],
  // Within [lo, hi] for a present x: missing only where x is.
  producesUnusable: false,
  kernels: {
    compile: (args, fail): { lo: number; hi: number } => ({ lo: optNumber(args.get('lo'), 'lo', fail)!, hi: optNumber(args.get('hi'), 'hi', fail)! }),
    key: (x, p) => `clip(${x}, ${p.lo}, ${p.hi})`,
    output: numbersOnly('clip'),
    prepare: (p) => p,
    apply(row, x, out, p) {
      row.num[out] = clipValue(row.num[x], p.lo, p.hi);
    },
  },
});

export function clipValue(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
