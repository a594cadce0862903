import { bindArgs, type BoundArgs } from '../../language/callArgs.js';
import { TRANSFORMS } from '../../transforms/index.js';
import type { ArgSpec } from '../../transforms/spec.js';
import type { CallArg } from '../../syntax/ast.js';
import type { CheckContext } from '../context.js';
import { primaryColumnRead } from '../primaryColumn.js';
import type { Rule } from '../rule.js';

/**
 * Literal statistics freeze a baseline that drifts away from the data the model learns on. And
 * literal numbers that the data lies wholly outside (`clip(x, 5, 10)`, `bucketize(x, [10, 20])`
 * or `min_max(x, min = 5)` of a column whose every value is below 5) leave a feature that is one
 * constant in training, or a fit with no range to scale by: the transform's `degenerateOver`
 * says which, from the column's range over every row of the data (so every training row too).
 */
export const hardCodedBaseline: Rule = {
  name: 'skew/hard-coded-baseline',
  phase: 2,
  // Read at each check, so a transform registered later is dispatched too.
  get callees() {
    return Object.values(TRANSFORMS)
      .filter((t) => t.fitted || t.degenerateOver)
      .map((t) => t.name);
  },
  call(call, _feature, ctx) {
    const bound = bindArgs(call);
    if (!bound) return;
    const degenerate = bound.problems.length === 0 ? degenerateClause(bound, ctx) : undefined;
    const literal = bound.spec.fitted ? literalArgs(bound, isLiteralStatistic) : NONE;
    if (literal.length > 0) {
      const names = literal.map((l) => "'" + l.name + "'").join(', ');
      const one = literal.length === 1;
      ctx.report(
        'skew/hard-coded-baseline',
        spanOf(literal),
        `'${bound.spec.name}' is given literal ${names}: ${degenerate ? `${degenerate}; ` : `${one ? 'it' : 'they'} will drift from the data the model learns; `}drop ${one ? 'it' : 'them'} to fit on the training split`,
        { fix: 'drop-literal-statistics' },
      );
      return;
    }
    // Fixed bounds that fit nothing (`clip`'s, `bucketize`'s edges): only the data makes them degenerate.
    const bounds = degenerate ? literalArgs(bound, isFixedBound) : NONE;
    if (bounds.length > 0) ctx.report('skew/hard-coded-baseline', spanOf(bounds), `${degenerate}; set ${bounds.map((l) => "'" + l.name + "'").join(', ')} of '${bound.spec.name}' within the data's range (check their units)`);
  },
};

// Module-level predicates, not closures per call: the rule runs on every call of the transforms it dispatches on.
const isLiteralStatistic = (s: ArgSpec): boolean => s.literalStatistic === true;
const isFixedBound = (s: ArgSpec): boolean => s.kind !== 'expr' && s.kind !== 'fit';

/** The call's arguments whose catalogue entry passes `pick`, in the order written. */
function literalArgs(bound: BoundArgs, pick: (s: ArgSpec) => boolean): ReadonlyArray<{ arg: CallArg; name: string }> {
  // Made on the first one picked: most calls have none.
  let found: Array<{ arg: CallArg; name: string }> | undefined;
  // By index: the argument's slot read directly, no search of the signature by its name.
  const args = bound.spec.args;
  for (let k = 0; k < args.length; k++) {
    const arg = pick(args[k]) ? bound.byName.at(k) : undefined;
    if (arg) (found ??= []).push({ arg, name: args[k].name });
  }
  if (!found) return NONE;
  // Into the order written, in place: a few arguments at most, and `sort` copies the list to sort it.
  for (let i = 1; i < found.length; i++) {
    const item = found[i];
    let j = i - 1;
    for (; j >= 0 && found[j].arg.start > item.arg.start; j--) found[j + 1] = found[j];
    found[j + 1] = item;
  }
  return found;
}

const NONE: ReadonlyArray<never> = [];

function spanOf(args: ReadonlyArray<{ arg: CallArg }>): { start: number; end: number } {
  return { start: args[0].arg.start, end: args[args.length - 1].arg.end };
}

/**
 * "every value of 'x' in the data (A to B) …" when the call's literal arguments are degenerate over
 * the range of the primary-table column it reads directly (`degenerateOver`); undefined otherwise,
 * and when the column is not read whole (a sampled file), holds no two distinct numbers (a
 * constant column is constant under any transform), or is not numbers.
 */
function degenerateClause(bound: BoundArgs, ctx: CheckContext): string | undefined {
  const x = bound.values.get('x');
  if (!bound.spec.degenerateOver || !x) return undefined;
  const p = ctx.binding.primary;
  const column = p ? primaryColumnRead(x, p.name, ctx.binding.features) : undefined;
  if (column === undefined || !p) return undefined;
  const col = ctx.column(p, column);
  if (!col || (col.type !== 'integer' && col.type !== 'number') || ctx.numericOnlyInSample(p, column)) return undefined;
  const range = numericRange(ctx.cells(p, column));
  if (!range || !(range.min < range.max)) return undefined;
  const clause = bound.spec.degenerateOver(bound.values, range);
  return clause && `every value of '${column}' in the data (${range.min} to ${range.max}) is ${clause}`;
}

const ranges = new WeakMap<ReadonlyArray<string | null>, { min: number; max: number } | null>();

/** The least and greatest number among a column's present cells, once per column's cells; null when none. */
function numericRange(cells: ReadonlyArray<string | null> | undefined): { min: number; max: number } | null {
  if (!cells) return null;
  let r = ranges.get(cells);
  if (r === undefined) {
    let min = Infinity;
    let max = -Infinity;
    for (const c of cells) {
      if (c === null) continue;
      const v = Number(c);
      if (v !== v) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    r = min <= max ? { min, max } : null;
    ranges.set(cells, r);
  }
  return r;
}
