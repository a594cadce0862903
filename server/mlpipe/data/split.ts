import { drawSeed, Mulberry32, shuffleInPlace } from './prng.js';
import type { SplitOrder } from '../language/keywords.js';

/** Split codes, one per row. */
export const TRAIN = 0;
export const TEST = 1;
export const VALIDATION = 2;

export interface SplitOptions {
  rowCount: number;
  /** Share of rows for the test split, 0 < test < 1. */
  test: number;
  /** Share of rows for validation (default 0). */
  validation?: number;
  /** Integer seed; absent means one is drawn and reported in `seedUsed`. Ignored by time order. */
  seed?: number;
  /** Group key per row: rows with one key never land on two sides. null keys form one group. */
  by?: ReadonlyArray<string | null>;
  order?: SplitOrder;
  /** Epoch seconds per row; required for time order. NaN sorts as the oldest. */
  times?: Float64Array;
}

export interface SplitResult {
  /** 0 train, 1 test, 2 validation, per row. */
  assignment: Uint8Array;
  /** The seed the random order used (drawn when none was given); null for time order. */
  seedUsed: number | null;
}

/**
 * The one seeded split, shared by the checker (`skew/unseen-category`) and the training engine.
 *
 * Targets: nTest = round(test * n), nValidation = round(validation * n).
 * - random: row indices 0..n-1 are shuffled (Fisher-Yates with mulberry32(seed)); the first
 *   nTest shuffled rows are test, the next nValidation validation, the rest train.
 * - random with `by`: distinct keys in first-seen order are shuffled the same way; whole groups
 *   go to test while the test rows are below nTest, then to validation while below
 *   nValidation, the rest to train (so a share can overshoot by less than one group).
 * - time: rows are sorted by time (equal times by row order, a later row counting as more
 *   recent); the latest nTest rows are test, the nValidation rows before them validation. With `by`, groups are ordered by their latest time (ties: first
 *   seen first) and filled from the most recent as above.
 */
export function splitRows(opts: SplitOptions): SplitResult {
  const n = opts.rowCount;
  const test = opts.test;
  const validation = opts.validation ?? 0;
  if (!(test > 0 && test < 1)) throw new RangeError(`split test share must be between 0 and 1, got ${test}`);
  if (!(validation >= 0 && validation < 1)) throw new RangeError(`split validation share must be in [0, 1), got ${validation}`);
  if (test + validation >= 1) throw new RangeError(`split test + validation must be below 1, got ${test + validation}`);
  if (opts.by !== undefined && opts.by.length !== n) throw new RangeError(`split by has ${opts.by.length} keys for ${n} rows`);
  const nTest = Math.round(test * n);
  const nValidation = validationRowCount(validation, n);
  const order = opts.order ?? 'random';

  if (order === 'time') {
    const times = opts.times;
    if (times === undefined || times.length !== n) throw new RangeError('a time-ordered split needs one time per row');
    return { assignment: timeSplit(n, nTest, nValidation, times, opts.by), seedUsed: null };
  }
  const seedUsed = opts.seed ?? drawSeed();
  const rng = new Mulberry32(seedUsed);
  if (opts.by === undefined) {
    const perm = identity(n);
    shuffleInPlace(perm, rng);
    return { assignment: assignInOrder(n, perm, nTest, nValidation), seedUsed };
  }
  const groups = groupRows(opts.by);
  shuffleInPlace(groups.order, rng);
  return { assignment: assignGroups(n, groups, nTest, nValidation), seedUsed };
}

/** The rows a split of `rowCount` rows deals to validation: round(validation * rowCount). */
export function validationRowCount(validation: number, rowCount: number): number {
  return Math.round(validation * rowCount);
}

/**
 * Why a `validation` share deals no row of a table of `rowCount` rows (it rounds to 0), in one
 * sentence for the checker's `invalid-value` and the runner's refusal alike; undefined when no
 * share is asked or it deals a row. Training would otherwise go on without a validation loss
 * and say nothing: a share asked for and silently dropped.
 */
export function noValidationRowProblem(validation: number, rowCount: number, source: string): string | undefined {
  if (!(validation > 0) || rowCount <= 0 || validationRowCount(validation, rowCount) > 0) return undefined;
  return `'validation = ${validation}' deals no row of the ${rowCount.toLocaleString('en-US')} in '${source}' (round(${validation} × ${rowCount}) = 0), so training would have no validation rows: use 'validation = ${smallestShare(rowCount)}' or more, or remove 'validation'`;
}

/** The smallest share of three significant digits that deals one row of `rowCount`. */
function smallestShare(rowCount: number): string {
  const exact = 0.5 / rowCount;
  const step = 10 ** (Math.floor(Math.log10(exact)) - 2);
  let share = Number((Math.floor(exact / step) * step).toPrecision(3));
  while (validationRowCount(share, rowCount) < 1) share = Number((share + step).toPrecision(3));
  return String(share);
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** The first nTest rows of `rows` are test, the next nValidation validation. */
function assignInOrder(n: number, rows: Uint32Array, nTest: number, nValidation: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let k = 0; k < nTest; k++) out[rows[k]!] = TEST;
  for (let k = nTest; k < nTest + nValidation; k++) out[rows[k]!] = VALIDATION;
  return out;
}

interface Groups {
  /** Group ids in the order they are dealt. */
  order: Uint32Array;
  /** Group id of each row. */
  groupOf: Uint32Array;
  size: Uint32Array;
}

/**
 * Rows grouped by key, once per keys array: the checker splits one table under nine trial seeds
 * (an unseeded split, and the split a quick fix would write), and grouping 1M keys took most of
 * each split's 320 ms. Each call gets the groups in first-seen order, its own to shuffle; the
 * rest is read only. A keys array is never changed once made (a table's column).
 */
function groupRows(keys: ReadonlyArray<string | null>): Groups {
  let g = grouped.get(keys);
  if (g === undefined) grouped.set(keys, (g = groupKeys(keys)));
  return { ...g, order: identity(g.size.length) };
}

const grouped = new WeakMap<ReadonlyArray<string | null>, Groups>();

function groupKeys(keys: ReadonlyArray<string | null>): Groups {
  const ids = new Map<string | null, number>();
  const groupOf = new Uint32Array(keys.length);
  const sizes: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? null;
    let id = ids.get(key);
    if (id === undefined) {
      id = sizes.length;
      ids.set(key, id);
      sizes.push(0);
    }
    groupOf[i] = id;
    sizes[id]!++;
  }
  return { order: identity(sizes.length), groupOf, size: Uint32Array.from(sizes) };
}

function assignGroups(n: number, groups: Groups, nTest: number, nValidation: number): Uint8Array {
  const codeOf = new Uint8Array(groups.size.length);
  let inTest = 0;
  let inValidation = 0;
  for (const g of groups.order) {
    if (inTest < nTest) {
      codeOf[g] = TEST;
      inTest += groups.size[g]!;
    } else if (inValidation < nValidation) {
      codeOf[g] = VALIDATION;
      inValidation += groups.size[g]!;
    }
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = codeOf[groups.groupOf[i]!]!;
  return out;
}

function timeSplit(
  n: number,
  nTest: number,
  nValidation: number,
  times: Float64Array,
  by: ReadonlyArray<string | null> | undefined,
): Uint8Array {
  const key = (t: number): number => (Number.isNaN(t) ? -Infinity : t);
  if (by === undefined) {
    const rows = Array.from(identity(n)).sort((a, b) => key(times[a]!) - key(times[b]!) || a - b);
    rows.reverse();
    return assignInOrder(n, Uint32Array.from(rows), nTest, nValidation);
  }
  const groups = groupRows(by);
  const latest = new Float64Array(groups.size.length).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const g = groups.groupOf[i]!;
    latest[g] = Math.max(latest[g]!, key(times[i]!));
  }
  const order = Array.from(groups.order).sort((a, b) => latest[a]! - latest[b]! || a - b);
  order.reverse();
  return assignGroups(n, { ...groups, order: Uint32Array.from(order) }, nTest, nValidation);
}
