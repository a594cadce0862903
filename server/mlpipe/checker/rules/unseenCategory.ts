import { splitRows, TEST, TRAIN } from '../../data/split.js';
import { tryParseTime } from '../../data/values.js';
import type { Expr } from '../../syntax/ast.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';
import { splitConfig } from '../../language/splitConfig.js';

/** The primary-table column `one_hot` encodes, looking through `fill_missing`. */
function encodedColumn(e: Expr, primary: string, isFeature: (n: string) => boolean): string | undefined {
  if (e.kind === 'Paren') return encodedColumn(e.expr, primary, isFeature);
  if (e.kind === 'Call' && e.callee.name === 'fill_missing' && e.args[0]) return encodedColumn(e.args[0].value, primary, isFeature);
  if (e.kind !== 'Reference') return undefined;
  if (e.parts.length === 1 && !isFeature(e.parts[0].name)) return e.parts[0].name;
  if (e.parts.length === 2 && e.parts[0].name === primary) return e.parts[1].name;
  return undefined;
}

/**
 * Test rows whose category the training split never saw become all-zero vectors: the
 * model has learned nothing about them. Computed with the engine's own split.
 */
export const unseenCategory: Rule = {
  name: 'skew/unseen-category',
  phase: 2,
  callees: ['one_hot'],
  call(call, _feature, ctx) {
    if (call.callee.name !== 'one_hot' || !call.args[0] || call.args.some((a) => a.name?.name === 'vocabulary')) return;
    const p = ctx.binding.primary;
    if (!p) return;
    const column = encodedColumn(call.args[0].value, p.name, (n) => ctx.binding.features.has(n));
    const data = ctx.readData(p);
    const values = column && data?.values?.(column);
    if (!data || !values || values.length === 0) return;
    const unseen = unseenValues(ctx, column, values);
    if (!unseen) return;
    if (unseen.size === 0) return;
    const examples = [...unseen].slice(0, 3).map((v) => JSON.stringify(v)).join(', ');
    ctx.report(
      'skew/unseen-category',
      call,
      `${unseen.size} value${unseen.size > 1 ? 's' : ''} of \`${column}\` in the test split never occur${unseen.size > 1 ? '' : 's'} in training (${examples}${unseen.size > 3 ? ', …' : ''}): they encode as all zeros${data.sampled ? ' (in the rows sampled)' : ''}`,
    );
  },
};

/** Per analysis: the engine's split of the primary table (computed once), and each column's answer. */
const memo = new WeakMap<CheckContext, { assignment: Uint8Array | null; byColumn: Map<string, Set<string> | null> }>();

function splitOf(ctx: CheckContext, rowCount: number): Uint8Array | null {
  const p = ctx.binding.primary!;
  const data = ctx.readData(p)!;
  const cfg = splitConfig(ctx.binding);
  if (cfg.order === 'random' && cfg.seed === undefined) return null; // unseeded: no split to compare
  const by = cfg.by ? data.values!(cfg.by) : undefined;
  let times: Float64Array | undefined;
  if (cfg.order === 'time') {
    const raw = p.time ? data.values!(p.time) : undefined;
    if (!raw) return null;
    times = Float64Array.from(raw, (v) => (v === null ? NaN : (tryParseTime(v) ?? NaN)));
  }
  return splitRows({ rowCount, test: cfg.test, validation: cfg.validation, seed: cfg.seed, by: by ?? undefined, order: cfg.order, times }).assignment;
}

/** Values of a column that occur in the test split but never in training; null when there is no seeded split. */
function unseenValues(ctx: CheckContext, column: string, values: ReadonlyArray<string | null>): Set<string> | null {
  let m = memo.get(ctx);
  if (!m) memo.set(ctx, (m = { assignment: splitOf(ctx, values.length), byColumn: new Map() }));
  if (m.byColumn.has(column)) return m.byColumn.get(column)!;
  const assignment = m.assignment;
  let unseen: Set<string> | null = null;
  if (assignment) {
    const train = new Set<string>();
    values.forEach((v, i) => {
      if (v !== null && assignment[i] === TRAIN) train.add(v);
    });
    unseen = new Set<string>();
    values.forEach((v, i) => {
      if (v !== null && assignment[i] === TEST && !train.has(v)) unseen!.add(v);
    });
  }
  m.byColumn.set(column, unseen);
  return unseen;
}
