import { DRIFT_STATISTIC_INFO, DRIFT_STATISTICS, isDriftStatistic, statisticKindProblem } from '../../drift/catalogue.js';
import type { CheckContext } from '../context.js';
import { isNumeric, typesOf } from '../exprType.js';
import type { Rule } from '../rule.js';
import type { ProfileKind } from '../../drift/profile.js';
import { PREDICTION_TARGET } from '../../language/keywords.js';

/**
 * What a drift target is as the monitor measures it: a one_hot feature is its category, a
 * number is numeric; `prediction` is the predicted class of a multiclass model, else a number
 * (a probability or a value). Undefined when the checker cannot tell (no data, an unknown name).
 * Completion offers the statistics that take it.
 */
export function driftTargetKind(target: string, ctx: CheckContext): ProfileKind | undefined {
  if (target === PREDICTION_TARGET) {
    const task = ctx.task(ctx.servedModel());
    if (task === 'regression') return 'numeric';
    if (task !== 'classification') return undefined;
    const p = ctx.binding.primary;
    const classes = p?.target ? ctx.column(p, p.target)?.distinct : undefined;
    return classes === undefined ? undefined : classes > 2 ? 'categorical' : 'numeric';
  }
  if (!ctx.binding.features.has(target)) return undefined;
  const t = typesOf(ctx).feature(target);
  return t === 'vector' ? 'categorical' : isNumeric(t) ? 'numeric' : undefined;
}

/** A drift statistic of the other kind than its target (`ks` of a one_hot feature): the monitor could not measure it. */
export const driftStatisticKind: Rule = {
  name: 'invalid-value',
  phase: 1,
  drift(drift, block, ctx) {
    if (block.type.name !== 'monitor') return;
    if (textInnerTarget(drift.target.name, ctx)) {
      // The run computes an inner target's reference as a plan output, which must be a number:
      // it trained the whole model and then failed on this line.
      ctx.report('type-mismatch', drift.target, `'${drift.target.name}' gives text, which drift cannot measure: monitor a feature that encodes it with 'one_hot' or 'hash_bucket', or a numeric feature`);
      return;
    }
    if (!isDriftStatistic(drift.stat.name)) return;
    const stat = drift.stat.name;
    const kind = driftTargetKind(drift.target.name, ctx);
    const problem = kind && statisticKindProblem(stat, drift.target.name, kind);
    if (!problem) return;
    // The fix: a statistic that takes this kind and drifts the same way, with the widest values,
    // so the line's comparison and threshold keep their meaning (ks > 0.2 becomes psi > 0.2).
    const { drifted, range } = DRIFT_STATISTIC_INFO[stat];
    const replacement = DRIFT_STATISTICS.find((s) => {
      const info = DRIFT_STATISTIC_INFO[s];
      return !statisticKindProblem(s, drift.target.name, kind) && info.drifted === drifted && info.range.min <= range.min && info.range.max >= range.max;
    });
    ctx.report('invalid-value', drift.stat, problem, replacement ? { fix: 'did-you-mean', name: replacement } : undefined);
  },
};

/**
 * A drift target that is a feature giving text and not an input of the served model (of any
 * model, when none is served): an input's text is already the model's type-mismatch.
 */
function textInnerTarget(target: string, ctx: CheckContext): boolean {
  if (target === PREDICTION_TARGET || !ctx.binding.features.has(target) || typesOf(ctx).feature(target) !== 'string') return false;
  const served = ctx.servedModel();
  const models = served ? [served] : [...ctx.binding.models.values()];
  return !models.some((m) => m.inputs.some((i) => i.name === target));
}
