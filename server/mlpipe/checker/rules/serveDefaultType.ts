import { bindArgs } from '../../language/callArgs.js';
import { isMissingText } from '../../features/request.js';
import { spellingDefaultProblem, serveDefaultProblem } from '../../features/row.js';
import type { Expr, Reference } from '../../syntax/ast.js';
import { forEachCall } from '../../syntax/visit.js';
import { literalValue } from '../../syntax/literals.js';
import { isNumeric } from '../exprType.js';
import type { CheckContext } from '../context.js';
import { servedRequestField } from '../servedFields.js';
import type { Rule } from '../rule.js';
import { refPart, refPartCount } from '../../syntax/reference.js';

/**
 * A serve default that its column's type cannot take (`Pclass = "first"` for a column of
 * numbers, `true` for one), or that is no time for a column the served features read as one (a
 * window's `as_of`: `snapshot_at = "soon"`): serving would refuse every request that relies on
 * it (and now refuses to start). The words are serving's own (`serveDefaultProblem`), the type
 * the data's.
 * A default that is missing text ("NA", "") fills nothing: an error where a served feature
 * reads the field with no `fill_missing` on the way (every request without it is refused,
 * whatever the file says), quiet where fills cover it (the request gets training's fill).
 * Before the default is compared with training's fill (`skew/missing-default-mismatch`, a
 * later phase that this error silences on the same value).
 */
export const serveDefaultType: Rule = {
  name: 'invalid-value',
  phase: 1,
  attribute(attr, block, ctx) {
    // 'defaults' is a block of 'serve' only (anywhere else it is unknown-block).
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const value = literalValue(attr.value);
    if (value === undefined) return;
    if (typeof value === 'string' && isMissingText(value)) {
      // Missing text ("NA") is no value in any column type, so this needs no data: it fills
      // nothing, which matters only where no fill_missing covers the field.
      const problem = serveDefaultProblem(attr.name.name, value, false, false, servedRequestField(ctx, attr.name.name)?.uncoveredIn);
      if (problem) ctx.report('invalid-value', attr.value, problem);
      return;
    }
    const type = p ? ctx.column(p, attr.name.name)?.type : undefined;
    if (type === undefined) return;
    const read = timeRead(ctx, attr.name.name);
    // A boolean, the text true/false in some case, or a number (7 for a text column holding '07')
    // may be a spelling the vocabulary lacks.
    const word = typeof value === 'boolean' || typeof value === 'number' || (typeof value === 'string' && /^(true|false)$/i.test(value));
    const learned = word && type === 'string' ? learnedValues(ctx, attr.name.name) : undefined;
    const problem =
      (learned && spellingDefaultProblem(attr.name.name, value, learned)) ||
      serveDefaultProblem(
        attr.name.name,
        value,
        isNumeric(type) && read !== 'only' && !ctx.numericOnlyInSample(p!, attr.name.name),
        read !== undefined,
        undefined,
        read !== undefined && type === 'string',
      );
    if (problem) ctx.report('invalid-value', attr.value, problem);
  },
};

/**
 * The values of a primary-table text column that a vocabulary (`one_hot`) of a served feature
 * learns, directly or through fills, as serving's request parser finds them in the fitted state;
 * here the data's values stand for the training split's. Undefined when no vocabulary reads it.
 */
function learnedValues(ctx: CheckContext, column: string): ReadonlySet<string> | undefined {
  const p = ctx.binding.primary!;
  const readsColumn = (e: Expr): boolean => {
    while (e.kind === 'Paren') e = e.expr;
    if (e.kind === 'Reference') return bareColumn(e, p.name) === column && !(refPartCount(e) === 1 && ctx.binding.features.has(column));
    if (e.kind !== 'Call') return false;
    const bound = bindArgs(e);
    const x = bound?.spec.coversMissing ? bound.values.get('x') : undefined;
    return x !== undefined && readsColumn(x);
  };
  let vocabulary = false;
  const served = ctx.servedModel();
  for (const name of served ? ctx.binding.featureClosure(served.inputs.map((i) => i.name)) : ctx.binding.usedFeatures) {
    const f = ctx.binding.features.get(name);
    if (!f) continue;
    forEachCall(f.decl.value, (call) => {
      const bound = bindArgs(call);
      const x = bound?.spec.learnsVocabulary ? bound.values.get('x') : undefined;
      if (x && readsColumn(x)) vocabulary = true;
    });
  }
  if (!vocabulary) return undefined;
  const values = ctx.readData(p)?.values?.(column);
  return values ? new Set(values.filter((v): v is string => v !== null)) : undefined;
}

function bareColumn(ref: Reference, primary: string): string | undefined {
  if (refPartCount(ref) === 1) return refPart(ref, 0);
  return refPartCount(ref) === 2 && refPart(ref, 0) === primary ? refPart(ref, 1) : undefined;
}

/**
 * How a feature the served model reads (every model's, when nothing is served) reads the
 * primary-table column as a window's `as_of`, as the one dependency walk marks it: serving then
 * parses the field as a time. 'only' when nothing reads its value: the engine takes any time
 * cell there whatever the data's column type (`timeOnlyColumns`), so '2025-04-18' fits a column
 * of epoch seconds.
 */
function timeRead(ctx: CheckContext, column: string): 'only' | 'also' | undefined {
  const p = ctx.binding.primary;
  if (!p) return undefined;
  const served = ctx.servedModel();
  const features = served ? ctx.binding.featureClosure(served.inputs.map((i) => i.name)) : ctx.binding.usedFeatures;
  let asTime = false;
  let asValue = false;
  for (const name of features) {
    const f = ctx.binding.features.get(name);
    for (const c of f?.reads.columns ?? []) {
      if (c.window || c.column !== column || (c.table !== undefined && c.table !== p.name)) continue;
      if (c.asOf) asTime = true;
      else asValue = true;
    }
  }
  return asTime ? (asValue ? 'also' : 'only') : undefined;
}
