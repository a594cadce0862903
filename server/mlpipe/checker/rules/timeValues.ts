import { parseTime } from '../../data/values.js';
import { timeReads } from '../../language/timeColumns.js';
import type { Rule } from '../rule.js';

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
    for (const read of timeReads(ctx.binding)) {
      const data = ctx.readData(read.table);
      if (!data) continue;
      const id = JSON.stringify([data.path, read.column]);
      if (seen.has(id)) continue;
      seen.add(id);
      const column = data.columns?.find((c) => c.name === read.column);
      // A numeric column is epoch seconds already: nothing to parse.
      if (!column || column.type !== 'string') continue;
      const cells = data.wholeFile?.values(read.column) ?? data.values?.(read.column);
      if (!cells) continue;
      for (let i = 0; i < cells.length; i++) {
        try {
          parseTime(cells[i]);
        } catch (e) {
          ctx.report(
            'invalid-value',
            read.at,
            `${read.why}, and '${read.column}' of '${read.table.source ?? read.table.name}' cannot be read as times: data row ${i + 1}: ${(e as Error).message}`,
          );
          break;
        }
      }
    }
  },
};
