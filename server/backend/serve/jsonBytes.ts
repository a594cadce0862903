/**
 * The one scanner over a JSON body's UTF-8 bytes: where a string, number, literal or the
 * `{"rows": [ … ]}` frame around a body's rows ends, by JSON's grammar (RFC 8259). Two readers
 * build on it: the serving thread's (`bodyRows.ts`, rows without JSON.parse) and the log
 * thread's (`rowValuesText.ts`, a row's values copied as sent). Each answers -1 (or false)
 * where the bytes are not what it reads, and its caller then takes JSON.parse's path, so
 * nothing here needs to say why.
 */

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const ROWS = [QUOTE, 0x72, 0x6f, 0x77, 0x73, QUOTE]; // "rows"
export const TRUE = [0x74, 0x72, 0x75, 0x65];
export const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
export const NULL = [0x6e, 0x75, 0x6c, 0x6c];

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

const isDigit = (c: number): boolean => c >= ZERO && c <= 0x39;

/** Scans `bytes`; a reader sets them and reads only below the `end` it passes (a body may sit inside a larger buffer). */
export class JsonBytes {
  protected bytes: Uint8Array = new Uint8Array(0);
  /** Whether the last string `stringEnd` passed held a backslash escape. */
  protected escaped = false;

  protected space(i: number, end: number): number {
    const b = this.bytes;
    while (i < end && isSpace(b[i])) i++;
    return i;
  }

  /**
   * Past the closing quote of the string opening at `i`, or -1: unterminated, or holding a raw
   * control character, which JSON refuses. Escapes are stepped over, not checked (`escaped`).
   */
  protected stringEnd(i: number, end: number): number {
    const b = this.bytes;
    let escaped = false;
    for (i++; i < end; i++) {
      const c = b[i];
      if (c === QUOTE) {
        this.escaped = escaped;
        return i + 1;
      }
      if (c < 0x20) return -1;
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    return -1;
  }

  /** Past the number starting at `i` (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), or -1. */
  protected numberEnd(i: number, end: number): number {
    const b = this.bytes;
    if (i < end && b[i] === MINUS) i++;
    if (i >= end) return -1;
    if (b[i] === ZERO) i++;
    else if (isDigit(b[i])) while (i < end && isDigit(b[i])) i++;
    else return -1;
    if (i < end && b[i] === DOT) {
      i++;
      if (!(i < end && isDigit(b[i]))) return -1;
      while (i < end && isDigit(b[i])) i++;
    }
    if (i < end && (b[i] | 0x20) === 0x65 /* e */) {
      i++;
      if (i < end && (b[i] === PLUS || b[i] === MINUS)) i++;
      if (!(i < end && isDigit(b[i]))) return -1;
      while (i < end && isDigit(b[i])) i++;
    }
    return i;
  }

  /** Past `word` (true, false, null as bytes) at `i`, or -1. */
  protected literalEnd(i: number, end: number, word: readonly number[]): number {
    if (i + word.length > end) return -1;
    const b = this.bytes;
    for (let j = 0; j < word.length; j++) if (b[i + j] !== word[j]) return -1;
    return i + word.length;
  }

  /** Past the scalar starting at `i` (a string, number, true, false or null), or -1 (an object, an array, not JSON). */
  protected scalarEnd(i: number, end: number): number {
    const c = this.bytes[i];
    if (c === QUOTE) return this.stringEnd(i, end);
    if (c === TRUE[0]) return this.literalEnd(i, end, TRUE);
    if (c === FALSE[0]) return this.literalEnd(i, end, FALSE);
    if (c === NULL[0]) return this.literalEnd(i, end, NULL);
    return this.numberEnd(i, end);
  }

  /** Where the first row (or the closing `]`) of a `{"rows": [` body starting at `i` is, or -1. */
  protected rowsOpen(i: number, end: number): number {
    const b = this.bytes;
    i = this.space(i, end);
    if (b[i] !== OPEN_BRACE) return -1;
    i = this.space(i + 1, end);
    if (i + ROWS.length > end) return -1;
    for (let j = 0; j < ROWS.length; j++) if (b[i + j] !== ROWS[j]) return -1;
    i = this.space(i + ROWS.length, end);
    if (b[i] !== COLON) return -1;
    i = this.space(i + 1, end);
    if (b[i] !== OPEN_BRACKET) return -1;
    return this.space(i + 1, end);
  }

  /**
   * Whether the body closes at `i` with `]}` and nothing after but whitespace: a second "rows"
   * member (JSON.parse takes the last) or any other member fails here.
   */
  protected rowsClose(i: number, end: number): boolean {
    const b = this.bytes;
    if (i >= end || b[i] !== CLOSE_BRACKET) return false;
    i = this.space(i + 1, end);
    if (i >= end || b[i] !== CLOSE_BRACE) return false;
    return this.space(i + 1, end) === end;
  }
}
