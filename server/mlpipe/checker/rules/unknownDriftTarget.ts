import type { Rule } from '../rule.js';
import { PREDICTION_TARGET } from '../../language/keywords.js';

/** A drift target must be something the served model reads (or `prediction`). */
export const unknownDriftTarget: Rule = {
  name: 'lifecycle/unknown-drift-target',
  phase: 0,
  drift(drift, block, ctx) {
    if (block.type.name !== 'monitor' || drift.target.name === PREDICTION_TARGET) return;
    const served = ctx.servedModel();
    const used = served ? ctx.binding.featureClosure(served.inputs.map((i) => i.name)) : ctx.binding.usedFeatures;
    if (used.has(drift.target.name)) return;
    const who = served ? `model '${served.name}'` : 'any model';
    if (ctx.binding.features.has(drift.target.name)) {
      // The model's `inputs` hold a syntax error: it may read this feature.
      if (served ? served.inputsUnread : ctx.binding.inputsUnread) return;
      ctx.report('lifecycle/unknown-drift-target', drift.target, `'${drift.target.name}' is not used by ${who}: monitor a feature it reads, or '${PREDICTION_TARGET}'`);
      return;
    }
    // A misspelt target, as a misspelt name anywhere else, is offered the closest one it may name.
    const { suffix, fix } = ctx.didYouMean('drift-targets', () => [...used, PREDICTION_TARGET], drift.target.name);
    ctx.report('lifecycle/unknown-drift-target', drift.target, `'${drift.target.name}' is not a feature: monitor a feature ${who} reads, or '${PREDICTION_TARGET}'${suffix}`, fix);
  },
};
