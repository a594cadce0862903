import type { Comment, DurationUnit } from './tokens.js';

/** Every node keeps its source span as UTF-16 offsets; `LineMap` turns them into LSP positions. */
export interface Span {
  start: number;
  end: number;
}

/** A name and where it is written: an `Ident`, or a one-part `Reference` with no `@`. */
export interface NameSpan extends Span {
  name: string;
}

export interface Ident extends NameSpan {
  kind: 'Ident';
}

export interface NumberLit extends Span {
  kind: 'Number';
  value: number;
  text: string;
}
export interface DurationLit extends Span {
  kind: 'Duration';
  /** Length in seconds. */
  seconds: number;
  unit: DurationUnit;
  text: string;
}
export interface StringLit extends Span {
  kind: 'String';
  value: string;
}
export interface BoolLit extends Span {
  kind: 'Bool';
  value: boolean;
}
/**
 * `name`, `table.col`, `model@stage`, `model@3`. Read the parts through `syntax/reference.ts`.
 * A one-part name (most names) is this node alone, its first part's span starting at `start`:
 * a parts array and an `Ident` for it were two objects in five of a tree, copied by every
 * scavenge while a check holds the tree.
 */
export interface Reference extends Span {
  kind: 'Reference';
  /** The first part's name: the whole name when there is one part. */
  name: string;
  /**
   * Every part, only when there are two or more; undefined for a one-part name. A two-part name
   * written without spaces (`table.col`) holds its second part's name until a reader asks for
   * the parts as nodes (`refIdents`), which makes and keeps them: 2,703 such names on a
   * 5,000-line file were an array and two Idents each, ~0.4 MB a parse that few readers open.
   */
  parts: Ident[] | string | undefined;
  /**
   * A one-part name's Ident, made the first time a reader asks for one (`refPartIdent`) and
   * moved with the node: caches that keep it across edits (a model's unknown inputs) see it
   * where a fresh parse would put it.
   */
  ident: Ident | undefined;
  /** The part after `@`, as written (`production`, `3`). */
  at?: { text: string; start: number; end: number; isNumber: boolean };
}
export interface ListExpr extends Span {
  kind: 'List';
  items: Expr[];
}
/**
 * A named argument (`fit = train`). A positional argument is its expression itself, with no
 * node around it (the same span): a wrapper per positional argument was one object in seven of
 * a tree of calls. `argValue` / `argName` (`syntax/args.ts`) read either kind.
 */
export interface Arg extends Span {
  kind: 'Arg';
  name: Ident;
  value: Expr;
}
export type CallArg = Arg | Expr;
export interface CallExpr extends Span {
  kind: 'Call';
  callee: Ident;
  args: CallArg[];
  /**
   * How many arguments come before the first named one, when no positional one follows a named
   * one; -1 when one does. Binding (`language/callArgs.ts`) tells named from positional by index:
   * an argument's `kind` read sees every expression's shape, a megamorphic load per argument.
   */
  positional: number;
  /** False when the closing parenthesis is missing. */
  closed: boolean;
  /** Cache slot for the arguments matched to the transform's signature (`language/callArgs.ts`). */
  bound?: unknown;
}
export type BinaryOp = '+' | '-' | '*' | '/';
export interface BinaryExpr extends Span {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}
export interface UnaryExpr extends Span {
  kind: 'Unary';
  op: '-';
  operand: Expr;
}
export interface ParenExpr extends Span {
  kind: 'Paren';
  expr: Expr;
}
/** Placeholder where an expression could not be read; the parser has reported it. */
export interface ErrorExpr extends Span {
  kind: 'ErrorExpr';
}

export type Expr =
  | NumberLit
  | DurationLit
  | StringLit
  | BoolLit
  | Reference
  | ListExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr
  | ErrorExpr;

export type CompareOp = '>' | '>=' | '<' | '<=';

export interface Attribute extends Span {
  kind: 'Attribute';
  name: Ident;
  value: Expr;
}
/** `require METRIC OP VALUE` */
export interface Require extends Span {
  kind: 'Require';
  keyword: Ident;
  metric: Ident;
  op: CompareOp;
  value: Expr;
}
/** `drift TARGET STAT OP VALUE` */
export interface Drift extends Span {
  kind: 'Drift';
  keyword: Ident;
  target: Ident;
  stat: Ident;
  op: CompareOp;
  value: Expr;
}
export interface FeatureDecl extends Span {
  kind: 'Feature';
  /** The `feature` keyword: made on the first read, read it through `featureKeyword` (`syntax/featureKeyword.ts`). */
  keyword: Ident | undefined;
  name: Ident;
  value: Expr;
  /** Cache slot for the binder's last reads and symbol of this declaration (`binder.ts`). */
  bound?: unknown;
}
export interface Block extends Span {
  kind: 'Block';
  type: Ident;
  name?: Ident;
  /** Offset of `{`. */
  open: number;
  /** Offset of `}`, absent when the block is not closed. */
  close?: number;
  entries: Entry[];
}
export type Entry = Attribute | Require | Drift | FeatureDecl | Block;

export interface PipelineDecl extends Span {
  kind: 'Pipeline';
  keyword: Ident;
  name?: Ident;
}

export type Statement = Block | FeatureDecl;

export interface SyntaxError extends Span {
  message: string;
}

export interface SourceFile {
  kind: 'File';
  text: string;
  pipeline?: PipelineDecl;
  statements: Statement[];
  comments: Comment[];
  syntaxErrors: SyntaxError[];
}

export type Node = SourceFile | PipelineDecl | Statement | Entry | Expr | Arg | Ident;
