/**
 * A /predict body's rows read straight from its bytes, in one pass, without JSON.parse: the
 * rows JSON.parse makes of the common body `{"rows": [{"column": scalar, …}, …]}` (any JSON
 * whitespace), where parsing was most of the fast path's own work per request.
 *
 * It reads only what it can read exactly as JSON.parse does, and answers null for anything else,
 * valid or not: the caller then parses the body as before, so every refusal keeps its words.
 * Declined: another member than "rows" (a second "rows" too), no rows, a row that is not a flat
 * object, any escape in a key or a text value, a '__proto__' key (an own field to JSON.parse,
 * the prototype to an assignment), a number JSON.parse reads as infinite (1e400), a BOM, and
 * any byte JSON's grammar refuses. Invalid UTF-8 never gets here (`utf8Body` refuses it first).
 * A key given twice keeps its first place and its last value, as JSON.parse keeps it.
 */
import type { RequestRow } from '../../protocol/serving.js';
import { SLOT_ABSENT, SLOT_FALSE, SLOT_NULL, SLOT_NUMBER, SLOT_TEXT, SLOT_TRUE, type RowSlots } from '../../mlpipe/features/row.js';
import { CLOSE_BRACE, COLON, COMMA, FALSE, JsonBytes, NULL, OPEN_BRACE, QUOTE, TRUE } from './jsonBytes.js';

const MINUS = 0x2d;
const DOT = 0x2e;
/** Powers of ten that are exact doubles: a mantissa below 2^53 divided by one is correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** How many keys, by their place in a row, are remembered with their strings. */
const KEY_PLACES = 64;

/**
 * A row as JSON.parse makes it (a plain object: Object.prototype, own fields only), made by a
 * constructor so V8 sizes its fields in the object itself from the rows it made before; `{}`
 * holds four there and put the rest of a row in a second, growing store.
 */
const Row = function Row(this: RequestRow) {} as unknown as new () => RequestRow;
Row.prototype = Object.prototype;

/**
 * The keys a served version's one-row body is read by into `RowSlots` (the features' fields
 * first, in `RowTransform.columns`' order, then the other keys a request may carry), as bytes,
 * built once per served version. A key JSON can only write escaped (a quote, a backslash, a
 * control character) or '__proto__' has none: a body holding it is read as objects.
 */
export class SlotKeys {
  private readonly bytes: Array<Uint8Array | null>;
  /** Per place in a row, the index of the key found there last: a request's keys are in the order of the one before. */
  private readonly last = new Int32Array(KEY_PLACES);
  constructor(readonly keys: readonly string[]) {
    this.bytes = keys.map((k) => (/["\\\x00-\x1f]/.test(k) || k === '__proto__' ? null : new Uint8Array(Buffer.from(k, 'utf8'))));
  }

  /** The index of the key whose bytes and closing quote are at `from` in `b` (place `k` of its row), or -1. */
  find(k: number, b: Uint8Array, from: number, end: number): number {
    const guess = k < KEY_PLACES ? this.last[k] : 0;
    if (this.at(guess, b, from, end)) return guess;
    for (let j = 0; j < this.bytes.length; j++) {
      if (j === guess || !this.at(j, b, from, end)) continue;
      if (k < KEY_PLACES) this.last[k] = j;
      return j;
    }
    return -1;
  }

  /** Past key `j`'s closing quote at `from`. */
  keyEnd(j: number, from: number): number {
    return from + this.bytes[j]!.length + 1;
  }

  private at(j: number, b: Uint8Array, from: number, end: number): boolean {
    const known = this.bytes[j];
    if (known == null) return false;
    const n = known.length;
    if (from + n >= end || b[from + n] !== QUOTE) return false;
    for (let x = 0; x < n; x++) if (known[x] !== b[from + x]) return false;
    return true;
  }
}

export class BodyRowsReader extends JsonBytes {
  /**
   * The keys last read at each place of a row, as bytes and as strings: a request's keys are
   * those of the one before, so each is compared, not decoded again and looked up (interned)
   * for every row.
   */
  private keyBytes: Uint8Array[] = Array.from({ length: KEY_PLACES }, () => new Uint8Array(0));
  private keyText: string[] = new Array<string>(KEY_PLACES).fill('');
  /** The body as a Buffer, for its decoding (`bytes` is the same memory). */
  private body: Buffer = Buffer.alloc(0);

  /** Starts reading `body`: where its first row's `{` is, or -1 when it does not open as `{"rows":[{`. */
  private firstRow(body: Buffer): number {
    this.bytes = body;
    this.body = body;
    const i = this.rowsOpen(0, body.length);
    return i >= 0 && body[i] === OPEN_BRACE ? i : -1;
  }

  /**
   * The rows of `body` (its bytes) as JSON.parse would make them, or null. `text` is the body
   * read as UTF-8 (`utf8Body`): its strings are sliced from it where the body is ASCII.
   */
  read(body: Buffer, text: string): RequestRow[] | null {
    let i = this.firstRow(body);
    if (i < 0) return null;
    const b = body;
    const end = body.length;
    // UTF-16 is shorter than UTF-8 for every non-ASCII character, so equal lengths mean ASCII,
    // where a byte's offset is its character's.
    const ascii = text.length === end;
    let rows: RequestRow[] | null = null;
    let first: RequestRow | null = null;
    for (;;) {
      const row = new Row();
      i = this.space(i + 1, end);
      if (b[i] !== CLOSE_BRACE) {
        for (let k = 0; ; k++) {
          if (b[i] !== QUOTE) return null;
          // The key at this place of the last row, if these bytes are it and its closing quote
          // (it holds no quote, backslash or control byte, so that is the whole string); else read.
          let keyEnd = k < KEY_PLACES ? this.knownKeyEnd(k, i + 1, end) : -1;
          let key: string;
          if (keyEnd >= 0) key = this.keyText[k];
          else {
            keyEnd = this.stringEnd(i, end);
            if (keyEnd < 0 || this.escaped) return null;
            key = this.key(k, i + 1, keyEnd - 1, ascii, text);
          }
          if (key === '__proto__') return null;
          i = this.space(keyEnd, end);
          if (b[i] !== COLON) return null;
          i = this.space(i + 1, end);
          const c = b[i];
          let to: number;
          let v: string | number | boolean | null;
          if (c === QUOTE) {
            to = this.stringEnd(i, end);
            if (to < 0 || this.escaped) return null;
            v = ascii ? text.slice(i + 1, to - 1) : body.toString('utf8', i + 1, to - 1);
          } else if (c === TRUE[0]) {
            to = this.literalEnd(i, end, TRUE);
            v = true;
          } else if (c === FALSE[0]) {
            to = this.literalEnd(i, end, FALSE);
            v = false;
          } else if (c === NULL[0]) {
            to = this.literalEnd(i, end, NULL);
            v = null;
          } else {
            to = this.numberEnd(i, end);
            if (to < 0) return null;
            v = this.number(i, to);
            // 1e400: Infinity to JSON.parse, which the request check refuses in its own words.
            if (v === Infinity || v === -Infinity) return null;
          }
          if (to < 0) return null;
          row[key] = v;
          i = this.space(to, end);
          if (b[i] === CLOSE_BRACE) break;
          if (b[i] !== COMMA) return null;
          i = this.space(i + 1, end);
        }
      }
      if (first === null) first = row;
      else (rows ??= [first]).push(row);
      i = this.space(i + 1, end);
      if (b[i] !== COMMA) break;
      i = this.space(i + 1, end);
      if (b[i] !== OPEN_BRACE) return null;
    }
    if (!this.rowsClose(i, end)) return null;
    // One row, the common request: an array of its length, as JSON.parse makes (a pushed one holds 17).
    return rows ?? [first!];
  }

  /**
   * The one row of `body` into `slots` by `keys` (`kind` of every key set, ABSENT where not sent),
   * with no row object: true when it holds exactly what `read`'s one row would, false for anything
   * else (more rows, a key `keys` lacks, a key given twice, and whatever `read` declines), which
   * is then read as objects. `slots` holds at least `keys.keys.length` slots.
   */
  readSlots(body: Buffer, text: string, keys: SlotKeys, slots: RowSlots): boolean {
    let i = this.firstRow(body);
    if (i < 0) return false;
    const b = body;
    const end = body.length;
    const ascii = text.length === end;
    const kind = slots.kind;
    // A loop, not kind.fill: TypedArray.prototype.fill is a call into C++ (~140 instructions a
    // request, cachegrind) for the few slots of a row.
    for (let k = keys.keys.length - 1; k >= 0; k--) kind[k] = SLOT_ABSENT;
    i = this.space(i + 1, end);
    if (b[i] !== CLOSE_BRACE) {
      for (let k = 0; ; k++) {
        if (b[i] !== QUOTE) return false;
        const j = keys.find(k, b, i + 1, end);
        // Unknown (or escaped) keys are refused or read by the objects' path; a repeated one keeps its first place there.
        if (j < 0 || kind[j] !== SLOT_ABSENT) return false;
        i = this.space(keys.keyEnd(j, i + 1), end);
        if (b[i] !== COLON) return false;
        i = this.space(i + 1, end);
        const c = b[i];
        let to: number;
        if (c === QUOTE) {
          to = this.stringEnd(i, end);
          if (to < 0 || this.escaped) return false;
          slots.text[j] = ascii ? text.slice(i + 1, to - 1) : body.toString('utf8', i + 1, to - 1);
          kind[j] = SLOT_TEXT;
        } else if (c === TRUE[0]) {
          to = this.literalEnd(i, end, TRUE);
          kind[j] = SLOT_TRUE;
        } else if (c === FALSE[0]) {
          to = this.literalEnd(i, end, FALSE);
          kind[j] = SLOT_FALSE;
        } else if (c === NULL[0]) {
          to = this.literalEnd(i, end, NULL);
          kind[j] = SLOT_NULL;
        } else {
          to = this.numberEnd(i, end);
          if (to < 0) return false;
          const v = this.number(i, to);
          if (v === Infinity || v === -Infinity) return false;
          slots.num[j] = v;
          kind[j] = SLOT_NUMBER;
        }
        if (to < 0) return false;
        i = this.space(to, end);
        if (b[i] === CLOSE_BRACE) break;
        if (b[i] !== COMMA) return false;
        i = this.space(i + 1, end);
      }
    }
    return this.rowsClose(this.space(i + 1, end), end);
  }

  /** Past the closing quote when the bytes from `from` are place `k`'s last key and a quote, else -1. */
  private knownKeyEnd(k: number, from: number, end: number): number {
    const known = this.keyBytes[k];
    const n = known.length;
    const b = this.bytes;
    if (n === 0 || from + n >= end || b[from + n] !== QUOTE) return -1;
    for (let j = 0; j < n; j++) if (known[j] !== b[from + j]) return -1;
    return from + n + 1;
  }

  /** The key whose bytes are `[from, to)`, at place `k` of its row, remembered for the next rows. */
  private key(k: number, from: number, to: number, ascii: boolean, text: string): string {
    const b = this.bytes;
    const key = ascii ? text.slice(from, to) : this.body.toString('utf8', from, to);
    if (k < KEY_PLACES) {
      // A copy: the body's memory is the socket's, reused after this request.
      this.keyBytes[k] = new Uint8Array(b.subarray(from, to));
      this.keyText[k] = key;
    }
    return key;
  }

  /**
   * The number JSON.parse reads from the valid JSON number at `[from, to)`. Up to 15 digits
   * without an exponent it is its digits as an integer (exact below 2^53) over a power of ten
   * (exact up to 10^22): one correctly rounded division, the value of the decimal itself.
   * Anything longer goes to `Number`, which reads JSON's numbers as JSON.parse does.
   */
  private number(from: number, to: number): number {
    const b = this.bytes;
    let i = from;
    const negative = b[i] === MINUS;
    if (negative) i++;
    let m = 0;
    let digits = 0;
    let scale = -1;
    for (; i < to; i++) {
      const c = b[i];
      if (c === DOT) scale = 0;
      else if (c > 0x39) break; // an exponent
      else {
        m = m * 10 + (c - 0x30);
        digits++;
        if (scale >= 0) scale++;
      }
    }
    if (i < to || digits > 15) return Number(this.body.toString('latin1', from, to));
    const v = scale > 0 ? m / POW10[scale] : m;
    return negative ? -v : v;
  }
}
