import { literalValue } from '../../syntax/literals.js';
import { fillsNothing } from '../../features/defaultMismatch.js';
import { windowJoinColumn } from '../../features/windowJoin.js';
import { asOfColumn, windowsIn } from '../../language/timeColumns.js';
import { servedFeatures } from '../../served.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * A serve default for a column a served window reads as its `as_of`, or joins its history on:
 * serving fills it into every request without the field, so those requests get the windows of
 * one fixed moment (however late they come) or of one entity (whoever they are about), while
 * training read each row's own. Serving accepts it and answers without a word; scoring a batch
 * as of one date is a use, but a request that forgot the field is the common way to get here,
 * so this is a warning (suppressible) and not an error. An addition beyond the spec's table
 * (docs/diagnostics.md).
 */
export const windowDefault: Rule = {
  name: 'skew/window-default',
  phase: 2,
  attribute(attr, block, ctx) {
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const written = literalValue(attr.value);
    // A missing-text default ("NA") fills nothing: a request without the field is treated as one
    // without a default (its window's fill_missing, or 'invalid-value' where none covers it).
    if (!p || written === undefined || fillsNothing(written)) return;
    const column = attr.name.name;
    const use = windowUse(ctx, column);
    if (!use) return;
    const features = listed(use.features);
    const value = JSON.stringify(written);
    const message =
      use.as === 'as_of'
        ? `serving fills a missing '${column}' with ${value}, a fixed moment: every request without it gets ${features} as of that moment however late it comes, while training read each row's own time; send '${column}' with each request, or drop this default so a request without it is refused`
        : `serving fills a missing '${column}' with ${value}, one entity: every request without it gets ${features} over the ${tables(use.histories)} rows of ${value}, whoever it is about; drop this default so a request without '${column}' is refused`;
    // The whole `column = value` line: the default is the mistake, not only its value.
    ctx.report('skew/window-default', attr, message);
  },
};

/**
 * How the served model's features (every model's when nothing is served) use the primary-table
 * column in a window: as the `as_of` time first, else as the column it joins on
 * (`windowJoinColumn`, serving's own rule), with the features that do and the history tables they join.
 */
function windowUse(ctx: CheckContext, column: string): { as: 'as_of' | 'key'; features: string[]; histories: string[] } | undefined {
  const b = ctx.binding;
  const p = b.primary!;
  const names = new Set(servedFeatures(b));
  const asOf: string[] = [];
  const joined: string[] = [];
  const histories: string[] = [];
  // In declaration order, as the message lists them.
  for (const f of b.features.values()) {
    const name = f.name;
    if (!names.has(name)) continue;
    for (const w of windowsIn(f.decl.value)) {
      if (asOfColumn(w, p.name) === column && !asOf.includes(name)) asOf.push(name);
      const h = w.history === undefined ? undefined : b.tables.get(w.history);
      if (h && h !== p && windowJoinColumn(p.key, h.key) === column) {
        if (!joined.includes(name)) joined.push(name);
        if (!histories.includes(h.name)) histories.push(h.name);
      }
    }
  }
  if (asOf.length) return { as: 'as_of', features: asOf, histories: [] };
  return joined.length ? { as: 'key', features: joined, histories } : undefined;
}

/** History tables named in a sentence: `'orders'`, `'orders' and 'visits'`. */
function tables(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length > 1 ? `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}` : q.join('');
}

function listed(features: string[]): string {
  const shown = features.slice(0, 3).map((f) => `'${f}'`);
  const more = features.length > 3 ? ` and ${features.length - 3} more` : '';
  return `the window${features.length > 1 ? 's' : ''} of feature${features.length > 1 ? 's' : ''} ${shown.join(', ')}${more}`;
}

