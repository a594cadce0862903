import { attributesOf, bareName } from '../../binder.js';
import { isDeterministic } from '../../language/determinism.js';
import type { Rule } from '../rule.js';

/** GPU kernels reorder floating-point sums, so `gpu`/`auto` training is not bitwise repeatable unless asked. */
export const nondeterministic: Rule = {
  name: 'repro/nondeterministic',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'environment' || ctx.singleton('environment') !== block) return;
    const attrs = attributesOf(block);
    const backend = attrs.get('backend') ? bareName(attrs.get('backend')!.value)?.name : 'auto';
    if ((backend === 'gpu' || backend === 'auto') && !isDeterministic(ctx.binding))
      ctx.report(
        'repro/nondeterministic',
        attrs.get('backend') ?? ctx.header(block),
        `backend '${backend}' may train on a GPU, whose results vary between runs: set 'deterministic = true' or pick 'cpu'/'wasm'`,
      );
  },
};
