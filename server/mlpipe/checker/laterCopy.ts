import type { Binding } from '../binder.js';
import { BLOCKS, blockBelongs } from '../language/blocks.js';
import type { Block } from '../syntax/ast.js';

/**
 * The earlier block a block repeats, when it is a later copy of a block kind that may stand once
 * where it is (`repeatable: false` in BLOCKS): a second `serve` in the file, a second `defaults` in
 * one `serve`. Readers take the first (serving reads one serve block and its first defaults), so
 * the copy is reported as duplicate-definition and nothing it holds is judged: errors do not
 * cascade (the spec), and a default in it would be judged as a fill that serving never makes.
 * Undefined for a first block, a repeatable kind, and a block where its kind may not stand.
 */
export function earlierCopy(binding: Binding, block: Block, parent: Block | undefined): Block | undefined {
  const kind = block.type.name;
  // A block where its kind may not stand is unknown-block's alone, however many there are.
  if (BLOCKS[kind]?.repeatable !== false || !blockBelongs(kind, parent?.type.name)) return undefined;
  if (parent === undefined) {
    const first = binding.blocks.get(kind)?.[0];
    return first !== undefined && first !== block ? first : undefined;
  }
  for (const e of parent.entries) {
    if (e === block) return undefined;
    if (e.kind === 'Block' && e.type.name === kind) return e;
  }
  return undefined;
}
