import { compactDate, epochSecondsText } from '../../data/isoTime.js';
import { timeVerdictOf } from '../../data/timeVerdict.js';
import { asOfColumn, timeReads, usedWindowCalls } from '../../language/timeColumns.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';
import type { TimeCell, TimeVerdict, TimeVerdictStore } from '../verdicts.js';

/**
 * The engine reads some columns as times by its parser (`data/values.ts`): the primary table's
 * `time` for a time-ordered split, a window's `as_of` column, the `time` of a history table a
 * window reads (`language/timeColumns.ts` lists them). The first cell it refuses stops the run,
 * so the checker reports that cell, once per column of a file, where the first reason to read it
 * is written (`order`, the `as_of` argument, the table's `time`). Over the whole file when the
 * file was sampled and its whole column read; else over the rows read (a bad cell there is one).
 */
export const timeValues: Rule = {
  name: 'invalid-value/time-values',
  phase: 1,
  file(ctx) {
    const seen = new Set<string>();
    const tableColumns = new Set<string>();
    // Each column's verdict by table and column, for the windows' pairs of clocks below.
    const judged = new Map<string, { verdict: TimeVerdict; file: string }>();
    for (const read of timeReads(ctx.binding)) {
      // The split's read of a 'time' that is the target: 'invalid-value' at 'time' (timeIsTarget), which the runner says first.
      if (!read.windowed && read.table === ctx.binding.primary && read.column === read.table.target) continue;
      // A column is read for many windows: judged once, first by table name (cheap), then by file.
      const named = `${read.table.name}\u0000${read.column}`;
      if (tableColumns.has(named)) continue;
      tableColumns.add(named);
      const data = ctx.readData(read.table);
      if (!data) continue;
      const id = `${data.path}\u0000${read.column}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const column = data.columns?.find((c) => c.name === read.column);
      // A numeric column is epoch seconds already: nothing to parse, but whole numbers may be
      // dates written YYYYMMDD, which the engine reads as seconds into 1970.
      // A split only orders by the column, which such numbers do as their dates would.
      if (!column || !(column.type === 'string' || (column.type === 'integer' && read.windowed))) continue;
      const source = data.wholeFile ?? data;
      const store = ctx.host.timeVerdicts;
      // What the verdict covers: the whole file, or the rows read of a sampled one.
      const covers = data.sampled && !data.wholeFile ? `rows ${data.rowsRead}` : 'whole';
      // The verdict's form is part of its key: one stored before zones were looked at says nothing of them.
      const kept = store && data.hash ? { store, id: `${data.path}\u0000${read.column}`, key: `${VERDICT_FORM}\u0000${data.hash}\u0000${covers}` } : undefined;
      const integer = column.type === 'integer';
      const judge = (): TimeVerdict | undefined => {
        const streamed = data.wholeFile?.timeVerdict?.(read.column, integer);
        if (streamed !== undefined) return streamed;
        const cells = data.wholeFile?.values(read.column) ?? data.values?.(read.column);
        return cells && timeVerdictOf(cells, integer);
      };
      const v = timeVerdict(source, read.column, judge, kept);
      const file = read.table.source ?? read.table.name;
      judged.set(named, { verdict: v, file });
      if (!v || 'clock' in v) continue;
      if ('compactDate' in v) {
        const c = v.compactDate;
        const read1970 = epochSecondsText(c.text);
        ctx.report(
          'skew/dates-as-numbers',
          read.at,
          integer
            ? `${read.why}, and '${read.column}' of '${file}' holds whole numbers that read as dates written YYYYMMDD (${cell(c)}), which the engine reads as epoch seconds: ${c.text} is ${read1970}, and consecutive days are one second apart, so every window spans years of them; write them as ISO dates (${compactDate(c.text)}) in the data`
            : // A text column (ISO times) with such numbers among them: those rows alone are read decades early.
              `${read.why}, and '${read.column}' of '${file}' holds dates written as YYYYMMDD whole numbers among its other times (${cell(c)}), which the engine reads as epoch seconds: ${c.text} is ${read1970}, decades before the others, so such rows' windows miss their events and a time-ordered split puts them first; write them as ISO dates (${compactDate(c.text)}) in the data`,
        );
      } else if ('problem' in v) ctx.report('invalid-value', read.at, `${read.why}, and '${read.column}' of '${file}' cannot be read as times: data row ${v.row}: ${v.problem}`);
      else
        ctx.report(
          'skew/mixed-time-zones',
          read.at,
          `${read.why}, and '${read.column}' of '${file}' mixes times written with their zone (${cell(v.zoned)}) and times without one (${cell(v.unzoned)}), which are read as UTC: local times among them are read hours off; write every time with its offset, or every one in UTC`,
        );
    }
    clocksAcrossWindows(ctx, judged);
  },
};

/**
 * `skew/mixed-time-zones` between the two clocks a window compares: its `as_of` column written
 * without a zone (read as UTC) and its history's `time` written with one, or the reverse. Each
 * column keeps to one form, so neither is warned of above; but a window comparing them mixes
 * them as one column would (labels exported without a zone, events from an API in `Z`): if the
 * ones without are local times, every window's edges are hours off. Once per pair of columns,
 * at the first window's `as_of`.
 */
function clocksAcrossWindows(ctx: CheckContext, judged: ReadonlyMap<string, { verdict: TimeVerdict; file: string }>): void {
  const p = ctx.binding.primary;
  if (!p) return;
  const seen = new Set<string>();
  for (const w of usedWindowCalls(ctx.binding)) {
    const history = w.history === undefined ? undefined : ctx.binding.tables.get(w.history);
    const column = asOfColumn(w, p.name);
    if (!history || history === p || history.time === undefined || !w.asOf || column === undefined) continue;
    const pair = `${history.name}\u0000${column}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    const clock = (table: string, name: string) => {
      const j = judged.get(`${table}\u0000${name}`);
      return j?.verdict && 'clock' in j.verdict ? { ...j.verdict, name: `'${name}' of '${j.file}'` } : undefined;
    };
    const asOf = clock(p.name, column);
    const events = clock(history.name, history.time);
    if (!asOf || !events || asOf.zoned === events.zoned) continue;
    const [zoned, unzoned] = asOf.zoned ? [asOf, events] : [events, asOf];
    ctx.report(
      'skew/mixed-time-zones',
      w.asOf,
      `'${w.callee}' compares ${unzoned.name}, written without a zone (${cell(unzoned.clock)}) and read as UTC, with ${zoned.name}, written with one (${cell(zoned.clock)}): if the ones without are local times, every window's edges are hours off; write both with their offsets, or both in UTC`,
    );
  }
}

// The verdict's form: stored verdicts of an earlier form are not read as this one's.
const VERDICT_FORM = 'zones,dates,clock,textdates';

const cell = (c: TimeCell) => `data row ${c.row}: '${c.text}'`;

/**
 * Per file version (its facts object, which the data inspector keeps while the file is
 * unchanged) and column: the first cell the parser refuses, or the first cells with and without
 * a zone (`TimeVerdict`), or null. A history table's time
 * column has a cell per event (63,787 in the churn example's orders): parsing them all again on
 * every keystroke cost 3-11 ms of each check.
 */
const verdicts = new WeakMap<object, Map<string, TimeVerdict>>();

/**
 * `kept`: the host's store between processes (the CLI's and a fresh language server's first
 * check): reading the cells means parsing the whole file, which no other rule of a warm check needs.
 */
function timeVerdict(source: object, column: string, judge: () => TimeVerdict | undefined, kept?: { store: TimeVerdictStore; id: string; key: string }): TimeVerdict {
  let byColumn = verdicts.get(source);
  const known = byColumn?.get(column);
  if (known !== undefined) return known;
  const stored = kept?.store.get(kept.id, kept.key);
  if (stored !== undefined) {
    if (!byColumn) verdicts.set(source, (byColumn = new Map()));
    byColumn.set(column, stored);
    return stored;
  }
  const found = judge();
  if (found === undefined) return null; // no cells now: nothing to remember
  if (!byColumn) verdicts.set(source, (byColumn = new Map()));
  byColumn.set(column, found);
  kept?.store.set(kept.id, kept.key, found);
  return found;
}
