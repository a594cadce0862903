import { attributesOf, bareName } from '../../binder.js';
import { deterministicProblem, deterministicRequests } from '../../language/backendPromises.js';
import { isDeterministic } from '../../language/determinism.js';
import { BACKENDS, oneOf } from '../../language/keywords.js';
import type { Rule } from '../rule.js';

/** GPU kernels reorder floating-point sums, so `gpu`/`auto` training is not bitwise repeatable unless asked. */
export const nondeterministic: Rule = {
  name: 'repro/nondeterministic',
  phase: 2,
  block(block, ctx, parent) {
    if (parent || block.type.name !== 'environment' || ctx.singleton('environment') !== block) return;
    const attrs = attributesOf(block);
    const backend = attrs.get('backend') ? bareName(attrs.get('backend')!.value)?.name : 'auto';
    if ((backend === 'gpu' || backend === 'auto') && !isDeterministic(ctx.binding)) {
      const qualify = deterministicRequests().map((r) => `'${r}'`);
      // 'deterministic = true' on a backend that cannot keep it is refused (invalid-value): advise it only where it holds.
      const remedy = deterministicProblem(oneOf(BACKENDS, backend)!)
        ? `pick ${qualify.join(' or ')}, with 'deterministic = true' (no ${backend === 'gpu' ? 'GPU ' : ''}backend keeps that promise)`
        : `set 'deterministic = true' or pick ${qualify.join('/')}`;
      ctx.report('repro/nondeterministic', attrs.get('backend') ?? ctx.header(block), `backend '${backend}' may train on a GPU, whose results vary between runs: ${remedy}`);
    }
  },
};
