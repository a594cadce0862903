import { bareName } from '../../binder.js';
import { BLOCKS } from '../../language/blocks.js';
import type { Ident } from '../../syntax/ast.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';

function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.floor(name.length / 3) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c ? ` Did you mean '${c}'?` : '';
}

function checkColumn(ctx: CheckContext, tableName: string, id: Ident, what: string): void {
  const table = ctx.binding.tables.get(tableName);
  if (!table || ctx.mayBeColumn(table, id.name)) return;
  const cols = ctx.columns(table)!.map((c) => c.name);
  ctx.report('unknown-reference', id, `${what}: '${tableName}' (${table.source}) has no column '${id.name}'.${didYouMean(id.name, cols)}`);
}

/** Every name must mean something: a feature, a table and its columns, a model, a registered model. */
export const unknownReference: Rule = {
  name: 'unknown-reference',
  phase: 0,
  reference(ref, _feature, ctx) {
    const { binding } = ctx;
    const parts = ref.parts;
    if (parts.length === 1) {
      const n = parts[0];
      if (binding.features.has(n.name)) return;
      const p = binding.primary;
      if (p) {
        if (ctx.mayBeColumn(p, n.name)) return;
        const names = [...binding.features.keys(), ...(ctx.columns(p) ?? []).map((c) => c.name)];
        ctx.report('unknown-reference', n, `'${n.name}' is neither a feature nor a column of '${p.name}'.${didYouMean(n.name, names)}`);
        return;
      }
      if (binding.targetTables.length > 1) return; // ambiguous primary: reported as invalid-value
      if (binding.tables.size > 0 && binding.targetTables.length === 0) return; // no target: reported as invalid-value
      ctx.report('unknown-reference', n, `'${n.name}' is not a feature, and no 'data' block with a 'target' supplies columns.${didYouMean(n.name, binding.features.keys())}`);
      return;
    }
    if (parts.length > 2) {
      ctx.report('unknown-reference', ref, `'${parts.map((p) => p.name).join('.')}' has too many parts: write 'table.column'`);
      return;
    }
    const [t, c] = parts;
    if (!binding.tables.has(t.name)) {
      const extra = binding.features.has(t.name) ? ' (features have no columns)' : didYouMean(t.name, binding.tables.keys());
      ctx.report('unknown-reference', t, `no 'data' block is called '${t.name}'${extra}`);
      return;
    }
    checkColumn(ctx, t.name, c, `'${t.name}.${c.name}'`);
  },

  attribute(attr, block, ctx) {
    const spec = BLOCKS[block.type.name]?.attributes.find((a) => a.name === attr.name.name);
    const { binding } = ctx;
    if (!spec) {
      // `serve { defaults { column = value } }` names primary-table columns.
      if (block.type.name === 'defaults' && binding.primary) checkColumn(ctx, binding.primary.name, attr.name, 'serving default');
      return;
    }
    const id = bareName(attr.value);
    switch (spec.kind) {
      case 'column':
        if (id && block.name) checkColumn(ctx, block.name.name, id, `'${attr.name.name}'`);
        break;
      case 'primaryColumn':
        if (id && binding.primary) checkColumn(ctx, binding.primary.name, id, `'${attr.name.name}'`);
        break;
      case 'features':
        if (attr.value.kind === 'List')
          for (const item of attr.value.items) {
            const n = bareName(item);
            if (n && !binding.features.has(n.name))
              ctx.report('unknown-reference', n, `no feature is called '${n.name}': 'inputs' name features.${didYouMean(n.name, binding.features.keys())}`);
          }
        break;
      case 'model':
        if (id && !binding.models.has(id.name))
          ctx.report('unknown-reference', id, `no 'model' block is called '${id.name}'.${didYouMean(id.name, binding.models.keys())}`);
        break;
      case 'servedModel':
        if (attr.value.kind === 'Reference' && attr.value.parts.length === 1) {
          const n = attr.value.parts[0];
          if (!binding.registered.has(n.name) && !binding.models.has(n.name))
            ctx.report(
              'unknown-reference',
              n,
              `no 'register' block is called '${n.name}'.${didYouMean(n.name, [...binding.registered.keys(), ...binding.models.keys()])}`,
            );
        }
        break;
      default:
        break;
    }
  },
};
