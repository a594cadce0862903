import { splitRows, TEST, TRAIN } from '../data/split.js';
import { trainingClasses } from '../data/trainingClasses.js';
import { tryParseTime } from '../data/values.js';
import { splitConfig, timeIsTargetProblem } from '../language/splitConfig.js';
import type { CheckContext } from './context.js';
import type { SplitVerdict, SplitVerdicts } from './verdicts.js';

const memo = new WeakMap<CheckContext, Uint8Array | null>();
const keys = new WeakMap<CheckContext, string | undefined>();

/**
 * The engine's split of the primary table, as the runner computes it: the same config, the
 * same canonical keys (`data/keys.ts`, through `DataInfo.values`) and the same seeded split.
 * Null when there is nothing to compare with: no data, an unseeded random split, or a split
 * the checker reports as invalid. Computed once per check.
 */
export function engineSplit(ctx: CheckContext): Uint8Array | null {
  if (memo.has(ctx)) return memo.get(ctx)!;
  const result = compute(ctx);
  memo.set(ctx, result);
  return result;
}

/**
 * Everything the engine's split (and so a verdict over it) depends on, as text: the primary
 * table's content hash and the rows read of it, the split's config, and the time column of a
 * time-ordered split. Stored verdicts over the split are found only under it, so a fresh
 * process need not read the primary table's cells to answer them. Undefined when the table was
 * not read or its content hash is unknown.
 */
export function splitKey(ctx: CheckContext): string | undefined {
  if (keys.has(ctx)) return keys.get(ctx);
  const p = ctx.binding.primary;
  const data = p ? ctx.readData(p) : undefined;
  const cfg = splitConfig(ctx.binding);
  const key =
    p && data?.hash !== undefined
      ? JSON.stringify([data.hash, data.sampled === true, data.rowsRead ?? null, data.wholeFile?.rows ?? null, cfg, cfg.order === 'time' ? (p.time ?? null) : null])
      : undefined;
  keys.set(ctx, key);
  return key;
}

/**
 * A verdict over the split from the host's store (`SplitVerdictStore`) when it was kept under
 * `key` for question `id`, else computed, and kept when the host has a store and a key.
 */
export function keptSplitVerdict<K extends keyof SplitVerdicts>(ctx: CheckContext, kind: K, id: string, key: string | undefined, compute: () => SplitVerdicts[K]): SplitVerdicts[K] {
  // Between the checks of one document (the language server's memo), then between processes.
  const carried = key === undefined ? undefined : ctx.host.memo?.splitVerdicts;
  const memoKey = `${id}\u0000${key}`;
  const held = carried?.get(memoKey);
  if (held && kind in held) return (held as Pick<SplitVerdicts, K>)[kind];
  const store = key === undefined ? undefined : ctx.host.splitVerdicts;
  const kept = store?.get(id, key!);
  let verdict: SplitVerdicts[K];
  if (kept && kind in kept) verdict = (kept as Pick<SplitVerdicts, K>)[kind];
  else {
    verdict = compute();
    store?.set(id, key!, { [kind]: verdict } as Pick<SplitVerdicts, K> as SplitVerdict);
  }
  carried?.set(memoKey, { [kind]: verdict } as Pick<SplitVerdicts, K> as SplitVerdict);
  return verdict;
}

/**
 * Whether the engine's split is seeded (`engineSplit` gives it rather than null) whenever the
 * split can be computed at all, decided without computing it: a time order, or a seed given.
 */
export function isSeeded(ctx: CheckContext): boolean {
  const cfg = splitConfig(ctx.binding);
  return cfg.order === 'time' || cfg.seed !== undefined;
}

/**
 * The split the engine would make with `seed` standing in for a missing one (an unseeded
 * random split draws its seed at run time). Null as for `engineSplit`, but for the seed.
 */
export function splitWithSeed(ctx: CheckContext, seed: number): Uint8Array | null {
  return compute(ctx, seed);
}

/**
 * Whether the split with `by = column` added (skew/group-leakage's quick fix) leaves training
 * and test rows with a target, and a classifier's training rows two classes: with its seed, or
 * with every trial seed when it has none (the empty-split rule reports a refusal any of them
 * gives). False when it cannot be computed.
 */
export function splitByWorks(ctx: CheckContext, column: string): boolean {
  const seeds = isSeeded(ctx) ? [undefined] : TRIAL_SEEDS;
  const classOf = trainingClassOf(ctx);
  return seeds.every((seed) => {
    const a = compute(ctx, seed, column);
    const sides = a ? sidesWithTarget(ctx, a) : null;
    return a !== null && sides !== null && sides.train > 0 && sides.test > 0 && (!classOf || trainingClasses(a, classOf).classes.length > 1);
  });
}

function compute(ctx: CheckContext, drawn?: number, byColumn?: string): Uint8Array | null {
  const p = ctx.binding.primary;
  const data = p ? ctx.readData(p) : undefined;
  if (!p || !data?.values || data.rowsRead === undefined) return null;
  // A sampled file is split over all its rows (the sample is their prefix, so row i is row i).
  const values = data.wholeFile?.values ?? data.values;
  const rowCount = data.wholeFile?.rows ?? data.rowsRead;
  const cfg = splitConfig(ctx.binding);
  if (!cfg.valid) return null;
  // Ordered by the target: the runner refuses the split ('invalid-value' at 'time'), so no side of it is judged.
  if (timeIsTargetProblem(p, cfg.order)) return null;
  // A trial seed stands in for a drawn one, and for 'deterministic = true''s fixed one (the quick fix's seed).
  const seed = cfg.fixedSeed ? (drawn ?? cfg.seed) : (cfg.seed ?? drawn);
  if (cfg.order === 'random' && seed === undefined) return null;
  let by: ReadonlyArray<string | null> | undefined;
  const byName = byColumn ?? cfg.by;
  if (byName) {
    by = values(byName);
    if (!by) return null;
  }
  let times: Float64Array | undefined;
  if (cfg.order === 'time') {
    const raw = p.time ? values(p.time) : undefined;
    if (!raw) return null;
    times = Float64Array.from(raw, (v) => (v === null ? NaN : (tryParseTime(v) ?? NaN)));
  }
  return splitRows({ rowCount, test: cfg.test, validation: cfg.validation, seed, by, order: cfg.order, times }).assignment;
}

/**
 * A column of the primary table over the rows the split deals: every row of the file (a sampled
 * file's columns the check reads whole), row i being the split's row i; undefined without it.
 */
export function splitColumn(ctx: CheckContext, column: string | undefined): ReadonlyArray<string | null> | undefined {
  const p = ctx.binding.primary;
  const data = p && column !== undefined ? ctx.readData(p) : undefined;
  return column === undefined ? undefined : (data?.wholeFile?.values ?? data?.values)?.(column);
}

/**
 * False when a time-ordered split's time column holds a cell the engine's time parser refuses:
 * the runner refuses the split ('invalid-value' at 'order'), so no side of it is judged.
 */
export function timesReadable(ctx: CheckContext): boolean {
  if (splitConfig(ctx.binding).order !== 'time') return true;
  const times = splitColumn(ctx, ctx.binding.primary?.time);
  return times !== undefined && !times.some((t) => t !== null && tryParseTime(t) === undefined);
}

/** Rows with a target on the training and test sides of a split, and on every side (`all`); null without target values. */
export function sidesWithTarget(ctx: CheckContext, a: Uint8Array): { train: number; test: number; all: number } | null {
  const targets = splitColumn(ctx, ctx.binding.primary?.target);
  if (!targets) return null;
  let train = 0;
  let test = 0;
  let all = 0;
  for (let i = 0; i < a.length; i++) {
    if (targets[i] === null) continue;
    all++;
    if (a[i] === TRAIN) train++;
    else if (a[i] === TEST) test++;
  }
  return { train, test, all };
}

/** Seeds tried for a split that states none: 42 first (the seed the quick fix adds), then 0 to 7. */
export const TRIAL_SEEDS: readonly number[] = [42, 0, 1, 2, 3, 4, 5, 6, 7];

/**
 * The first trial seed whose split leaves training and test rows with a target (what the
 * 'add seed' quick fix writes), or undefined when none does or nothing can be computed. Kept
 * per check, and between processes under the split's key and the target.
 */
export function workingSeed(ctx: CheckContext): number | undefined {
  if (seeds.has(ctx)) return seeds.get(ctx);
  const split = splitKey(ctx);
  const classes = classifiesTarget(ctx) ? 'classes' : '';
  const key = split === undefined ? undefined : `${split}\u0000${ctx.binding.primary?.target ?? ''}\u0000${classes}`;
  const seed = keptSplitVerdict(ctx, 'workingSeed', 'working-seed', key, () => firstWorkingSeed(ctx, trainingClassOf(ctx)) ?? null) ?? undefined;
  seeds.set(ctx, seed);
  return seed;
}

const seeds = new WeakMap<CheckContext, number | undefined>();

/** A classifier's training side must hold two classes too (the runner refuses one: `partitionRows`). */
function firstWorkingSeed(ctx: CheckContext, classOf: ((row: number) => string | null) | undefined): number | undefined {
  for (const seed of TRIAL_SEEDS) {
    const a = splitWithSeed(ctx, seed);
    const sides = a ? sidesWithTarget(ctx, a) : null;
    if (!a || !sides) return undefined;
    if (sides.train > 0 && sides.test > 0 && (!classOf || trainingClasses(a, classOf).classes.length > 1)) return seed;
  }
  return undefined;
}

/**
 * Whether some model classifies a target of two classes or more in the file (the runner then
 * refuses a training side of one class), from the column's summary: no cell is read, so a stored
 * verdict's key can say it.
 */
export function classifiesTarget(ctx: CheckContext): boolean {
  const p = ctx.binding.primary;
  const col = p?.target === undefined ? undefined : ctx.column(p, p.target);
  return col !== undefined && col.distinct >= 2 && ctx.modelTasks().has('classification');
}

/**
 * A row's target class as the runner keys it (numbers by value: '01' and '1' are one class;
 * null where missing), when some model classifies a target of two classes or more in the file:
 * the runner then refuses a training side of one class. Undefined otherwise, or without cells.
 */
export function trainingClassOf(ctx: CheckContext): ((row: number) => string | null) | undefined {
  const p = ctx.binding.primary;
  const col = p?.target === undefined ? undefined : ctx.column(p, p.target);
  if (!p?.target || !col || !classifiesTarget(ctx)) return undefined;
  const targets = splitColumn(ctx, p.target);
  if (!targets) return undefined;
  const numeric = col.type === 'integer' || col.type === 'number';
  return (i) => {
    const t = targets[i];
    return t === null || t === undefined ? null : numeric ? String(Number(t)) : t;
  };
}
