import { attributesOf, bareName } from '../../binder.js';
import { deterministicProblem, deterministicRequests } from '../../language/backendPromises.js';
import { isDeterministic } from '../../language/determinism.js';
import { BACKENDS, oneOf } from '../../language/keywords.js';
import type { Rule } from '../rule.js';

/**
 * `deterministic = true` with a backend none of whose engines promises bitwise-identical weights
 * (`gpu`): the engine refuses the run on every machine, so the check refuses it too, in the
 * engine's words, on the backend. The fix picks a backend that keeps the promise (wasm, the
 * faster of the two where both do).
 */
export const deterministicBackend: Rule = {
  name: 'invalid-value',
  phase: 1,
  file(ctx) {
    const env = ctx.singleton('environment');
    if (!env) return;
    const attrs = attributesOf(env);
    const backendAttr = attrs.get('backend');
    if (!isDeterministic(ctx.binding) || !backendAttr) return;
    const backend = oneOf(BACKENDS, bareName(backendAttr.value)?.name);
    const problem = backend && deterministicProblem(backend);
    if (!problem) return;
    const qualify = deterministicRequests();
    const name = qualify.includes('wasm') ? 'wasm' : qualify[0];
    ctx.report('invalid-value', backendAttr.value, problem, name ? { fix: 'did-you-mean', name } : undefined);
  },
};
