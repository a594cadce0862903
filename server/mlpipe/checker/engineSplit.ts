import { splitRows } from '../data/split.js';
import { tryParseTime } from '../data/values.js';
import { splitConfig } from '../language/splitConfig.js';
import type { CheckContext } from './context.js';

const memo = new WeakMap<CheckContext, Uint8Array | null>();

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
 * The split the engine would make with `seed` standing in for a missing one (an unseeded
 * random split draws its seed at run time). Null as for `engineSplit`, but for the seed.
 */
export function splitWithSeed(ctx: CheckContext, seed: number): Uint8Array | null {
  return compute(ctx, seed);
}

function compute(ctx: CheckContext, drawn?: number): Uint8Array | null {
  const p = ctx.binding.primary;
  const data = p ? ctx.readData(p) : undefined;
  if (!p || !data?.values || data.rowsRead === undefined) return null;
  // A sampled file is split over all its rows (the sample is their prefix, so row i is row i).
  const values = data.wholeFile?.values ?? data.values;
  const rowCount = data.wholeFile?.rows ?? data.rowsRead;
  const cfg = splitConfig(ctx.binding);
  if (!cfg.valid) return null;
  const seed = cfg.seed ?? drawn;
  if (cfg.order === 'random' && seed === undefined) return null;
  let by: ReadonlyArray<string | null> | undefined;
  if (cfg.by) {
    by = values(cfg.by);
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
