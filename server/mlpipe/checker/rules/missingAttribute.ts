import { BLOCKS } from '../../language/blocks.js';
import { attributesOf } from '../../binder.js';
import type { Rule } from '../rule.js';

export const missingAttribute: Rule = {
  name: 'missing-attribute',
  phase: 0,
  block(block, ctx, parent) {
    const spec = BLOCKS[block.type.name];
    if (!spec || (parent && block.type.name !== 'defaults')) return;
    if (spec.named && !block.name) {
      ctx.report('missing-attribute', ctx.header(block), `name this block: '${block.type.name} NAME {'`);
      return;
    }
    const attrs = attributesOf(block);
    let missing: string[] | undefined;
    for (const a of spec.attributes) if (a.required && !attrs.has(a.name)) (missing ??= []).push("'" + a.name + "'");
    if (missing)
      ctx.report(
        'missing-attribute',
        ctx.header(block),
        `'${block.type.name}${block.name ? ' ' + block.name.name : ''}' needs ${missing.join(' and ')}`,
      );
  },
};
