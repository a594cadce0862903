import type { Rule } from '../rule.js';

/**
 * A run registers the model it trains under one name: the first `register` block that takes it
 * (`runConfig`). A second block taking the same model never gets a version, so serving it is
 * refused for ever ("'ra_prod' is not registered yet: train the pipeline first"), though every
 * run trains the model. Refused on the second block's `from`.
 */
export const registerTwice: Rule = {
  name: 'invalid-value',
  phase: 1,
  file(ctx) {
    const first = new Map<string, string>();
    for (const r of ctx.binding.registered.values()) {
      if (!r.from || !ctx.binding.models.has(r.from.name)) continue;
      const earlier = first.get(r.from.name);
      if (earlier === undefined) {
        first.set(r.from.name, r.name);
        continue;
      }
      ctx.report(
        'invalid-value',
        r.from,
        `model '${r.from.name}' is already registered as '${earlier}': a run registers the model it trains under its first register block only, so '${r.name}' would never get a version; remove this block, or set the stage you want on '${earlier}'`,
      );
    }
  },
};
