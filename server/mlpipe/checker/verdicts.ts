import type { TimeVerdict } from '../data/timeVerdict.js';

/**
 * The missing-every-row pass's verdict on one model: how many of the splits tried the run
 * refuses, and why the first of them is refused. Null when the pass could not judge (a table
 * only sampled, a plan or data the runner refuses for a reason another rule reports).
 */
export interface Verdict {
  failing: number;
  worst?: {
    /** The side left with no row. */
    empty?: 'training' | 'test';
    /** A kept row's input beyond float32's range (value may be an infinity). */
    beyond?: { row: number; feature: string; value: number };
    missingOnEmpty: Array<{ feature: string; count: number; of: number }>;
    /** The model gets no input column (every input a one-hot with no category). */
    noColumns?: true;
  };
  /**
   * Model inputs a transform leaves missing on rows the run keeps otherwise (the target present,
   * and every primary-table column the input reads outside 'fill_missing' present: a missing
   * cell is 'skew/implicit-missing''s own report), in the model's order: the run leaves those
   * rows out. Counted on the first split tried; absent when none, or when a split is refused.
   */
  leftOut?: LeftOutByTransform[];
  /**
   * Target classes the kept test rows hold and the kept training rows do not, though the split's
   * training side has rows of them: every one of those rows misses an input and is left out, so
   * the model never learns the class (a class the split itself puts only in test is
   * 'skew/unseen-category''s on the target). How many, the first three (as the engine keys
   * classes: numbers by value); counted on the first split tried; absent when none.
   */
  unseenClasses?: { count: number; examples: string[] };
  /**
   * The training rows the run keeps hold one class of the target, though the split's training
   * side holds two or more: every training row of the others misses an input (`inputs`) and is
   * left out. The runner refuses a classifier then (`featureSides`). The first split tried that
   * does so, and how many of those tried do; absent when none.
   */
  oneClass?: { cls: string; rows: number; inputs: string[]; failing: number };
}

/** One model input's rows left out for a value a transform made missing: how many, the first (0-based), and each side's share. */
export interface LeftOutByTransform {
  feature: string;
  count: number;
  first: number;
  training: number;
  validation: number;
  test: number;
}

/**
 * Verdicts kept between processes (the CLI's data facts cache), one per model: setting a
 * model's verdict replaces the last one. Keys name every input of the verdict (the checker's
 * version, the plan, the split and each table's content hash): a verdict is found only under
 * the key it was stored with.
 */
export interface VerdictStore {
  /** The model's verdict when it was stored under this key; undefined otherwise. */
  get(model: string, key: string): Verdict | null | undefined;
  set(model: string, key: string, verdict: Verdict | null): void;
}

export type { TimeCell, TimeVerdict } from '../data/timeVerdict.js';

/**
 * Time-column verdicts kept between processes: `id` names the file and column (one entry each,
 * replaced when the file changes), `key` what the verdict was computed from (its content hash
 * and the rows covered); a verdict is found only under the key it was stored with.
 */
export interface TimeVerdictStore {
  get(id: string, key: string): TimeVerdict | undefined;
  set(id: string, key: string, verdict: TimeVerdict): void;
}

/**
 * What the empty-split rule found: the first split tried that leaves a side without a target
 * row, how many of the splits tried do, and the seed the quick fix would write (an unseeded
 * split). Null: nothing to report.
 */
export type EmptySplitVerdict = { train: number; test: number; failing: number; seed?: number } | null;

/** A column's test-split values that training never saw: how many, and the first three in row order. Null: none, or no split. */
export type UnseenVerdict = {
  count: number;
  examples: string[];
  /**
   * Unseen values that are another spelling of a boolean training holds (`False` beside `false`),
   * each with that spelling: the run's evaluation encodes them as all zeros, while `mlpipe score`
   * and /predict refuse them (`learnedBooleanSpelling`). The first three; absent when none.
   */
  spellings?: Array<[string, string]>;
} | null;

/**
 * What the windows of one shape (history table, duration, `as_of`) meet on the rows judged (the
 * engine's training split, or every row of an unseeded one). `empty`: no row's window holds a
 * history row, and why: no key of the primary table's join column is in the history's key column
 * (an example of each), or the keys match and no history time falls in any window (both spans,
 * epoch seconds as the engine reads them). `asOfDate`/`historyDate`: the first cell of the `as_of`
 * column / the history's time column when every cell is a date written as yyyymmdd digits (read
 * as epoch seconds). Null: nothing to say.
 */
export type EmptyWindowVerdict = {
  empty?:
    | { rows: number; cause: 'keys'; primaryKey: string; historyKey: string }
    | { rows: number; cause: 'times'; asOf: [number, number]; history: [number, number] }
    | { rows: number; cause: 'none' }
    | { rows: number; cause: 'no-times'; table: string; column: string };
  asOfDate?: string;
  historyDate?: string;
} | null;

/**
 * A serve default that a learned `one_hot` vocabulary lacks: where the vocabulary comes from
 * (`all`: every row, `fit = all`; `train`: the engine's training split; `rows`: every row stand in
 * for an unseeded split's; `literal` is never stored), its size and up to three of its values,
 * closest first. Null: the vocabulary holds it.
 */
export type UnseenDefaultVerdict = { from: 'literal' | 'all' | 'train' | 'rows'; size: number; shown: string[] } | null;

/** Each kind of verdict over the engine's split of the primary table, by its name in a stored entry. */
export interface SplitVerdicts {
  emptySplit: EmptySplitVerdict;
  unseen: UnseenVerdict;
  emptyWindow: EmptyWindowVerdict;
  unseenDefault: UnseenDefaultVerdict;
  /** The seed the 'add seed' quick fix writes; null: none works. */
  workingSeed: number | null;
  /** Whether 'by = key' leaves both sides rows with a target (skew/group-leakage's quick fix is offered only then). */
  splitByKey: boolean;
  /** The rows with a target the split puts in the test side, of how many (`lopsided-split`); null: not computed. */
  testShare: { test: number; total: number } | null;
  /** The test side's rows with a target and its first two distinct classes (`invalid-value/gate-never-computed`); null: not computed. */
  testClasses: { rows: number; classes: string[] } | null;
  /**
   * The first split tried whose training rows with a target hold one class of a classifier's
   * target: how many rows, the class (as the engine keys it), and how many of the splits tried
   * do (`invalid-value` at `split`); null: none does, or not computed.
   */
  oneClassTraining: { rows: number; cls: string; failing: number } | null;
}

/** A verdict over the engine's split, as stored: one kind, under its name. */
export type SplitVerdict = { [K in keyof SplitVerdicts]: Pick<SplitVerdicts, K> }[keyof SplitVerdicts];

/**
 * Verdicts over the engine's split kept between processes: `id` names the question (the rule,
 * the column it asks about, or the seed the quick fix writes), `key` what the answer was computed from (`splitKey`, and the
 * target or column); one entry per id, replaced when the key changes.
 */
export interface SplitVerdictStore {
  get(id: string, key: string): SplitVerdict | undefined;
  set(id: string, key: string, verdict: SplitVerdict): void;
}
