import { bareName } from '../binder.js';
import type { Block } from '../syntax/ast.js';
import type { CheckContext } from './context.js';

/**
 * Which model blocks may read something the last check did not: those an edit replaced (a new
 * block object: the re-parse keeps and moves an untouched one) and those with an input naming
 * a feature whose closure changed (`FeatureEntries.changed`). Found from an index of the model
 * blocks by the names in their `inputs`, kept while the file's model blocks are the same
 * objects, so an edit of one feature looks at the models that name it, not at every input of
 * every model.
 */
interface Changes {
  token: object;
  since: object | undefined;
  /** The model blocks the index holds (only these are ever reused). */
  indexed: ReadonlySet<Block>;
  /** Indexed blocks naming a changed feature in their inputs. */
  affected: ReadonlySet<Block>;
}

interface Index {
  blocks: readonly Block[];
  indexed: Set<Block>;
  byName: Map<string, Block[]>;
}

/** Each document's last index (by its memo), with the model blocks it was made of. */
const indexes = new WeakMap<object, Index>();

function indexOf(memo: object, blocks: readonly Block[]): Index {
  const last = indexes.get(memo);
  if (last && last.blocks.length === blocks.length && last.blocks.every((b, k) => b === blocks[k])) return last;
  const byName = new Map<string, Block[]>();
  for (const b of blocks)
    // Every 'inputs' of the block (the binder reads the first, type-mismatch each).
    for (const e of b.entries) {
      if (e.kind !== 'Attribute' || e.name.name !== 'inputs' || e.value.kind !== 'List') continue;
      for (const item of e.value.items) {
        const id = bareName(item);
        if (!id) continue;
        const list = byName.get(id.name);
        if (!list) byName.set(id.name, [b]);
        else if (list[list.length - 1] !== b) list.push(b);
      }
    }
  const index = { blocks: blocks.slice(), indexed: new Set(blocks), byName };
  indexes.set(memo, index);
  return index;
}

const changesOf = new WeakMap<CheckContext, Changes | null>();

function changes(ctx: CheckContext): Changes | undefined {
  let c = changesOf.get(ctx);
  if (c === undefined) {
    const entries = ctx.featureEntries;
    c = null;
    if (entries) {
      const affected = new Set<Block>();
      let indexed: ReadonlySet<Block> = new Set();
      if (entries.since && entries.changed && ctx.host.memo) {
        const index = indexOf(ctx.host.memo, ctx.binding.blocks.get('model') ?? []);
        indexed = index.indexed;
        for (const name of entries.changed) for (const b of index.byName.get(name) ?? []) affected.add(b);
      }
      c = { token: entries.token, since: entries.since, indexed, affected };
    }
    changesOf.set(ctx, c);
  }
  return c ?? undefined;
}

/**
 * A rule's result on each model block, carried from one check of a document to the next while
 * nothing the rule reads of that model may have changed: the block itself, the closure ids of
 * the features its inputs name (each names the texts of everything it reads) and the context
 * `FeatureResults` keys every feature's results by (the feature names, the 'data' blocks, the
 * tables' data). What else a rule reads (the split) it keeps in the value and compares itself.
 * A result is found only in the check right after the one that made or found it.
 */
export class ModelResults<T> {
  private readonly kept = new WeakMap<object, { at: object; value: T }>();
  /** Results found by the last checks (for tests and benchmarks). */
  reused = 0;

  /** The result kept for `node` (the block, or a node of it), when `block` is unchanged. */
  get(ctx: CheckContext, block: Block, node: object = block): T | undefined {
    const c = changes(ctx);
    if (!c?.since) return undefined;
    const k = this.kept.get(node);
    if (!k || k.at !== c.since || !c.indexed.has(block) || c.affected.has(block)) return undefined;
    k.at = c.token;
    this.reused++;
    return k.value;
  }

  set(ctx: CheckContext, node: object, value: T): void {
    const c = changes(ctx);
    if (c) this.kept.set(node, { at: c.token, value });
  }
}
