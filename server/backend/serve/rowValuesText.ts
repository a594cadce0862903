/**
 * A logged request row's values as the log stores them (a JSON array in its layout's order),
 * read straight from the UTF-8 bytes of the body that carried it, without `JSON.parse` and
 * `JSON.stringify`: on the log thread those two (and the collector's work on the objects they
 * made) were the largest JavaScript cost per logged prediction after SQLite's own.
 *
 * Only the shape `{"rows": [{"key": scalar, …}, …]}` (any JSON whitespace) is read here, and only
 * a row whose keys are exactly the layout's, in its order; anything else (other members,
 * nested values, escaped keys, an exponent that may overflow, a BOM) answers null and the
 * caller parses the body as before. The scanning is `jsonBytes.ts`'s, which the serving thread's
 * reader (`bodyRows.ts`) shares, so it checks JSON's grammar too, though the server parsed the
 * body already. Values are copied as sent: `1.50` stays `1.50` and
 * `"\u0041"` stays escaped; `JSON.parse` reads each back as the same value the parse path would
 * have stored (-0 included, which `rowJson` exists to keep).
 */

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, JsonBytes, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './jsonBytes.js';

/** Reads the rows of one body, then each row's values against a layout's keys. One per log writer. */
export class RowValuesReader extends JsonBytes {
  private bodyAt = -1;
  private bodyEnd = -1;
  /** Where each row's object starts in the current body (-1 when the body is not of the shape). */
  private rowStarts = new Int32Array(64);
  private rowCount = -1;
  private out = Buffer.allocUnsafe(256);
  /** Where the next row's values go in `out`: `valueBytes` keeps each row's bytes until `reset`. */
  private outAt = 0;
  private keys: readonly string[] = [];
  private keyBytes: Uint8Array[] = [];
  /** The keys need no escape in JSON, so each is matched byte for byte (else the parse path). */
  private plainKeys = true;

  /**
   * Row `row` of the body at `bytes[at, at + length)`, as `[v1,v2,…]` in the order of `keys`, in
   * UTF-8, or null (the caller parses). Consecutive calls for the same body scan its rows once. A
   * view that stays valid (and unchanged) until `reset`: the log binds the bytes as they are,
   * without decoding a string that better-sqlite3 then encodes again.
   */
  valueBytes(bytes: Uint8Array, at: number, length: number, row: number, keys: readonly string[]): Uint8Array | null {
    const end = this.written(bytes, at, length, row, keys);
    if (end < 0) return null;
    const view = this.out.subarray(this.outAt, end);
    this.outAt = end;
    return view;
  }

  /** The rows' bytes `valueBytes` gave may be overwritten from now on. */
  reset(): void {
    this.outAt = 0;
  }

  /** Writes the row's values at `outAt` in `out`; returns their end, or -1. */
  private written(bytes: Uint8Array, at: number, length: number, row: number, keys: readonly string[]): number {
    if (bytes !== this.bytes || at !== this.bodyAt || at + length !== this.bodyEnd) {
      this.bytes = bytes;
      this.bodyAt = at;
      this.bodyEnd = at + length;
      this.rowCount = this.scanBody(at, at + length);
    }
    if (row < 0 || row >= this.rowCount) return -1;
    if (keys !== this.keys) {
      this.keys = keys;
      this.keyBytes = keys.map((k) => Buffer.from(k, 'utf8'));
      this.plainKeys = this.keyBytes.every((k) => k.every((c) => c >= 0x20 && c !== QUOTE && c !== BACKSLASH));
    }
    return this.plainKeys ? this.rowValues(this.rowStarts[row]) : -1;
  }

  /** Records each row's start; returns the number of rows, or -1 when the body is not `{"rows":[{…},…]}`. */
  private scanBody(start: number, end: number): number {
    const b = this.bytes;
    let i = this.rowsOpen(start, end);
    if (i < 0) return -1;
    let n = 0;
    if (b[i] !== CLOSE_BRACKET) {
      for (;;) {
        if (b[i] !== OPEN_BRACE) return -1;
        if (n === this.rowStarts.length) {
          const grown = new Int32Array(n * 2);
          grown.set(this.rowStarts);
          this.rowStarts = grown;
        }
        this.rowStarts[n++] = i;
        i = this.skipObject(i, end);
        if (i < 0) return -1;
        i = this.space(i, end);
        if (b[i] === COMMA) i = this.space(i + 1, end);
        else break;
      }
    }
    return this.rowsClose(i, end) ? n : -1;
  }

  /** Past the end of the flat object starting at `i`, or -1 (a nested value). */
  private skipObject(i: number, end: number): number {
    const b = this.bytes;
    i = this.space(i + 1, end);
    if (b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) return -1;
      i = this.stringEnd(i, end);
      if (i < 0) return -1;
      i = this.space(i, end);
      if (b[i] !== COLON) return -1;
      i = this.scalarEnd(this.space(i + 1, end), end);
      if (i < 0) return -1;
      i = this.space(i, end);
      if (b[i] === CLOSE_BRACE) return i + 1;
      if (b[i] !== COMMA) return -1;
      i = this.space(i + 1, end);
    }
  }

  /** Writes the values of the object at `i` as a JSON array at `outAt`; returns its end, or -1 when its keys are not the layout's, in order. */
  private rowValues(i: number): number {
    const b = this.bytes;
    const end = this.bodyEnd;
    const keys = this.keyBytes;
    let o = this.outAt;
    this.reserve(o, 1);
    this.out[o++] = OPEN_BRACKET;
    i = this.space(i + 1, end);
    for (let k = 0; k < keys.length; k++) {
      // The key, byte for byte (an escaped key is left to the parse).
      if (b[i] !== QUOTE) return -1;
      const key = keys[k];
      const from = i + 1;
      const to = from + key.length;
      if (to >= end || b[to] !== QUOTE) return -1;
      for (let j = 0; j < key.length; j++) if (b[from + j] !== key[j]) return -1;
      i = this.space(to + 1, end);
      if (b[i] !== COLON) return -1;
      const v = this.space(i + 1, end);
      i = this.scalarEnd(v, end);
      if (i < 0 || !this.plainValue(v, i)) return -1;
      if (k > 0) this.out[o++] = COMMA;
      o = this.copy(v, i, o);
      i = this.space(i, end);
      if (k < keys.length - 1) {
        if (b[i] !== COMMA) return -1;
        i = this.space(i + 1, end);
      }
    }
    if (b[i] !== CLOSE_BRACE) return -1;
    this.out[o++] = CLOSE_BRACKET;
    return o;
  }

  /**
   * A value the log may store as sent: not a number that may overflow (1e400 parses to Infinity,
   * which the parse path stored as null): three or more exponent digits, or over 300 characters.
   */
  private plainValue(from: number, to: number): boolean {
    const b = this.bytes;
    const c = b[from];
    if (c === QUOTE || c === 0x74 /* true */ || c === 0x66 /* false */ || c === 0x6e /* null */) return true;
    // A number: more than 300 digits may overflow too.
    if (to - from > 300) return false;
    for (let i = from; i < to; i++) if ((b[i] | 0x20) === 0x65 /* e */) return to - i - 1 - (b[i + 1] === 0x2b || b[i + 1] === 0x2d ? 1 : 0) < 3;
    return true;
  }

  /**
   * Room for `n` more bytes at `o`. A grown buffer takes the row being written (from `outAt`) and
   * what is before it (a view `valueBytes` gave keeps the old buffer's memory, unchanged).
   */
  private reserve(o: number, n: number): void {
    const need = o + n;
    if (need > this.out.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.out.length * 2));
      this.out.copy(grown, 0, 0, o);
      this.out = grown;
    }
  }

  private copy(from: number, to: number, o: number): number {
    this.reserve(o, to - from + 2);
    const b = this.bytes;
    const out = this.out;
    for (let i = from; i < to; i++) out[o++] = b[i];
    return o;
  }
}
