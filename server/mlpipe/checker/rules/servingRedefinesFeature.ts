import type { Rule } from '../rule.js';

/** A feature written in `serve` is a second code path: exactly the skew the engine exists to prevent. */
export const servingRedefinesFeature: Rule = {
  name: 'skew/serving-redefines-feature',
  phase: 0,
  feature(decl, ctx, inServe) {
    if (!inServe) return;
    const existing = ctx.binding.features.has(decl.name.name);
    ctx.report(
      'skew/serving-redefines-feature',
      { start: decl.start, end: decl.name.end },
      existing
        ? `'serve' overrides feature '${decl.name.name}': serving must compute it with the training definition; remove this line`
        : `'serve' defines feature '${decl.name.name}', which training never sees: define it at the top level instead`,
    );
  },
};
