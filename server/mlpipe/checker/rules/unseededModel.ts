import { DETERMINISTIC_MODEL_SEED, isDeterministic, SUGGESTED_SEED } from '../../language/determinism.js';
import type { Rule } from '../rule.js';

/** Unseeded initial weights and batch order make two runs of the same pipeline differ. */
export const unseededModel: Rule = {
  name: 'repro/unseeded-model',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'model' || !block.name) return;
    const m = ctx.binding.models.get(block.name.name);
    if (!m || m.decl !== block || m.attrs.has('seed')) return;
    const message = isDeterministic(ctx.binding)
      ? `model '${m.name}' has no 'seed': with 'deterministic = true' the fixed seed ${DETERMINISTIC_MODEL_SEED} is used; state a 'seed' to choose it`
        : `model '${m.name}' has no 'seed': its weights would differ on every run; add 'seed = ${SUGGESTED_SEED}'`;
    ctx.report('repro/unseeded-model', ctx.header(block), message, {
      fix: 'add-seed',
      block: 'model',
      seed: SUGGESTED_SEED,
    });
  },
};
