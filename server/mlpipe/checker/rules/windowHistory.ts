import { bindArgs } from '../../language/callArgs.js';
import { forEachCall } from '../../syntax/visit.js';
import type { Rule } from '../rule.js';
import { refPart, refPartCount } from '../../syntax/reference.js';

/**
 * A history table read through a window is joined on its `key` and filtered by its `time`:
 * without them the window has nothing to aggregate by. Reported once per table, on its header.
 * The example's side of the join is the primary table's `key`, or without one its column named
 * like the history table's key (`windowJoinColumn`): a primary table with neither is
 * reported on its header, once per history table.
 */
export const windowHistory: Rule = {
  name: 'missing-attribute/window-history',
  phase: 0,
  file(ctx) {
    const p = ctx.binding.primary;
    // Only a history table without a key or a time, or a primary table without a key, can be
    // reported: with none, nothing to walk.
    let any = !!p && !p.attrs.has('key');
    for (const t of ctx.binding.tables.values()) if (t !== p && !(t.attrs.has('key') && t.attrs.has('time'))) any = true;
    if (!any) return;
    const joined = new Set<string>();
    const seen = new Set<string>();
    for (const f of ctx.binding.features.values()) {
      const check = (tableName: string, at: number) => {
        const t = ctx.binding.tables.get(tableName);
        if (!t || t === p) return;
        const line = ctx.lines.positionAt(at).line + 1;
        if (p && !p.attrs.has('key') && t.key && !joined.has(tableName) && !ctx.mayBeColumn(p, t.key)) {
          joined.add(tableName);
          ctx.report(
            'missing-attribute',
            ctx.header(p.decl),
            `'data ${p.name}' has no 'key', so the window over '${t.name}' (line ${line}) joins on the column named like its key, '${t.key}', which '${p.name}' (${p.source}) does not have: add 'key = COLUMN' to 'data ${p.name}', naming the column that matches '${t.name}.${t.key}'`,
          );
        }
        if (seen.has(tableName)) return;
        seen.add(tableName);
        const missing = (['key', 'time'] as const).filter((a) => !t.attrs.has(a));
        if (missing.length === 0) return;
        ctx.report(
          'missing-attribute',
          ctx.header(t.decl),
          `'data ${t.name}' is read by a window (line ${line}) and needs ${missing.map((m) => "'" + m + "'").join(' and ')}: windows join on the key and look back from the example's time`,
        );
      };
      forEachCall(f.decl.value, (call) => {
        const bound = bindArgs(call);
        const column = bound?.spec.window ? bound.values.get('column') : undefined;
        if (column?.kind === 'Reference' && refPartCount(column) === 2) check(refPart(column, 0), call.start);
      });
    }
  },
};
