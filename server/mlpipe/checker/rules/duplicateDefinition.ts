import { PREDICTION_TARGET } from '../../language/keywords.js';
import { attributesOf } from '../../binder.js';
import type { Rule } from '../rule.js';
import { BOOLEAN_LITERALS } from '../../syntax/parser.js';
import { earlierCopy } from '../laterCopy.js';

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
  // The language names the model's output `prediction` in drift lines, reports and parity: a
  // feature of that name would have its reference profile replaced by the output's and go
  // unmonitored, and a drift line could not say which of the two it means.
  feature(decl, ctx, inServe) {
    if (inServe) return;
    // 'true' and 'false' read as booleans wherever a name is written: such a feature could never be used.
    if (BOOLEAN_LITERALS.includes(decl.name.name)) {
      ctx.report('duplicate-definition', decl.name, `'${decl.name.name}' is the boolean ${decl.name.name} wherever it is written, so no input or feature could read this feature: give it another name`);
      return;
    }
    if (decl.name.name !== PREDICTION_TARGET) return;
    ctx.report('duplicate-definition', decl.name, `'${PREDICTION_TARGET}' is the name drift lines and reports give the model's output: give this feature another name`);
  },
  // An attribute set twice in one block (`test = 0.2` … `test = 0.5`): readers disagree on which
  // copy counts (blocks keep the first, a map of serve defaults the last), as HCL calls it an
  // error ("Attribute redefined"); every copy after the first is reported, nested blocks too.
  block(block, ctx) {
    // A nested block repeated where it may stand once (two 'defaults' in one 'serve'): serving
    // reads the first, as it reads the first 'serve' (the binder reports top-level copies).
    for (const e of block.entries) {
      const first = e.kind === 'Block' ? earlierCopy(ctx.binding, e, block) : undefined;
      if (!first || e.kind !== 'Block') continue;
      const line = ctx.lines.positionAt(first.start).line + 1;
      ctx.report('duplicate-definition', e.type, `a second '${e.type.name}' block in this '${block.type.name}' block: merge it into the first (line ${line})`);
    }
    // The block's attribute map (kept per block, first of each name) has one entry per
    // attribute unless one repeats: no map of its own per block.
    const firsts = attributesOf(block);
    let count = 0;
    for (const e of block.entries) if (e.kind === 'Attribute') count++;
    if (count === firsts.size) return;
    for (const e of block.entries) {
      if (e.kind !== 'Attribute') continue;
      const first = firsts.get(e.name.name)!;
      if (first === e) continue;
      const line = ctx.lines.positionAt(first.start).line + 1;
      ctx.report('duplicate-definition', e.name, `'${e.name.name}' is already set on line ${line} of this '${block.type.name}' block: remove one of the two`);
    }
  },
};
