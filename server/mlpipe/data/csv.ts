import { DataError } from './errors.js';
import { CR_CR_LF, LONE_CR, refuseNul } from './header.js';

/**
 * Incremental RFC 4180 reader: feed it string chunks as they arrive, it calls back once per
 * record. LF or CRLF line ends, an optional UTF-8 BOM, quoted fields holding commas, doubled
 * quotes and line breaks. The first record is the header; every later record must have as many
 * fields as the header, else a `DataError` names the file, the line and both counts.
 *
 * Blank lines are skipped (as pandas and most readers do), so a trailing newline is harmless.
 * A quote inside an unquoted field is kept literally; text between a closing quote and the next
 * separator is an error.
 *
 * Speed matters (whole files go through here): a line without a quote is cut with one native
 * `split(',')`; only lines holding a quote take the character-level path.
 */
export interface CsvHandlers {
  /** Path used in error messages. */
  file: string;
  onHeader?: (fields: string[]) => void;
  /** `line` is the 1-based line where the record starts. */
  onRecord: (fields: string[], line: number) => void;
}

/** A carriage return followed by something other than a line feed. */
const LONE_CR_BEFORE_END = /\r(?!\n|$)/;

/** A field of nothing but spaces and tabs (at least one). */
const BLANK = /^[ \t]+$/;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

interface Parsed {
  fields: string[];
  next: number;
  /** Line breaks inside quoted fields. */
  newlines: number;
}

export class CsvParser {
  private pending = '';
  /** Line number where `pending` starts. */
  private line = 1;
  private started = false;
  private ended = false;
  private expected = -1;
  private recordCount = 0;
  private header: string[] | undefined;
  /** A chunk held a NUL: from then on each record is searched for it (`refuseNul`); a text without one pays one native scan per chunk. */
  private nul = false;
  /**
   * A chunk held a carriage return not followed by a line feed: from then on each unquoted field
   * is searched for one (`refuseLoneCr`); a LF or CRLF text pays one native scan per chunk.
   */
  private loneCr = false;

  constructor(private readonly handlers: CsvHandlers) {}

  /** Field names of the first record, once it has been read. */
  get headerFields(): string[] | undefined {
    return this.header;
  }

  /** Data records delivered so far (the header not counted). */
  get records(): number {
    return this.recordCount;
  }

  feed(chunk: string): void {
    if (this.ended) throw new Error('CsvParser.feed after end');
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (!this.nul && chunk.includes('\0')) this.nul = true;
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    // A CR that ends the text may be the first half of a CRLF cut by the chunk: judged with the next.
    if (!this.loneCr && LONE_CR_BEFORE_END.test(text)) this.loneCr = true;
    const consumed = this.parse(text, false);
    this.pending = consumed === text.length ? '' : text.slice(consumed);
  }

  /** Flushes the last record (which may lack a line end). Throws on an unterminated quote. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.pending.length > 0) {
      const text = this.pending;
      this.pending = '';
      this.parse(text, true);
    }
  }

  /** Parses whole records from `text`; returns where the first incomplete record starts. */
  private parse(text: string, final: boolean): number {
    const len = text.length;
    let pos = 0;
    let quoteAt = -2; // cached position of the next quote at or after pos; -1 = none left
    while (pos < len) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1 && !final) return pos;
      const lineEnd = nl === -1 ? len : nl;
      if (quoteAt !== -1 && quoteAt < pos) quoteAt = text.indexOf('"', pos);
      if (quoteAt === -1 || quoteAt > lineEnd) {
        let end = lineEnd;
        if (end > pos && text.charCodeAt(end - 1) === CR) end--;
        if (end > pos) {
          const fields = text.slice(pos, end).split(',');
          if (this.loneCr) this.refuseLoneCr(fields, 0, this.line);
          this.emit(fields, this.line);
        }
        this.line++;
        pos = lineEnd + 1;
        continue;
      }
      const parsed = this.parseQuoted(text, pos, final);
      if (parsed === undefined) return pos;
      this.emit(parsed.fields, this.line);
      this.line += 1 + parsed.newlines;
      pos = parsed.next;
    }
    return len;
  }

  /** One record that holds a quote somewhere; undefined when it runs past the text (not final). */
  private parseQuoted(text: string, pos: number, final: boolean): Parsed | undefined {
    const len = text.length;
    const fields: string[] = [];
    let newlines = 0;
    let i = pos;
    for (;;) {
      if (i < len && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let start = i + 1;
        for (;;) {
          const j = text.indexOf('"', start);
          if (j === -1) {
            if (!final) return undefined;
            throw new DataError({ file: this.handlers.file, line: this.line, column: this.columnOf(fields.length) }, 'a quoted field is never closed (missing closing ")');
          }
          if (j + 1 >= len && !final) return undefined;
          if (j + 1 < len && text.charCodeAt(j + 1) === QUOTE) {
            value += text.slice(start, j + 1);
            start = j + 2;
            continue;
          }
          value += text.slice(start, j);
          i = j + 1;
          break;
        }
        newlines += countLineBreaks(value);
        fields.push(value);
        if (i >= len) return { fields, next: len, newlines };
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) return { fields, next: i + 1, newlines };
        if (c === CR) {
          if (i + 1 < len && text.charCodeAt(i + 1) === LF) return { fields, next: i + 2, newlines };
          if (i + 1 >= len) {
            if (!final) return undefined;
            return { fields, next: len, newlines };
          }
          // A carriage return alone after a closing quote is a classic Mac OS line end (or CR CR
          // LF, CRLF converted twice): said as such, as the header check says it for unquoted
          // names, not as text after the quote.
          const doubled = text.charCodeAt(i + 1) === CR;
          if (doubled && i + 2 >= len && !final) return undefined;
          throw new DataError({ file: this.handlers.file, line: this.line + newlines }, doubled && text.charCodeAt(i + 2) === LF ? CR_CR_LF : LONE_CR);
        }
        // A header of quoted names separated otherwise ('"id";"x"', as R's write.csv2 and
        // spreadsheets quoting text write it) stops here, before the one-field check in `emit`.
        const lineEnd = text.indexOf('\n', pos);
        const firstLine = text.slice(pos, lineEnd < 0 ? len : lineEnd);
        // Compact JSON ('{"id":1,"x":2}') stops at its second name's closing quote.
        if (this.expected < 0 && JSON_START.test(firstLine)) throw notJson(this.handlers.file, this.line, firstLine);
        const other = this.expected < 0 && fields.length === 1 ? separatorNamed(c) : undefined;
        if (other) {
          throw new DataError(
            { file: this.handlers.file, line: this.line },
            `the header '${shown(firstLine.replace(/\r$/, ''))}' seems separated by ${other}, but mlpipe reads comma-separated files (RFC 4180); save it with commas`,
          );
        }
        throw new DataError(
          { file: this.handlers.file, line: this.line + newlines, column: this.columnOf(fields.length - 1) },
          `unexpected text after the closing quote of field ${fields.length}: a quoted field must be followed by a comma or a line end`,
        );
      }
      const comma = text.indexOf(',', i);
      let nl = text.indexOf('\n', i);
      if (nl === -1) {
        if (!final) return undefined;
        nl = len;
      }
      if (comma !== -1 && comma < nl) {
        fields.push(text.slice(i, comma));
        if (this.loneCr) this.refuseLoneCr(fields, fields.length - 1, this.line + newlines);
        i = comma + 1;
        continue;
      }
      let end = nl;
      if (end > i && text.charCodeAt(end - 1) === CR) end--;
      fields.push(text.slice(i, end));
      if (this.loneCr) this.refuseLoneCr(fields, fields.length - 1, this.line + newlines);
      return { fields, next: nl + 1, newlines };
    }
  }

  /**
   * Unquoted fields from `from` on that hold a carriage return: RFC 4180 allows one only inside
   * quotes. Left in, it was a character of the value: a line ending CR CR LF (CRLF converted
   * twice) made its last cell '0\r', a text the target's message called a number with spaces,
   * and a lone CR (a line of a classic Mac OS file joined to others) ran two rows into one. The
   * header's names are judged by `validateHeader`, which says it in the same words.
   */
  private refuseLoneCr(fields: readonly string[], from: number, line: number): void {
    if (this.expected < 0) return;
    for (let i = from; i < fields.length; i++) {
      const at = fields[i]!.indexOf('\r');
      if (at < 0) continue;
      const last = i === fields.length - 1 && at === fields[i]!.length - 1;
      throw new DataError(
        { file: this.handlers.file, line, column: this.columnOf(i) },
        last
          ? CR_CR_LF
          : `the field holds a carriage return alone (character ${at + 1}), which CSV allows only inside quotes: if it ends a line (classic Mac OS), save the file with LF or CRLF line ends; if it belongs to the value, quote the field`,
      );
    }
  }

  /** The header's name of the field at 0-based `index`, once the header is read (the spec: the message names the line and column). */
  private columnOf(index: number): string | undefined {
    return this.header?.[index];
  }

  private emit(fields: string[], line: number): void {
    if (this.expected < 0) {
      // JSON or JSON Lines named as a source reads as CSV with names such as '{"id": 1': every
      // column the pipeline names was reported missing, or a later line as ragged.
      if (JSON_START.test(fields[0])) throw notJson(this.handlers.file, line, fields.join(','));
      // Excel's separator hint line ('sep=,' or 'sep=;') before the header: read as the header,
      // 'sep=,' is two names, one empty, and every row is ragged.
      const hint = /^sep=(.)$/i.exec(fields.join(','));
      if (hint) {
        const sep = hint[1] === '\t' ? 'tabs' : `'${hint[1]}'`;
        throw new DataError(
          { file: this.handlers.file, line },
          `the first line, '${shown(hint[0])}', is Excel's separator hint, not a header: ${hint[1] === ',' ? 'delete that line, so the header naming the columns comes first' : `the file is separated by ${sep}: save it with commas (RFC 4180), without that line`}`,
        );
      }
      const other = fields.length === 1 ? otherDelimiter(fields[0]) : undefined;
      if (other) {
        throw new DataError(
          { file: this.handlers.file, line },
          `the header is one field, '${shown(fields[0])}': its columns seem separated by ${other}, but mlpipe reads comma-separated files (RFC 4180); save it with commas`,
        );
      }
      this.expected = fields.length;
      this.header = fields;
      this.handlers.onHeader?.(fields);
      return;
    }
    if (fields.length !== this.expected) {
      // A short row names the first column it lacks; a long one has no column for its extra field.
      // A line of spaces (an editor's indent left at the end of the file) looks blank, but only
      // an empty line is skipped: it was a row lacking every column after the first.
      if (fields.length === 1 && BLANK.test(fields[0]!)) {
        throw new DataError({ file: this.handlers.file, line }, `expected ${this.expected} fields (as in the header), found a line of only spaces or tabs, which is no empty line: delete it`);
      }
      throw new DataError(
        { file: this.handlers.file, line, column: fields.length < this.expected ? this.columnOf(fields.length) : undefined },
        `expected ${this.expected} fields (as in the header), found ${fields.length}`,
      );
    }
    if (this.nul) refuseNul(fields, this.handlers.file, line, this.header);
    if (repeatsHeader(fields, this.header)) {
      throw new DataError(
        { file: this.handlers.file, line },
        `the record repeats the header ('${shown(this.header!.join(','))}'): files joined with their headers (by cat, or a spreadsheet's append) hold one per file, read as a row whose every cell is its column's name; delete that line`,
      );
    }
    this.recordCount++;
    this.handlers.onRecord(fields, line);
  }
}

/**
 * A record equal to the header, field for field (the first may carry the byte-order mark of a
 * second file): a second file's header. Its cells became a class named after the target column,
 * a category named after each text column, and made numeric columns text, pointing at the cell
 * as a typo. A one-column file is left alone: its one name may well be a value.
 */
function repeatsHeader(fields: readonly string[], header: readonly string[] | undefined): boolean {
  if (!header || header.length < 2) return false;
  const first = fields[0]!;
  if (first !== header[0] && !(first.charCodeAt(0) === 0xfeff && first.slice(1) === header[0])) return false;
  for (let i = 1; i < fields.length; i++) if (fields[i] !== header[i]) return false;
  return true;
}

/**
 * The delimiter a one-field header seems to use instead of commas (a European spreadsheet's
 * ';', a TSV's tab, '|'): read as CSV, such a file is one column named after the whole header,
 * and every column the pipeline names would be reported missing without saying why.
 */
function otherDelimiter(header: string): string | undefined {
  if (header.includes(';')) return "';'";
  if (header.includes('\t')) return 'tabs';
  if (header.includes('|')) return "'|'";
  return undefined;
}

/** How a JSON document or a JSON Lines record begins: '{"', '[{', '[[', '["', or a lone bracket (pretty-printed). */
const JSON_START = /^\s*(?:\{\s*(?:"|$)|\[\s*(?:[{["]|$))/;

function notJson(file: string, line: number, firstLine: string): DataError {
  const start = firstLine.trim();
  return new DataError(
    { file, line },
    `the file seems to be JSON, not CSV (its first line starts '${start.length > 20 ? `${start.slice(0, 19)}…` : start}'): mlpipe reads CSV (RFC 4180) and Parquet files; convert it to one of them`,
  );
}

/** The separator a character after a quoted header name is, in `otherDelimiter`'s words. */
function separatorNamed(c: number): string | undefined {
  return c === 59 ? "';'" : c === 9 ? 'tabs' : c === 124 ? "'|'" : undefined;
}

/** A header as a message can show it: tabs visible, at most 60 characters. */
function shown(header: string): string {
  const visible = header.replace(/\t/g, '\\t');
  return visible.length > 60 ? `${visible.slice(0, 59)}…` : visible;
}

function countLineBreaks(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i !== -1) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  return n;
}

export interface CsvText {
  header: string[];
  rows: string[][];
  /** 1-based line where each row starts. */
  lines: number[];
}

/** Whole-text convenience over `CsvParser`. A text with no header is a `DataError`. */
export function parseCsv(text: string, file: string, onHeader?: (fields: string[]) => void): CsvText {
  const rows: string[][] = [];
  const lines: number[] = [];
  const parser = new CsvParser({
    file,
    onHeader,
    onRecord: (fields, line) => {
      rows.push(fields);
      lines.push(line);
    },
  });
  parser.feed(text);
  parser.end();
  const header = parser.headerFields;
  if (header === undefined) throw new DataError({ file }, 'the file is empty: expected a header row');
  return { header, rows, lines };
}
