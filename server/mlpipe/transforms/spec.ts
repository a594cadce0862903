import type { z } from 'zod';
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
  doc: string;
}

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

export interface TransformSpec {
  name: string;
  signature: string;
  /** LSP snippet for completion. */
  snippet: string;
  doc: string;
  /** May learn state from the training split (which statistics: `fits`). */
  fitted: boolean;
  /** Input `x` must be numeric (`categorical`: text or whole numbers; `any`: anything). */
  input: 'numeric' | 'categorical' | 'any';
  /** Needs numeric input (kept for readers of the older flag: `input === 'numeric'`). */
  numeric: boolean;
  args: ArgSpec[];
  /** One of these argument sets must be present (bucketize: edges or n). */
  oneOf?: string[][];
  window?: 'mean' | 'sum' | 'count' | 'max' | 'min';
  /** Constraints between arguments, after each argument passed its own kind and range. */
  validate?(args: ArgValues): ArgProblem | undefined;
  /** The type of the result, given the type of `x` (window aggregates: of the history column). */
  result(x: ExprType, args: ArgValues): ExprType;
  /** The statistics fitting learns, given which literals the call states (none: not fitted). */
  fits(args: ArgValues): string[];
  /** The schema of the state a fitted transform saves with the model (`features/state.ts` reads it). */
  state?: z.ZodType;
}
