import { compactDate, isoZoned } from './isoTime.js';
import { joinKey } from './keys.js';
import { parseTime } from './values.js';

/** A time cell of a data file: its data row (1-based) and its text. */
export interface TimeCell {
  row: number;
  text: string;
}

/**
 * What the engine's time parser makes of a column it reads as times: the first cell it
 * refuses, or else the first date-times written with and without a zone when the column has
 * both (the ones without are read as UTC), or else its first date-time and whether every one is
 * written with a zone or every one without (`clock`: a window comparing two columns that keep to
 * different forms mixes them as one column would), or, for a whole-number column, its first cell
 * when every one is a date written YYYYMMDD (read as epoch seconds), and for a text column its
 * first such cell (before any zone verdict: read as 1970, it is further off than any zone), or null.
 */
export type TimeVerdict = { row: number; problem: string } | { zoned: TimeCell; unzoned: TimeCell } | { clock: TimeCell; zoned: boolean } | { compactDate: TimeCell } | null;

/**
 * The time verdict of a column, fed one cell at a time (null for missing), so a file's column
 * can be judged while it streams past without its cells being kept: a history table's time
 * column of millions of events held as strings took a gigabyte. Both readings are followed,
 * because which one applies (text, or whole numbers) is the column's type, known at the end.
 */
export class TimeVerdictReader {
  private row = 0;
  private problem: { row: number; problem: string } | undefined;
  private zoned: TimeCell | undefined;
  private unzoned: TimeCell | undefined;
  /** The first whole-number cell, while every one so far is a date written YYYYMMDD; null once one is not. */
  private compact: TimeCell | null | undefined;
  /**
   * The first cell written as a YYYYMMDD whole number, whatever the others are: in a text column
   * (ISO dates, and a few `20250301` from another export) the parser reads it as epoch seconds,
   * 1970-08-23, so its row's windows were empty and a time split ordered it first.
   */
  private compactText: TimeCell | undefined;

  add(cell: string | null): void {
    const row = ++this.row;
    if (cell === null) return;
    if (this.compactText === undefined && cell.length === 8 && compactDate(cell) !== undefined) this.compactText = { row, text: cell };
    if (this.compact !== null) {
      const key = joinKey(cell);
      if (key === null) {
        // a missing cell: nothing to judge
      } else if (compactDate(key) === undefined) this.compact = null;
      else this.compact ??= { row, text: key };
    }
    if (this.problem !== undefined) return;
    try {
      parseTime(cell);
    } catch (e) {
      this.problem = { row, problem: (e as Error).message };
      return;
    }
    if (this.zoned && this.unzoned) return;
    const z = isoZoned(cell);
    if (z === true) this.zoned ??= { row, text: cell };
    else if (z === false) this.unzoned ??= { row, text: cell };
  }

  /** The verdict over the cells added, for a column read as whole numbers (`integer`) or as text. */
  verdict(integer: boolean): TimeVerdict {
    if (integer) return this.compact ? { compactDate: this.compact } : null;
    if (this.problem) return this.problem;
    if (this.compactText) return { compactDate: this.compactText };
    if (this.zoned && this.unzoned) return { zoned: this.zoned, unzoned: this.unzoned };
    if (this.zoned) return { clock: this.zoned, zoned: true };
    return this.unzoned ? { clock: this.unzoned, zoned: false } : null;
  }
}

/** The verdict over a column's cells (null for missing), as `TimeVerdictReader` gives it. */
export function timeVerdictOf(cells: ReadonlyArray<string | null>, integer: boolean): TimeVerdict {
  const reader = new TimeVerdictReader();
  for (const c of cells) reader.add(c);
  return reader.verdict(integer);
}
