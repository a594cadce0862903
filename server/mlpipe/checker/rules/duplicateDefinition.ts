import type { Rule } from '../rule.js';

const WHAT = { feature: 'feature', table: 'table', model: 'model', registered: 'registered model', column: 'column', block: 'block' };

export const duplicateDefinition: Rule = {
  name: 'duplicate-definition',
  phase: 0,
  file(ctx) {
    for (const d of ctx.binding.duplicates) {
      const line = ctx.lines.positionAt(d.first.start).line + 1;
      const msg =
        d.kind === 'block'
          ? `a second '${d.name}' block: merge it into the first (line ${line})`
          : `${WHAT[d.kind]} '${d.name}' is already defined on line ${line}: rename or remove this one`;
      ctx.report('duplicate-definition', d.node, msg);
    }
  },
};
