import { parseIsoTime } from './isoTime.js';
import { INFINITY_PATTERN, NOT_A_NUMBER, numberKind, numberLike } from './values.js';

/**
 * The cells that make a column of numbers text: how many of its non-missing cells are not
 * numbers, and the first of them with its data row (1-based). One stray `N/A` makes a numeric
 * column text, and "is text" alone sends the user looking through the file for it.
 */
export interface StrayCells {
  count: number;
  first: string;
  row: number;
  /**
   * Set when the cells counted are numbers a person reads as such (`numberLike`: formatted for
   * people, or with spaces around them): the plain number the first one means. Such a column is
   * numbers however few of its cells are plain.
   */
  plain?: string;
}

/**
 * The stray cells of a text column (null is missing), or undefined for a column of text: one
 * where no cell is a number, or where the cells that are not numbers outnumber those that are
 * (labels such as 'ünï', 'a,b', '007', '7'), whose fix is to encode or classify it, not to
 * correct each of its text cells. Numbers formatted for people (`1,234.5`, `$1,200`, `12,5`) or
 * padded with spaces (` 12`) count as numbers there, and when they are what makes the column
 * text they are the strays named (with `plain`): a spreadsheet's export of a price column is
 * often all of them, and "is text: encode it with 'one_hot'" (or, for a target, "classify it")
 * was the wrong remedy.
 */
export function strayCells(values: ArrayLike<string | null>): StrayCells | undefined {
  let numbers = 0;
  let count = 0;
  let first: string | undefined;
  let row = 0;
  let formatted = 0;
  let firstFormatted: string | undefined;
  let formattedRow = 0;
  let plain: string | undefined;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === null || v === undefined) continue;
    if (numberKind(v) !== NOT_A_NUMBER) {
      numbers++;
      continue;
    }
    if (count++ === 0) {
      first = v;
      row = r + 1;
    }
    const like = numberLike(v);
    if (like !== undefined && formatted++ === 0) {
      firstFormatted = v;
      formattedRow = r + 1;
      plain = like.plain;
    }
  }
  if (formatted > 0 && count - formatted <= numbers + formatted) return { count: formatted, first: firstFormatted!, row: formattedRow, plain: plain! };
  return numbers > 0 && count <= numbers && first !== undefined ? { count, first, row } : undefined;
}

/** The stray cells in words, to follow "… is text": the checker and the engine say the same. */
export function straysText(s: StrayCells): string {
  const text = s.first.length > 40 ? `${s.first.slice(0, 40)}…` : s.first;
  const which = s.count === 1 ? 'its one cell' : `the first of its ${s.count.toLocaleString('en-US')} cells`;
  // pandas writes a division by zero or log(0) as 'inf': the remedy is a missing value, not a typo's fix.
  if (INFINITY_PATTERN.test(s.first))
    return `: '${text}' in data row ${s.row} is ${which} that is not a number: an infinity, which no feature can use; write infinities as missing values (empty, NA or null; in pandas df.replace([np.inf, -np.inf], np.nan) before to_csv or to_parquet) or fix what computed them`;
  const like = s.plain === undefined ? undefined : numberLike(s.first);
  if (like) return `: '${text}' in data row ${s.row} is ${which} holding ${like.why}: write plain numbers, '${like.plain}' ${like.plain === s.first.trim() ? '(pandas reads such a file with read_csv(skipinitialspace=True))' : "(pandas: read_csv(thousands=',') or read_csv(decimal=',', thousands='.') reads such a file)"}`;
  return `: '${text}' in data row ${s.row} is ${which} that is not a number; write a missing value as empty, NA or null, or fix the cell`;
}

/**
 * Why a text column of dates or date-times (every cell ISO 8601, as the time parser reads them)
 * is no number, in words to follow "… is text", or undefined for any other column. "Encode it
 * with 'one_hot'" was the advice, which learns each day as a category. Only on the error path.
 */
export function timesText(values: ArrayLike<string | null>): string | undefined {
  // Kept per column: a check asks on every edit while the error stands, and a sample's column of
  // a million dates takes a while to read.
  if (timesTextOf.has(values)) return timesTextOf.get(values);
  const text = timesTextUncached(values);
  timesTextOf.set(values, text);
  return text;
}

const timesTextOf = new WeakMap<ArrayLike<string | null>, string | undefined>();

function timesTextUncached(values: ArrayLike<string | null>): string | undefined {
  let first: string | undefined;
  let row = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v === null || v === undefined) continue;
    if (parseIsoTime(v) === undefined) return undefined;
    if (first === undefined) {
      first = v;
      row = r + 1;
    }
  }
  if (first === undefined) return undefined;
  return `: its cells are dates or times ('${first}' in data row ${row}), which no numeric transform reads (a window's 'as_of' reads them as moments, and 'one_hot' would learn each one as a category); to use one as a number, write it in the data as a number, such as epoch seconds or days since a date you choose`;
}
