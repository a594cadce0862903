import type { Attribute, Block, CallExpr, Drift, FeatureDecl, Reference, Require } from '../syntax/ast.js';
import type { FeatureSymbol } from '../binder.js';
import type { CheckContext } from './context.js';

/**
 * A checker rule: handlers by node kind. Adding a rule is adding one file and one line in
 * `rules/index.ts`. Rules run in `phase` order (0: structure and names, 1: types,
 * 2: advice); a node that got an error in an earlier phase gets no later diagnostics.
 */
export interface Rule {
  name: string;
  phase: 0 | 1 | 2;
  /**
   * Its feature, call and reference handlers read state of the whole file (which features
   * models use), beyond the feature's own dependency closure: they run on every feature at
   * every check. Other rules' results on a feature are reused while its inputs are unchanged:
   * its closure, the feature names, the 'data' blocks and the tables' data (`FeatureResults`).
   * A handler that reads any other block (a model, the split, serving) must be `fileWide`.
   */
  fileWide?: true;
  /**
   * For a `fileWide` rule: what of the rest of the file its handlers read on one top-level
   * feature, as a short key. When every such rule has one, their diagnostics on a feature whose
   * entry and keys are unchanged are reused too.
   */
  wideKey?(decl: FeatureDecl, ctx: CheckContext): string;
  file?(ctx: CheckContext): void;
  /** Every block, top-level or nested (`parent` set for nested). */
  block?(block: Block, ctx: CheckContext, parent?: Block): void;
  attribute?(attr: Attribute, block: Block, ctx: CheckContext): void;
  require?(req: Require, block: Block, ctx: CheckContext): void;
  drift?(drift: Drift, block: Block, ctx: CheckContext): void;
  /**
   * Feature definitions; `inServe` for those written inside `serve` (never bound). `own` is the
   * binding's symbol of this very definition: undefined inside `serve` and for a repeated
   * definition (the binding keeps the first). The walker looks it up once per feature for every
   * rule: each rule's own look-up by name was a map read per feature per rule on each check.
   */
  feature?(decl: FeatureDecl, ctx: CheckContext, inServe: boolean, own: FeatureSymbol | undefined): void;
  /** Calls inside top-level feature expressions. */
  call?(call: CallExpr, feature: FeatureDecl, ctx: CheckContext): void;
  /** Only calls of these functions reach `call` (the walker dispatches by name). */
  callees?: readonly string[];
  /** Name references inside top-level feature expressions (not keyword arguments). */
  reference?(ref: Reference, feature: FeatureDecl, ctx: CheckContext): void;
}
