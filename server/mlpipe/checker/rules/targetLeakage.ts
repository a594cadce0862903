import type { Rule } from '../rule.js';

/**
 * A history column counts as derived from the target when its name is the target's, or the
 * target's name plus a suffix or prefix joined by `_` (`churned_at`, `is_churned`).
 */
export function derivedFromTarget(column: string, target: string): boolean {
  return column === target || column.startsWith(target + '_') || column.endsWith('_' + target);
}

/** A feature that reads the target lets the model see the answer: great offline, useless in production. */
export const targetLeakage: Rule = {
  name: 'skew/target-leakage',
  phase: 1,
  reference(ref, feature, ctx) {
    const { binding } = ctx;
    const p = binding.primary;
    if (!p?.target) return;
    let table: string | undefined;
    let column: string;
    if (ref.parts.length === 1) {
      if (binding.features.has(ref.parts[0].name)) return;
      table = p.name;
      column = ref.parts[0].name;
    } else if (ref.parts.length === 2) {
      table = ref.parts[0].name;
      column = ref.parts[1].name;
    } else return;
    if (table === p.name && column === p.target)
      ctx.report('skew/target-leakage', ref, `feature '${feature.name.name}' reads the target '${p.target}': the model would learn the answer; remove it`);
    else if (table !== p.name && binding.tables.has(table) && derivedFromTarget(column, p.target))
      ctx.report(
        'skew/target-leakage',
        ref,
        // Judged by its name alone, and no comment silences an error: say so, and the way out.
        `'${table}.${column}' looks derived from the target '${p.target}' (its name is the target's${column === p.target ? '' : ' with a prefix or suffix'}): it would leak the answer into feature '${feature.name.name}'; read another column, or rename this one in the data if it is not the target's`,
      );
  },
};
