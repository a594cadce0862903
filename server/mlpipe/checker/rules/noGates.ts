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
        ? "'evaluate' has no 'require': every model would be registered; add a gate such as 'require auc >= 0.8'"
        : "no 'evaluate' block gates this registration: add 'evaluate { require METRIC >= VALUE }'",
    );
  },
};
