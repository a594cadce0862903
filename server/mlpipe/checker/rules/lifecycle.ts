import { attributesOf } from '../../binder.js';
import type { Rule } from '../rule.js';

/** `register` with no `require`: any model, however bad, gets a version. */
export const noGates: Rule = {
  name: 'lifecycle/no-gates',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'register') return;
    const evaluate = ctx.singleton('evaluate');
    if (evaluate?.entries.some((e) => e.kind === 'Require')) return;
    ctx.report(
      'lifecycle/no-gates',
      ctx.header(block),
      evaluate
        ? '`evaluate` has no `require`: every model would be registered; add a gate such as `require auc >= 0.8`'
        : 'no `evaluate` block gates this registration: add `evaluate { require METRIC >= VALUE }`',
    );
  },
};

/** A served model nobody watches rots silently as the world drifts. */
export const unmonitoredServing: Rule = {
  name: 'lifecycle/unmonitored-serving',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'serve' || ctx.singleton('serve') !== block) return;
    if (ctx.binding.blocks.has('monitor')) return;
    ctx.report('lifecycle/unmonitored-serving', ctx.header(block), 'the served model has no `monitor` block: drift would go unnoticed', {
      fix: 'add-monitor',
    });
  },
};

/** Drift checks that trigger nothing only fill a log. */
export const noRetrain: Rule = {
  name: 'lifecycle/no-retrain',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'monitor') return;
    if (!block.entries.some((e) => e.kind === 'Drift') || attributesOf(block).has('on_drift')) return;
    ctx.report('lifecycle/no-retrain', ctx.header(block), 'drift is measured but nothing happens on drift: add `on_drift = retrain` or `on_drift = alert`');
  },
};

/** A drift target must be something the served model reads (or `prediction`). */
export const unknownDriftTarget: Rule = {
  name: 'lifecycle/unknown-drift-target',
  phase: 0,
  drift(drift, block, ctx) {
    if (block.type.name !== 'monitor' || drift.target.name === 'prediction') return;
    const served = ctx.servedModel();
    const used = served ? ctx.binding.featureClosure(served.inputs.map((i) => i.name)) : ctx.binding.usedFeatures;
    if (used.has(drift.target.name)) return;
    const who = served ? `model \`${served.name}\`` : 'any model';
    const msg = ctx.binding.features.has(drift.target.name)
      ? `\`${drift.target.name}\` is not used by ${who}: monitor a feature it reads, or \`prediction\``
      : `\`${drift.target.name}\` is not a feature: monitor a feature ${who} reads, or \`prediction\``;
    ctx.report('lifecycle/unknown-drift-target', drift.target, msg);
  },
};

/** A feature no model reads costs compute and attention for nothing. */
export const unusedFeature: Rule = {
  name: 'lifecycle/unused-feature',
  phase: 2,
  feature(decl, ctx, inServe) {
    if (inServe || ctx.binding.features.get(decl.name.name)?.decl !== decl) return;
    if (ctx.binding.usedFeatures.has(decl.name.name)) return;
    ctx.report('lifecycle/unused-feature', decl.name, `no model uses feature \`${decl.name.name}\`: add it to a model's \`inputs\` or remove it`);
  },
};
