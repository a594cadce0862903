import type { z } from 'zod';
import type { FitScope } from '../language/keywords.js';
import type { Expr } from '../syntax/ast.js';

/**
 * The shape of a transform's catalogue entry. One file per transform states everything the
 * product knows of it; the checker, type inference, the feature compiler, hover and completion
 * all read the entry instead of restating it.
 */

export type ArgKind =
  /** A feature expression (column, feature, transform). */
  | 'expr'
  /** A literal number (range in `range`). */
  | 'number'
  /** A literal whole number (range in `range`; at least 1 unless stated). */
  | 'integer'
  /** A literal number or string (`fill_missing`'s value). */
  | 'literal'
  | 'duration'
  | 'numberList'
  | 'list'
  /** A column of the primary table (`as_of`). */
  | 'primaryColumn'
  /** `table.col` of a history table. */
  | 'historyColumn'
  | 'fit';

/** Argument kinds whose value is a literal or a keyword: they name no column or feature. */
export const LITERAL_ARG_KINDS: ReadonlySet<ArgKind> = new Set<ArgKind>(['number', 'integer', 'literal', 'duration', 'numberList', 'list', 'fit']);

export interface Range {
  min?: number;
  max?: number;
  /** `min` itself is not allowed. */
  minExclusive?: boolean;
}

export interface ArgSpec {
  name: string;
  kind: ArgKind;
  /** May be given positionally at this index. */
  position?: number;
  required?: boolean;
  /** Literal values allowed (number and integer kinds). */
  range?: Range;
  /** Named literal statistics of a fitted transform (reported as `skew/hard-coded-baseline`). */
  literalStatistic?: boolean;
  /**
   * Taken only together with this other argument (bucketize's `fit` goes with `n`: fixed edges
   * fit nothing, so `fit = all` there would change nothing while reading as if it did).
   */
  with?: string;
  doc: string;
}

/** How `degenerateOver` ends a clause whose feature is one value on every row. */
export const CONSTANT = 'a constant input the model learns nothing from';

/** What a feature expression yields, as far as the data's header and sample tell. */
export type ExprType = 'integer' | 'number' | 'string' | 'vector' | 'unknown';

/** Read access to a call's bound argument expressions (see `language/callArgs.ts`). */
export interface ArgValues {
  get(name: string): Expr | undefined;
  has(name: string): boolean;
}

/** A problem with a call's arguments that no single argument's kind and range can see. */
export interface ArgProblem {
  /** The argument at fault. */
  arg: string;
  message: string;
}

/** The fields every catalogue entry has, kernels aside. */
interface SpecBase {
  name: string;
  signature: string;
  /** LSP snippet for completion. */
  snippet: string;
  doc: string;
  /** Input `x` must be numeric (`categorical`: text or whole numbers; `any`: anything). */
  input: 'numeric' | 'categorical' | 'any';
  /** Needs numeric input (kept for readers of the older flag: `input === 'numeric'`). */
  numeric: boolean;
  args: ArgSpec[];
  /** One of these argument sets must be present (bucketize: edges or n). */
  oneOf?: string[][];
  /** Constraints between arguments, after each argument passed its own kind and range. */
  validate?(args: ArgValues): ArgProblem | undefined;
  /**
   * What the call's literal arguments do to an input whose present values all lie in `range`
   * (`min < max`: every value of a column in the data, so every training value too), when that is
   * degenerate: a clause after "so" saying the feature is one constant in training, or that fitting
   * is left no range to scale by (`clip(x, 5, 10)` of values below 5). Undefined: nothing
   * degenerate. The data-dependent companion of `validate`, which judges the literals alone.
   */
  degenerateOver?(args: ArgValues, range: { min: number; max: number }): string | undefined;
  /** The type of the result, given the type of `x` (window aggregates: of the history column). */
  result(x: ExprType, args: ArgValues): ExprType;
  /** The statistics fitting learns, given which literals the call states (none: not fitted). */
  fits(args: ArgValues): string[];
  /**
   * Can give a missing value, or a number beyond float32's range, from a present input within
   * it (log1p below -1, an empty window's mean, a division by a tiny fitted spread). The checker
   * computes a model input over every row only when its chain has such a step or reads a
   * column that holds such values: a step declared false is trusted to keep present in range.
   */
  producesUnusable: boolean;
  /**
   * Fills a missing `x` with its literal argument `value` (its kernels' `fills` gives it): a read
   * under it is covered (serving requires no field, 'skew/implicit-missing' stays quiet), a
   * serving default must equal it, and its type must be `x`'s.
   */
  coversMissing?: { value: string };
  /**
   * What a missing `x` becomes in training instead of a missing result (one_hot: the all-zero
   * vector, its kernel's index -1), where /predict refuses a request without the field: the
   * row is kept, not left out ('skew/implicit-missing' says which).
   */
  encodesMissing?: string;
  /**
   * Learns the categories of `x` from the training split unless the literal argument `given`
   * states them: a test category training never saw encodes as all zeros ('skew/unseen-category').
   */
  learnsVocabulary?: { given: string };
}

/** What a value is while rows are evaluated: a vector is one-hot (its number slot holds the index of its 1, or -1). */
export type ValueKind = 'number' | 'text' | 'vector';

/** The evaluator's slots for the current row, as a kernel reads and writes them. */
export interface RowValues {
  /** Numeric value of each node (NaN = missing); a vector's hot index. */
  readonly num: Float64Array;
  /** Text value of each text node (null = missing); a vector's category text. */
  readonly str: Array<string | null>;
  /** True when the node holds a number. */
  isNumber(id: number): boolean;
  /** The node's value as canonical text (numbers too), or null when missing. */
  text(id: number): string | null;
}

/** What fitting gathered over the fitting rows' non-missing input values. */
export interface FitSample {
  /** The numbers ('numbers' samples). */
  values: Float64Array;
  /** Each distinct value by its canonical text ('categories' samples), in first-seen order. */
  categories: ReadonlyMap<string, string | number>;
  /** How many non-missing values were read. */
  count: number;
}

/** The saved statistics of a fitted node: its transform's name and what it learned. */
export interface StateBase {
  kind: string;
  count: number;
}

export interface FitKernel<P, S extends StateBase> {
  /** True when the call leaves a statistic to learn (false: all given literally). */
  needed(params: P): boolean;
  /** What the fitting rows contribute. */
  sample: 'numbers' | 'categories';
  /** The statistics learned from the sample (the saved state, checked by the entry's `state` schema). */
  learn(sample: FitSample, params: P): S;
  /** The state recorded with the model when every statistic is given literally. */
  literal?(params: P): S | undefined;
}

/**
 * The engine's half of an entry: how a call compiles into a plan node, what the node yields,
 * how it is fitted and how it computes a row. `P` is the node's literal parameters, `S` its
 * saved state, `R` the constants the row kernel reads (prepared once per model).
 */
export interface Kernels<P, S extends StateBase, R> {
  /** The node's parameters from its bound literal arguments (already checked by kind and range). */
  compile(args: ArgValues, fail: (message: string) => never): P;
  /** Canonical text of the node, given its input's; fitted state is keyed by it. */
  key(input: string, params: P, fit: FitScope): string;
  /** What the node yields given what its input holds, or why that input does not fit. */
  output(input: 'number' | 'text', inputName: string, params: P): ValueKind | { mismatch: string };
  /** The constants `apply` reads, from the parameters and (fitted) the state. */
  prepare(params: P, state: S | undefined): R;
  /** Computes node `out` of the current row from node `input`. */
  apply(row: RowValues, input: number, out: number, prepared: R): void;
  /** A vector's column labels (one per category). */
  labels?(prepared: R): string[];
  /** The value a missing input becomes, for a transform that `coversMissing` (serving's default). */
  fills?(params: P): string | number;
}

/** Any row transform's kernels, as the engine holds them. */
export type AnyKernels = Kernels<unknown, StateBase, unknown> & { fit?: FitKernel<unknown, StateBase> };

/**
 * A transform computed row by row from one input, its argument 'x'. A transform that fits statistics must give
 * a fit kernel whose output is its state schema's type (`S` is read from the schema only).
 */
export type FittedTransformSpec<P = any, S extends StateBase = any, R = any> = SpecBase & {
  fitted: true;
  /** A zod or zod/mini schema (the catalogue's are zod/mini: see stateSchemas.ts). */
  state: z.core.$ZodType<S> & { safeParse(data: unknown): z.core.util.SafeParseResult<NoInfer<S>> };
  kernels: Kernels<P, NoInfer<S>, R> & { fit: FitKernel<P, NoInfer<S>> };
  window?: undefined;
};

export type PlainTransformSpec<P = any, R = any> = SpecBase & {
  fitted: false;
  state?: undefined;
  kernels: Kernels<P, never, R> & { fit?: undefined };
  window?: undefined;
};

export type RowTransformSpec = FittedTransformSpec | PlainTransformSpec;

/** What a window transform computes over its rows (`window_<agg>`). */
export type WindowAgg = 'mean' | 'sum' | 'count' | 'max' | 'min';

/** A window aggregate: compiled into a history range and an aggregate by the engine (`window`). */
export type WindowTransformSpec = SpecBase & {
  fitted: false;
  state?: undefined;
  kernels?: undefined;
  window: WindowAgg;
};

export type TransformSpec = RowTransformSpec | WindowTransformSpec;

/** Declares a row transform, checking its kernels against its state schema. */
export function rowTransform<P, S extends StateBase, R>(spec: FittedTransformSpec<P, S, R>): FittedTransformSpec<P, S, R>;
export function rowTransform<P, R>(spec: PlainTransformSpec<P, R>): PlainTransformSpec<P, R>;
export function rowTransform(spec: RowTransformSpec): RowTransformSpec {
  if ((spec.coversMissing !== undefined) !== (spec.kernels.fills !== undefined))
    throw new Error(`internal: transform '${spec.name}' must declare 'coversMissing' and 'kernels.fills' together`);
  return spec;
}
