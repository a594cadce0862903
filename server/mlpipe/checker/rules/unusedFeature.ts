import type { Rule } from '../rule.js';

/** A feature no model reads costs compute and attention for nothing. */
export const unusedFeature: Rule = {
  name: 'lifecycle/unused-feature',
  phase: 2,
  fileWide: true,
  // Top-level features with an entry are the binding's own, never a repeated definition.
  wideKey: (decl, ctx) => (ctx.binding.inputsUnread ? 'x' : ctx.binding.usedFeatures.has(decl.name.name) ? 'u' : 'n'),
  feature(decl, ctx, _inServe, own) {
    if (!own) return;
    // A model's `inputs` with a syntax error may name it: that error is the one to fix.
    if (ctx.binding.inputsUnread || ctx.binding.usedFeatures.has(decl.name.name)) return;
    ctx.report('lifecycle/unused-feature', decl.name, `no model uses feature '${decl.name.name}': add it to a model's 'inputs' or remove it`);
  },
};
