import type { Block, Expr, FeatureDecl, SourceFile } from '../syntax/ast.js';
import type { CheckContext } from './context.js';
import type { Rule } from './rule.js';

/** Dispatches every node of the file to the rules that handle its kind. */
export function runRules(rules: Rule[], file: SourceFile, ctx: CheckContext): void {
  for (const rule of rules) {
    ctx.phase = rule.phase;
    rule.file?.(ctx);
    for (const stmt of file.statements) {
      if (stmt.kind === 'Feature') visitFeature(rule, stmt, ctx, false);
      else visitBlock(rule, stmt, ctx, undefined);
    }
  }
}

function visitBlock(rule: Rule, block: Block, ctx: CheckContext, parent: Block | undefined): void {
  rule.block?.(block, ctx, parent);
  for (const e of block.entries) {
    switch (e.kind) {
      case 'Attribute':
        rule.attribute?.(e, block, ctx);
        break;
      case 'Require':
        rule.require?.(e, block, ctx);
        break;
      case 'Drift':
        rule.drift?.(e, block, ctx);
        break;
      case 'Feature':
        visitFeature(rule, e, ctx, true);
        break;
      case 'Block':
        visitBlock(rule, e, ctx, block);
        break;
    }
  }
}

function visitFeature(rule: Rule, decl: FeatureDecl, ctx: CheckContext, inServe: boolean): void {
  rule.feature?.(decl, ctx, inServe);
  if (inServe || (!rule.call && !rule.reference)) return;
  const visit = (expr: Expr): void => {
    switch (expr.kind) {
      case 'Call':
        rule.call?.(expr, decl, ctx);
        for (const a of expr.args) {
          const n = a.name?.name;
          if (n === 'fit' || n === 'vocabulary' || n === 'edges') continue;
          visit(a.value);
        }
        break;
      case 'Reference':
        rule.reference?.(expr, decl, ctx);
        break;
      case 'Binary':
        visit(expr.left);
        visit(expr.right);
        break;
      case 'Unary':
        visit(expr.operand);
        break;
      case 'Paren':
        visit(expr.expr);
        break;
      default:
        break;
    }
  };
  visit(decl.value);
}
