import type { TableSymbol } from '../../binder.js';
import { isoZoned } from '../../data/isoTime.js';
import { asOfColumn, usedWindowCalls } from '../../language/timeColumns.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * `skew/mixed-time-zones` between the two clocks a window compares: its `as_of` column written
 * without a zone (read as UTC) and its history's `time` written with one, or the reverse. The
 * time-values rule warns of a column that mixes both; a window comparing two columns that each
 * keep to one is the same mix (labels exported without a zone, events from an API in `Z`): if
 * the ones without are local times, every window's edges are hours off, with a clean check.
 * Judged on the rows read (the first date-times suffice: a column that mixes is its own warning).
 */
export const zonesAcrossWindow: Rule = {
  name: 'skew/mixed-time-zones/across-window',
  phase: 1,
  file(ctx) {
    const p = ctx.binding.primary;
    if (!p) return;
    const seen = new Set<string>();
    for (const w of usedWindowCalls(ctx.binding)) {
      const history = w.history === undefined ? undefined : ctx.binding.tables.get(w.history);
      const column = asOfColumn(w, p.name);
      if (!history || history === p || history.time === undefined || !w.asOf || column === undefined) continue;
      // Each pair of columns once, at its first window (thousands of windows read one pair).
      const pair = `${history.name}\u0000${column}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      const asOf = clockOf(ctx, p, column);
      const events = clockOf(ctx, history, history.time);
      if (!asOf || !events || asOf.zoned === events.zoned) continue;
      const [zoned, unzoned] = asOf.zoned ? [asOf, events] : [events, asOf];
      ctx.report(
        'skew/mixed-time-zones',
        w.asOf,
        `'${w.callee}' compares ${unzoned.name}, written without a zone (${cell(unzoned)}) and read as UTC, with ${zoned.name}, written with one (${cell(zoned)}): if the ones without are local times, every window's edges are hours off; write both with their offsets, or both in UTC`,
      );
    }
  },
};

interface Clock {
  zoned: boolean;
  row: number;
  text: string;
  name: string;
}

const cell = (c: Clock) => `data row ${c.row}: '${c.text}'`;

/**
 * Whether a column's date-times are written with their zone, from its first one among the rows
 * read; undefined when it has none (dates alone and epoch numbers name no clock reading) or when
 * the rows read mix both (the time-values rule reports that column itself).
 */
function clockOf(ctx: CheckContext, table: TableSymbol, column: string): Clock | undefined {
  const data = ctx.readData(table);
  const cells = data?.columns?.find((c) => c.name === column)?.type === 'string' ? data.values?.(column) : undefined;
  if (!cells) return undefined;
  let first: Clock | undefined;
  for (let i = 0; i < cells.length; i++) {
    const text = cells[i];
    if (text === null || text === undefined) continue;
    const zoned = isoZoned(text);
    if (zoned === undefined) continue;
    if (!first) first = { zoned, row: i + 1, text, name: `'${column}' of '${table.source ?? table.name}'` };
    else if (first.zoned !== zoned) return undefined;
  }
  return first;
}
