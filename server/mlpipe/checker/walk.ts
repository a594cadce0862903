import { attributesOf } from '../binder.js';
import { bindArgs } from '../language/callArgs.js';
import { blockBelongs } from '../language/blocks.js';
import { argName, argValue } from '../syntax/args.js';
import type { Block, CallExpr, Expr, FeatureDecl, SourceFile } from '../syntax/ast.js';
import { indexOfName, indexOfPosition, LITERAL_ARG_KINDS } from '../transforms/index.js';
import type { CheckContext } from './context.js';
import { record, replay, type FeatureResults } from './featureResults.js';
import { earlierCopy } from './laterCopy.js';
import type { Rule } from './rule.js';

const NONE: Rule[] = [];

type Handlers = { [K in Exclude<keyof Rule, 'callees' | 'fileWide'>]-?: Rule[] } & {
  callsByName: Map<string, Rule[]>;
  /** Some rule handles calls or references: feature expressions are walked. */
  walksExprs: boolean;
};

/** Each rule's handlers by node kind, the calls also by callee name. */
function handlersOf(rules: Rule[]): Handlers {
  const by = (k: keyof Rule) => rules.filter((r) => typeof r[k] === 'function');
  const h = {
    file: by('file'),
    block: by('block'),
    attribute: by('attribute'),
    require: by('require'),
    drift: by('drift'),
    feature: by('feature'),
    call: rules.filter((r) => r.call && !r.callees),
    callsByName: new Map<string, Rule[]>(),
    reference: by('reference'),
  } as Handlers;
  for (const r of rules)
    if (r.call && r.callees)
      for (const name of r.callees) h.callsByName.set(name, [...(h.callsByName.get(name) ?? []), r]);
  h.walksExprs = h.call.length > 0 || h.callsByName.size > 0 || h.reference.length > 0;
  return h;
}

/**
 * Walks the file once and dispatches every node to the rules that handle its kind. Each call
 * runs under its rule's phase, which the cascade filter reads. With `results` (the document's
 * memo), a top-level feature whose inputs are unchanged since the last check gets its kept
 * diagnostics back instead of a walk; rules marked `fileWide` run on it every time.
 */
export function runRules(rules: Rule[], file: SourceFile, ctx: CheckContext, results?: FeatureResults): void {
  const h = handlersOf(rules);
  // Before the file rules: they may read the features' entries (closure ids key model plans).
  const entries = results?.begin(ctx);
  ctx.featureEntries = entries;
  for (const rule of h.file) {
    ctx.phase = rule.phase;
    rule.file!(ctx);
  }
  const local = entries && handlersOf(rules.filter((r) => !r.fileWide));
  const wideRules = rules.filter((r) => r.fileWide);
  const wide = entries && handlersOf(wideRules);
  const keyed = wideRules.every((r) => r.wideKey);
  for (const stmt of file.statements) {
    if (stmt.kind !== 'Feature') {
      visitBlock(h, stmt, ctx, undefined);
      continue;
    }
    const entry = entries?.get(stmt);
    if (!entry) {
      visitFeature(h, stmt, ctx, false);
      continue;
    }
    if (entry.diagnostics) {
      replay(entry.diagnostics, stmt, ctx);
      results!.reused++;
    } else {
      const from = ctx.diagnostics.length;
      visitFeature(local!, stmt, ctx, false);
      entry.diagnostics = record(stmt, ctx, from);
    }
    if (!keyed) {
      visitFeature(wide!, stmt, ctx, false);
      continue;
    }
    // Each rule's key compared on its own: joined into one string per feature, they cost a
    // string made and flattened for every feature of the file on every check.
    const kept = entry.wide;
    let k = 0;
    if (kept) while (k < wideRules.length && kept.keys[k] === wideRules[k].wideKey!(stmt, ctx)) k++;
    if (kept && k === wideRules.length) {
      replay(kept.diagnostics, stmt, ctx);
      continue;
    }
    const keys = wideRules.map((r) => r.wideKey!(stmt, ctx));
    const from = ctx.diagnostics.length;
    visitFeature(wide!, stmt, ctx, false);
    entry.wide = { keys, diagnostics: record(stmt, ctx, from) };
  }
}

function visitBlock(h: Handlers, block: Block, ctx: CheckContext, parent: Block | undefined): void {
  // A second 'serve' (or 'defaults' in one 'serve'): its duplicate-definition is its one error.
  if (earlierCopy(ctx.binding, block, parent)) return;
  for (const r of h.block) {
    ctx.phase = r.phase;
    r.block!(block, ctx, parent);
  }
  // A block where the language has none of its kind is one unknown-block error: what it holds
  // means nothing to the engine (a 'defaults' outside 'serve' fills no request), so no rule judges it.
  if (!blockBelongs(block.type.name, parent?.type.name)) return;
  for (const e of block.entries) {
    switch (e.kind) {
      case 'Attribute':
        // A later copy of an attribute is reported as duplicate-definition and read by no one:
        // errors do not cascade (the spec), so no other rule judges its value.
        if (attributesOf(block).get(e.name.name) !== e) break;
        for (const r of h.attribute) {
          ctx.phase = r.phase;
          r.attribute!(e, block, ctx);
        }
        break;
      case 'Require':
        for (const r of h.require) {
          ctx.phase = r.phase;
          r.require!(e, block, ctx);
        }
        break;
      case 'Drift':
        for (const r of h.drift) {
          ctx.phase = r.phase;
          r.drift!(e, block, ctx);
        }
        break;
      case 'Feature':
        visitFeature(h, e, ctx, true);
        break;
      case 'Block':
        visitBlock(h, e, ctx, block);
        break;
    }
  }
}

function visitFeature(h: Handlers, decl: FeatureDecl, ctx: CheckContext, inServe: boolean): void {
  if (h.feature.length > 0) {
    const bound = inServe ? undefined : ctx.binding.features.get(decl.name.name);
    const own = bound?.decl === decl ? bound : undefined;
    for (let k = 0; k < h.feature.length; k++) {
      const r = h.feature[k];
      ctx.phase = r.phase;
      r.feature!(decl, ctx, inServe, own);
    }
  }
  if (!inServe && h.walksExprs) visitExpr(h, decl.value, decl, ctx);
}

// Indexed loops, no closures: this runs for every node of every feature expression on each check.
function visitExpr(h: Handlers, expr: Expr, decl: FeatureDecl, ctx: CheckContext): void {
  switch (expr.kind) {
    case 'Call': {
      for (let k = 0; k < h.call.length; k++) {
        const r = h.call[k];
        ctx.phase = r.phase;
        r.call!(expr, decl, ctx);
      }
      const byName = h.callsByName.get(expr.callee.name) ?? NONE;
      for (let k = 0; k < byName.length; k++) {
        const r = byName[k];
        ctx.phase = r.phase;
        r.call!(expr, decl, ctx);
      }
      visitArgs(h, expr, decl, ctx);
      break;
    }
    case 'Reference':
      for (let k = 0; k < h.reference.length; k++) {
        const r = h.reference[k];
        ctx.phase = r.phase;
        r.reference!(expr, decl, ctx);
      }
      break;
    case 'Binary':
      visitExpr(h, expr.left, decl, ctx);
      visitExpr(h, expr.right, decl, ctx);
      break;
    case 'Unary':
      visitExpr(h, expr.operand, decl, ctx);
      break;
    case 'Paren':
      visitExpr(h, expr.expr, decl, ctx);
      break;
    default:
      break;
  }
}

/**
 * Arguments that name columns or features are walked; literal and keyword arguments are
 * skipped by their kind in the transform catalogue (named or positional alike). Arguments of
 * a call that is not a transform, or that match no parameter, are walked: their names are
 * still checked.
 */
function visitArgs(h: Handlers, call: CallExpr, decl: FeatureDecl, ctx: CheckContext): void {
  // The signature's arrays, not the catalogue entry's `args` objects (of differing fields, so
  // each read was a megamorphic load): this runs for every call of every feature on each check.
  const sig = bindArgs(call)?.signature;
  let position = 0;
  for (let i = 0; i < call.args.length; i++) {
    const a = call.args[i];
    const name = argName(a);
    // Matched as binding matches them, whether or not binding placed the argument (a repeated
    // name is skipped here too, by its kind).
    const k = sig === undefined ? -1 : name ? indexOfName(sig, name.name) : indexOfPosition(sig, position);
    if (!name) position++;
    if (k >= 0 && LITERAL_ARG_KINDS.has(sig!.kinds[k])) continue;
    visitExpr(h, argValue(a), decl, ctx);
  }
}
