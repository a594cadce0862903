import { bareName } from '../../binder.js';
import { TRANSFORMS } from '../../language/transforms.js';
import { literalNumber } from '../../syntax/literals.js';
import { bindArgs } from '../../language/callArgs.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';

/** Calls to functions that are not transforms, or with arguments their signature does not take. */
export const unknownTransform: Rule = {
  name: 'unknown-transform',
  phase: 0,
  call(call, _feature, ctx: CheckContext) {
    const bound = bindArgs(call);
    if (!bound) {
      const names = Object.keys(TRANSFORMS);
      ctx.report('unknown-transform', call.callee, `\`${call.callee.name}\` is not a transform: use ${names.map((n) => '`' + n + '`').join(', ')}`);
      return;
    }
    const first = bound.problems[0];
    if (first) {
      ctx.report('unknown-transform', first.node.kind === 'Call' ? first.node.callee : first.node, first.message);
      return;
    }
    const { spec, byName } = bound;
    for (const s of spec.args) {
      const arg = byName.get(s.name);
      if (!arg) continue;
      const v = arg.value;
      const bad = (msg: string) => ctx.report('unknown-transform', v, msg);
      switch (s.kind) {
        case 'number':
          if (literalNumber(v) === undefined) bad(`\`${s.name}\` of \`${spec.name}\` takes a literal number`);
          break;
        case 'integer': {
          const n = literalNumber(v);
          if (n === undefined || !Number.isInteger(n) || n < 1) bad(`\`${s.name}\` of \`${spec.name}\` takes a positive whole number`);
          break;
        }
        case 'duration':
          if (v.kind !== 'Duration' || v.seconds <= 0) bad(`\`${spec.name}\` takes a positive duration such as \`90d\`, \`12h\` or \`2w\``);
          break;
        case 'numberList':
          if (v.kind !== 'List' || v.items.length === 0 || v.items.some((i) => literalNumber(i) === undefined))
            bad('bucket edges are a list of numbers, e.g. `[0, 10, 100]`');
          else {
            const xs = v.items.map((i) => literalNumber(i)!);
            if (xs.some((x, i) => i > 0 && x <= xs[i - 1])) bad('bucket edges must increase strictly');
          }
          break;
        case 'list':
          if (v.kind !== 'List' || v.items.some((i) => i.kind !== 'String' && literalNumber(i) === undefined))
            bad('`vocabulary` is a list of literal strings or numbers');
          break;
        case 'fit': {
          const id = bareName(v);
          if (!id || (id.name !== 'train' && id.name !== 'all'))
            ctx.report('invalid-value', v, '`fit` takes `train` (fit on the training split) or `all`');
          break;
        }
        case 'historyColumn': {
          const t = v.kind === 'Reference' && v.parts.length === 2 ? ctx.binding.tables.get(v.parts[0].name) : undefined;
          if (v.kind !== 'Reference' || v.parts.length !== 2) bad(`\`${spec.name}\` aggregates a history table's column: write \`table.column\``);
          else if (t && t === ctx.binding.primary)
            bad(`\`${spec.name}\` aggregates a history table, but \`${t.name}\` is the primary table: read its columns directly`);
          break;
        }
        case 'primaryColumn': {
          const p = ctx.binding.primary;
          if (v.kind !== 'Reference' || v.parts.length > 2 || v.at) bad('`as_of` takes a column of the primary table, e.g. `as_of = customers.snapshot_at`');
          else if (p && v.parts.length === 2 && v.parts[0].name !== p.name && ctx.binding.tables.has(v.parts[0].name))
            bad(`\`as_of\` must be a column of the primary table \`${p.name}\`, not of \`${v.parts[0].name}\``);
          break;
        }
        case 'expr':
          if (v.kind === 'List') bad(`\`${s.name}\` of \`${spec.name}\` is a value, not a list`);
          break;
      }
    }
  },
};
