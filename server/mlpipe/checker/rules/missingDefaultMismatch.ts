import { bindArgs } from '../../language/callArgs.js';
import type { Expr } from '../../syntax/ast.js';
import { forEachCall } from '../../syntax/visit.js';
import { literalValue } from '../../syntax/literals.js';
import { defaultMismatchMessage, fillsNothing, laterFillMismatchMessage, sameFill } from '../../features/defaultMismatch.js';
import { servedFeatures } from '../../served.js';
import type { CheckContext } from '../context.js';
import { servedRequestField } from '../servedFields.js';
import type { Rule } from '../rule.js';
import { refNames, refPartCount } from '../../syntax/reference.js';

/**
 * A serving default must be the value training filled in. Each call of a transform that
 * `coversMissing` (`fill_missing(column, value)`) in a feature is compared with
 * `serve { defaults { column = … } }`, for the features the served model reads: no request
 * reaches another feature's fill, and serving refuses the serve block's errors at start.
 */
export const missingDefaultMismatch: Rule = {
  name: 'skew/missing-default-mismatch',
  phase: 2,
  attribute(attr, block, ctx) {
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const served = literalValue(attr.value);
    // A missing-text default fills nothing: the request reaches training's fill ('invalid-value' where none covers it).
    if (!p || served === undefined || fillsNothing(served)) return;
    const column = attr.name.name;
    // Compared as serving reads both for the column (a text column's default 0 is the text '0').
    const type = ctx.column(p, column)?.type;
    // The first feature (in declaration order) filling the column with another value, at its first such fill.
    for (const fill of fillsByColumn(ctx).get(column) ?? []) {
      if (sameFill(served, fill.value, type)) continue;
      ctx.report('skew/missing-default-mismatch', attr.value, defaultMismatchMessage(column, served, fill.feature, fill.value));
      return;
    }
    // A fill of what a transform computed from the column (`fill_missing(standardize(x), 0)`):
    // training's rows without it get that fill, a request without it the default's transform.
    // Found in the served model's plan, as serving's start finds it.
    const later = fillsAfterTransforms(ctx) ? servedRequestField(ctx, column)?.filledAfter : undefined;
    if (later) ctx.report('skew/missing-default-mismatch', attr.value, laterFillMismatchMessage(column, served, later.feature, later.value));
  },
};

/**
 * A literal fill in an expression, in call order: of a reference (its parts: a column, or a
 * feature), or of what a transform or an operator computed (no parts).
 */
interface Fill {
  parts?: readonly string[];
  value: string | number | boolean;
}

/**
 * Each expression's fills, kept per expression: an edit keeps (and moves in place) the
 * expressions of every statement it did not touch.
 */
const fillsOfExpr = new WeakMap<Expr, Fill[]>();

function fillsOf(value: Expr): Fill[] {
  let fills = fillsOfExpr.get(value);
  if (fills) return fills;
  const found: Fill[] = [];
  forEachCall(value, (e) => {
    const bound = bindArgs(e);
    const covers = bound?.spec.coversMissing;
    const x = covers ? bound.values.get('x') : undefined;
    const v = covers ? literalValue(bound.values.get(covers.value)) : undefined;
    if (!x || v === undefined) return;
    if (x.kind === 'Reference') {
      if (refPartCount(x) === 1 || refPartCount(x) === 2) found.push({ parts: refNames(x), value: v });
    } else if (x.kind !== 'Call' || bindArgs(x) !== undefined) {
      // A window is no transform of the catalogue: skew/window-default judges its defaults.
      found.push({ value: v });
    }
  });
  fillsOfExpr.set(value, (fills = found));
  return fills;
}

/**
 * The primary table's columns filled by the served model's features, each with its fills in feature then call
 * order, made once per check: each default compared every feature's calls with its column, so
 * a serve block of ten defaults walked a file of thousands of features ten times on every check.
 */
const byCheck = new WeakMap<CheckContext, Map<string, Array<{ feature: string; value: string | number | boolean }>>>();

function fillsByColumn(ctx: CheckContext): Map<string, Array<{ feature: string; value: string | number | boolean }>> {
  let index = byCheck.get(ctx);
  if (index) return index;
  index = new Map();
  const { features, primary: p } = ctx.binding;
  const served = new Set(servedFeatures(ctx.binding));
  for (const f of features.values()) {
    if (!served.has(f.name)) continue;
    for (const { parts, value } of fillsOf(f.decl.value)) {
      if (parts === undefined) continue;
      // A bare name is the column only where no feature has that name; a qualified one, of the primary table.
      const column = parts.length === 1 ? (features.has(parts[0]) ? undefined : parts[0]) : parts[0] === p?.name ? parts[1] : undefined;
      if (column === undefined) continue;
      let list = index.get(column);
      if (!list) index.set(column, (list = []));
      list.push({ feature: f.name, value });
    }
  }
  byCheck.set(ctx, index);
  return index;
}

const laterByCheck = new WeakMap<CheckContext, boolean>();

/**
 * Whether a served feature fills what a transform, an operator or another feature computed
 * (`fill_missing(standardize(x), 0)`, `fill_missing(a, 0)`): only then can a fill come after a
 * transform of a column, and only then is the served model's plan compiled to find which. The
 * compile costs tens of milliseconds for thousands of features, on every check.
 */
function fillsAfterTransforms(ctx: CheckContext): boolean {
  let later = laterByCheck.get(ctx);
  if (later !== undefined) return later;
  const { features } = ctx.binding;
  const served = new Set(servedFeatures(ctx.binding));
  later = false;
  for (const f of features.values()) {
    if (!served.has(f.name)) continue;
    if (fillsOf(f.decl.value).some((fill) => fill.parts === undefined || (fill.parts.length === 1 && features.has(fill.parts[0])))) {
      later = true;
      break;
    }
  }
  laterByCheck.set(ctx, later);
  return later;
}
