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
    // The example fits the pipeline's task: 'require auc' on a regression would be an error.
    const tasks = ctx.modelTasks();
    const task = tasks.size === 1 ? [...tasks][0] : undefined;
    const example = task === 'classification' ? 'require auc >= 0.8' : task === 'regression' ? 'require r2 >= 0.8' : undefined;
    // 'compare_to' judges the metrics the gates name: with none, it compares nothing, without a word from the run.
    const idle = evaluate && attributesOf(evaluate).has('compare_to') ? ", and 'compare_to' compares only the metrics the gates name, so it compares none" : '';
    ctx.report(
      'lifecycle/no-gates',
      ctx.header(block),
      evaluate
        ? `'evaluate' has no 'require': every model would be registered${idle}; add a gate such as ${example ? `'${example}'` : "'require METRIC >= VALUE'"}`
        : `no 'evaluate' block gates this registration: add 'evaluate { ${example ?? 'require METRIC >= VALUE'} }'`,
    );
  },
};
