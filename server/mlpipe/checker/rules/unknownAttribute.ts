import { attributeSpec, BLOCKS } from '../../language/blocks.js';
import type { Rule } from '../rule.js';

/** Attributes and line entries a block does not take. Unknown blocks are reported once, as a block. */
export const unknownAttribute: Rule = {
  name: 'unknown-attribute',
  phase: 0,
  attribute(attr, block, ctx) {
    const spec = BLOCKS[block.type.name];
    if (!spec || block.type.name === 'defaults') return;
    if (attributeSpec(block.type.name, attr.name.name)) return;
    const known = spec.attributes.map((a) => "'" + a.name + "'").join(', ');
    const { suffix, fix } = ctx.didYouMean(`attributes:${block.type.name}`, () => spec.attributes.map((a) => a.name), attr.name.name);
    ctx.report('unknown-attribute', attr.name, `'${block.type.name}' takes no attribute '${attr.name.name}': it takes ${known}${suffix}`, fix);
  },
  require(req, block, ctx) {
    if (block.type.name !== 'evaluate' && BLOCKS[block.type.name])
      ctx.report('unknown-attribute', req.keyword, "'require' lines belong in the 'evaluate' block");
  },
  drift(drift, block, ctx) {
    if (block.type.name !== 'monitor' && BLOCKS[block.type.name])
      ctx.report('unknown-attribute', drift.keyword, "'drift' lines belong in the 'monitor' block");
  },
};
