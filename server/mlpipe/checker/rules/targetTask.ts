import { bareName } from '../../binder.js';
import type { Rule } from '../rule.js';

/**
 * The task a model learns must fit its target, as the runner encodes it: a regression target
 * must be numeric, and a classifier needs at least two classes.
 */
export const targetTask: Rule = {
  name: 'invalid-value/target-task',
  phase: 1,
  file(ctx) {
    const p = ctx.binding.primary;
    const targetAttr = p?.attrs.get('target');
    if (!p?.target || !targetAttr) return;
    const col = ctx.column(p, p.target);
    const data = ctx.readData(p);
    if (!col || !data) return;
    for (const m of ctx.binding.models.values()) {
      const task = ctx.task(m);
      const explicit = m.attrs.get('task');
      const at = explicit && bareName(explicit.value) ? explicit.value : targetAttr.value;
      if (task === 'regression' && col.type === 'string') {
        ctx.report(
          'invalid-value',
          at,
          `target '${p.target}' is text, so model '${m.name}' cannot learn a regression: set 'task = classification' in model '${m.name}'`,
        );
        return;
      }
      if (task === 'classification' && !data.sampled && col.distinct < 2) {
        ctx.report('invalid-value', at, `target '${p.target}' has ${col.distinct} distinct value${col.distinct === 1 ? '' : 's'}: a classifier needs at least two classes`);
        return;
      }
    }
  },
};
