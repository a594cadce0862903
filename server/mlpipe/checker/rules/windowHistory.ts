import { bindArgs } from '../../language/callArgs.js';
import { forEachCall } from '../../syntax/visit.js';
import type { Rule } from '../rule.js';

/**
 * A history table read through a window is joined on its `key` and filtered by its `time`:
 * without them the window has nothing to aggregate by. Reported once per table, on its header.
 */
export const windowHistory: Rule = {
  name: 'missing-attribute/window-history',
  phase: 0,
  file(ctx) {
    // Only a history table without a key or a time can be reported: with none, nothing to walk.
    let any = false;
    for (const t of ctx.binding.tables.values()) if (t !== ctx.binding.primary && !(t.attrs.has('key') && t.attrs.has('time'))) any = true;
    if (!any) return;
    const seen = new Set<string>();
    for (const f of ctx.binding.features.values()) {
      const check = (tableName: string, at: number) => {
        const t = ctx.binding.tables.get(tableName);
        if (!t || t === ctx.binding.primary || seen.has(tableName)) return;
        seen.add(tableName);
        const missing = (['key', 'time'] as const).filter((a) => !t.attrs.has(a));
        if (missing.length === 0) return;
        const line = ctx.lines.positionAt(at).line + 1;
        ctx.report(
          'missing-attribute',
          ctx.header(t.decl),
          `'data ${t.name}' is read by a window (line ${line}) and needs ${missing.map((m) => "'" + m + "'").join(' and ')}: windows join on the key and look back from the example's time`,
        );
      };
      forEachCall(f.decl.value, (call) => {
        const bound = bindArgs(call);
        const column = bound?.spec.window ? bound.values.get('column') : undefined;
        if (column?.kind === 'Reference' && column.parts.length === 2) check(column.parts[0].name, call.start);
      });
    }
  },
};
