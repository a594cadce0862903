import { BLOCKS, TOP_LEVEL_BLOCKS } from '../../language/blocks.js';
import type { Rule } from '../rule.js';

export const unknownBlock: Rule = {
  name: 'unknown-block',
  phase: 0,
  block(block, ctx, parent) {
    const kind = block.type.name;
    if (!parent) {
      if (TOP_LEVEL_BLOCKS.includes(kind)) return;
      const hint = kind === 'defaults' ? ": 'defaults' belongs inside 'serve'" : `: blocks are ${TOP_LEVEL_BLOCKS.map((k) => "'" + k + "'").join(', ')}`;
      ctx.report('unknown-block', block.type, `unknown block '${kind}'${hint}`);
      return;
    }
    const nested = BLOCKS[parent.type.name]?.nested ?? [];
    if (!nested.includes(kind))
      ctx.report(
        'unknown-block',
        block.type,
        nested.length
          ? `'${parent.type.name}' takes no '${kind}' block (only ${nested.map((k) => "'" + k + "'").join(', ')})`
          : `'${parent.type.name}' takes no nested blocks: move '${kind}' out`,
      );
  },
};
