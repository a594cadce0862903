import { BLOCKS, nestingKinds, TOP_LEVEL_BLOCKS } from '../../language/blocks.js';
import type { Rule } from '../rule.js';

// Made once: a file of many unknown blocks reports each with the same list.
const TOP_LEVEL_LIST = TOP_LEVEL_BLOCKS.map((k) => "'" + k + "'").join(', ');
const topLevel = (): string[] => TOP_LEVEL_BLOCKS;

export const unknownBlock: Rule = {
  name: 'unknown-block',
  phase: 0,
  block(block, ctx, parent) {
    const kind = block.type.name;
    if (!parent) {
      if (TOP_LEVEL_BLOCKS.includes(kind)) return;
      if (nestingKinds(kind).length) {
        ctx.report('unknown-block', block.type, `unknown block '${kind}': ${whereItBelongs(kind)}`);
        return;
      }
      const { suffix, fix } = ctx.didYouMean('blocks', topLevel, kind);
      ctx.report('unknown-block', block.type, `unknown block '${kind}': blocks are ${TOP_LEVEL_LIST}${suffix}`, fix);
      return;
    }
    const nested = BLOCKS[parent.type.name]?.nested ?? [];
    if (nested.includes(kind)) return;
    if (!nested.length) {
      ctx.report('unknown-block', block.type, `'${parent.type.name}' takes no nested blocks: ${whereItBelongs(kind)}`);
      return;
    }
    const { suffix, fix } = ctx.didYouMean(`nested:${parent.type.name}`, () => nested, kind);
    ctx.report('unknown-block', block.type, `'${parent.type.name}' takes no '${kind}' block (only ${nested.map((k) => "'" + k + "'").join(', ')})${suffix}`, fix);
  },
};

/**
 * Where a misplaced block belongs: a nested kind in the block that takes it; any other is no
 * block at all (a top-level kind's header starts a new statement, so it is never nested).
 */
function whereItBelongs(kind: string): string {
  const homes = nestingKinds(kind);
  if (homes.length) return `'${kind}' belongs inside ${homes.map((k) => "'" + k + "'").join(' or ')}`;
  return `remove '${kind}'`;
}
