import { integerCollisionMessage } from '../../data/keys.js';
import { splitConfig } from '../../language/splitConfig.js';
import type { Rule } from '../rule.js';

/**
 * A `key` (or the split's `by`) whose integers are too long to tell apart as doubles: the
 * engine would join or group two entities as one. Read from the data's facts, which carry the
 * first such pair (`IntegerCollisions`); the engine refuses the column in the same words.
 */
export const keyCollision: Rule = {
  name: 'invalid-value',
  phase: 1,
  file(ctx) {
    const reported = new Set<string>();
    for (const t of ctx.binding.tables.values()) {
      const attr = t.attrs.get('key');
      if (!t.key || !attr) continue;
      const pair = ctx.column(t, t.key)?.collision;
      if (!pair) continue;
      reported.add(`${t.name}.${t.key}`);
      ctx.report('invalid-value', attr.value, integerCollisionMessage(t.key, pair));
    }
    const p = ctx.binding.primary;
    const by = splitConfig(ctx.binding).by;
    const byAttr = ctx.singleton('split')?.entries.find((e) => e.kind === 'Attribute' && e.name.name === 'by');
    if (!p || !by || !byAttr || reported.has(`${p.name}.${by}`)) return;
    const pair = ctx.column(p, by)?.collision;
    if (pair && byAttr.kind === 'Attribute') ctx.report('invalid-value', byAttr.value, integerCollisionMessage(by, pair));
  },
};
