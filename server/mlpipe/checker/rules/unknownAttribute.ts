import { attributesOf, bareName } from '../../binder.js';
import { attributeSpec, BLOCKS } from '../../language/blocks.js';
import { MODEL_KINDS, type ModelKind } from '../../language/keywords.js';
import type { Rule } from '../rule.js';

/** Attributes and line entries a block does not take. Unknown blocks are reported once, as a block. */
export const unknownAttribute: Rule = {
  name: 'unknown-attribute',
  phase: 0,
  attribute(attr, block, ctx) {
    const spec = BLOCKS[block.type.name];
    if (!spec || block.type.name === 'defaults') return;
    const known = attributeSpec(block.type.name, attr.name.name);
    if (known) {
      // Taken by the block, but not read by this model's kind: say so rather than record a no-op.
      const kind = known.onlyKinds && bareName(attributesOf(block).get('kind')?.value)?.name;
      if (kind && (MODEL_KINDS as readonly string[]).includes(kind) && !known.onlyKinds!.includes(kind as ModelKind)) {
        const kinds = known.onlyKinds!.map((k) => `'${k}'`).join(', ');
        ctx.report('unknown-attribute', attr.name, `'${attr.name.name}' has no effect on a '${kind}' model: only ${kinds} reads it; drop it, or set 'kind = ${known.onlyKinds![0]}'`);
        return;
      }
      // 'layers = []' trains no hidden layer (the output layer alone, a linear model): the hidden
      // layers' activation then applies nowhere, and the trainer records it unused.
      const layers = attr.name.name === 'activation' ? attributesOf(block).get('layers')?.value : undefined;
      if (kind && layers?.kind === 'List' && layers.items.length === 0)
        ctx.report('unknown-attribute', attr.name, "'activation' has no effect with 'layers = []': a network with no hidden layer has no activation to apply; drop it, or give 'layers' a width");
      return;
    }
    const taken = spec.attributes.map((a) => "'" + a.name + "'").join(', ');
    const { suffix, fix } = ctx.didYouMean(`attributes:${block.type.name}`, () => spec.attributes.map((a) => a.name), attr.name.name);
    // The near name set already in this block: renaming to it would be a duplicate-definition error.
    const near = fix?.fix === 'did-you-mean' ? attributesOf(block).get(fix.name) : undefined;
    if (near) {
      const line = ctx.lines.positionAt(near.start).line + 1;
      ctx.report('unknown-attribute', attr.name, `'${block.type.name}' takes no attribute '${attr.name.name}': it takes ${taken}; '${near.name.name}' is set already, on line ${line}: remove one of the two`);
      return;
    }
    ctx.report('unknown-attribute', attr.name, `'${block.type.name}' takes no attribute '${attr.name.name}': it takes ${taken}${suffix}`, fix);
  },
  block(block, ctx) {
    // The counterpart of 'name this block': a name the block does not take ('split s {') is
    // dropped by every reader, so it is reported where it has no effect, as an attribute is.
    const spec = BLOCKS[block.type.name];
    if (spec && !spec.named && block.name)
      ctx.report('unknown-attribute', block.name, `'${block.type.name}' blocks take no name: '${block.name.name}' has no effect; write '${block.type.name} {'`);
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
