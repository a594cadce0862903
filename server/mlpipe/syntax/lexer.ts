import { type Comment, type DurationUnit, DURATION_SECONDS, quotedText, type Token, type TokenKind } from './tokens.js';

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
}

const SINGLE: Record<string, TokenKind> = {
  '{': '{',
  '}': '}',
  '[': '[',
  ']': ']',
  '(': '(',
  ')': ')',
  ',': ',',
  '=': '=',
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '.': '.',
  '@': '@',
};

/** `SINGLE` by character code, for the lexer's loop: no one-character string and keyed lookup per token. */
const SINGLE_BY_CODE: Array<TokenKind | undefined> = new Array<TokenKind | undefined>(128).fill(undefined);
for (const [ch, kind] of Object.entries(SINGLE)) SINGLE_BY_CODE[ch.charCodeAt(0)] = kind;

/**
 * What each ASCII character can be, as bits: one table load per character in the scanner's loops
 * instead of a chain of range comparisons (the identifier loop ran every character of a name
 * through three calls and up to six comparisons).
 */
const IDENT_START = 1;
const DIGIT = 2;
const IDENT_PART = IDENT_START | DIGIT;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) CLASS[c] = IDENT_START;
  else if (c >= 48 && c <= 57) CLASS[c] = DIGIT;
}

function isIdentStart(c: number): boolean {
  return c < 128 && (CLASS[c] & IDENT_START) !== 0;
}
function isIdentPart(c: number): boolean {
  return c < 128 && (CLASS[c] & IDENT_PART) !== 0;
}
function isDigit(c: number): boolean {
  return c < 128 && (CLASS[c] & DIGIT) !== 0;
}

/** A letter, mark or digit beyond ASCII ('é', '中', 'ß'), which a name cannot hold. */
const WIDE_WORD_PART = /^[\p{L}\p{M}\p{N}]$/u;
function isWideWordPart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c > 127 && WIDE_WORD_PART.test(String.fromCodePoint(text.codePointAt(i)!));
}

/**
 * The end of a word of ASCII name characters and letters beyond ASCII from `i` (`café`,
 * `naïve_bayes`, `中文`): read whole, so the error names the word once, not its first
 * non-ASCII letter as a stray character (`expected '=' after 'feature caf'`).
 */
function wideWordEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    if (isIdentPart(text.charCodeAt(i))) i++;
    else if (isWideWordPart(text, i)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    else break;
  }
  return i;
}

/** A word holding letters beyond ASCII, as the error for it says. */
function wideWordMessage(word: string): string {
  const first = [...word].find((ch) => ch.charCodeAt(0) > 127)!;
  return `'${word}' is not a name: names are ASCII letters, digits and '_' ('${first}' is not one); a column named so must be renamed in the data to be used`;
}

/** The letters after a number that mean a time unit the language lacks (`1y`, `30min`, `500ms`). */
const UNIT_LIKE = /^(?:y|yrs?|years?|mos?|mons?|months?|mins?|minutes?|secs?|seconds?|hrs?|hours?|days?|wks?|weeks?|ms|us|ns)$/i;

/**
 * Reads tokens one at a time, so the parser keeps only a few alive at once (a 5,000-line file
 * has ~60k tokens: materialising them all doubled the garbage collector's work). Never
 * throws: characters it cannot read become `bad` tokens, which the parser reports as `syntax`.
 * Newlines are tokens because statements end at a newline; blank lines collapse into one.
 */
export class Scanner {
  readonly comments: Comment[] = [];
  private i: number;
  private lastKind: TokenKind | undefined;
  private done = false;
  /** Whether the text holds a carriage return; looked for at the first comment. */
  private hasCR: boolean | undefined;

  /** `from`: where to start reading, a token's first character (a re-parse of part of a file). */
  constructor(
    private readonly text: string,
    from = 0,
  ) {
    // A leading UTF-8 BOM is not part of the program.
    this.i = from > 0 ? from : text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** A token object to fill instead of allocating one (the parser's ring hands back old ones). */
  private reuse: Token | undefined;

  /**
   * `text`: the source text for names, numbers, strings and bad tokens, the kind for punctuation,
   * '' for newline and end: each caller knows which, so no chain of kind tests per token.
   */
  private make(kind: TokenKind, start: number, end: number, text: string, value?: string | number, unit?: DurationUnit, error?: string): Token {
    // Every token has the same shape: monomorphic objects keep the parser fast.
    this.lastKind = kind;
    const t = this.reuse;
    if (t) {
      this.reuse = undefined;
      t.kind = kind;
      t.start = start;
      t.end = end;
      t.text = text;
      t.value = value;
      t.unit = unit;
      t.error = error;
      return t;
    }
    return { kind, start, end, text, value, unit, error };
  }

  private bad(start: number, end: number, error: string): Token {
    return this.make('bad', start, end, this.text.slice(start, end), undefined, undefined, error);
  }

  /** The next token; `into`, when given, is a token the caller no longer needs, filled in place. */
  next(into?: Token): Token {
    this.reuse = into;
    const text = this.text;
    const n = text.length;
    let i = this.i;
    for (;;) {
      if (i >= n) {
        this.i = i;
        this.done = true;
        return this.make('eof', n, n, '');
      }
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12 || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 13 || c === 10) {
        const start = i;
        if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
        else i += 1;
        if (this.lastKind !== undefined && this.lastKind !== 'newline') {
          this.i = i;
          return this.make('newline', start, i, '');
        }
        continue;
      }
      if (c === 35 /* # */) {
        const start = i;
        // A file with no carriage return (most): the native search finds the comment's end.
        this.hasCR ??= text.indexOf('\r') >= 0;
        if (!this.hasCR) {
          const eol = text.indexOf('\n', i);
          i = eol < 0 ? n : eol;
        } else while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        this.comments.push({ start, end: i, text: text.slice(start + 1, i) });
        continue;
      }
      break;
    }
    const c = text.charCodeAt(i);
    const start = i;
    if (isIdentStart(c)) {
      // Past the end charCodeAt is NaN, which isIdentPart rejects: the loop needs no test of `i < n`.
      i++;
      while (isIdentPart(text.charCodeAt(i))) i++;
      if (i < n && isWideWordPart(text, i)) {
        i = wideWordEnd(text, i);
        this.i = i;
        return this.bad(start, i, wideWordMessage(text.slice(start, i)));
      }
      this.i = i;
      return this.make('ident', start, i, text.slice(start, i));
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (e === 101 || e === 69) {
        let j = i + 1;
        const sign = text.charCodeAt(j);
        if (sign === 43 || sign === 45) j++;
        if (isDigit(text.charCodeAt(j))) {
          while (j < n && isDigit(text.charCodeAt(j))) j++;
          i = j;
        } else if (!isIdentPart(text.charCodeAt(j)) || j > i + 1) {
          // '1e', '1e-', '2E+': an exponent without its digits, not a name that starts with a digit.
          this.i = j;
          return this.bad(start, j, `'${text.slice(start, j)}' is not a number: an exponent needs digits, e.g. '1e-3'`);
        }
      }
      const numText = text.slice(start, i);
      if (text.charCodeAt(i) === 95 /* _ */ && isDigit(text.charCodeAt(i + 1))) {
        // '1_000': digit separators, which the language does not take.
        while (i < n && (isDigit(text.charCodeAt(i)) || text.charCodeAt(i) === 95 || (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))))) i++;
        this.i = i;
        const written = text.slice(start, i);
        return this.bad(start, i, `'${written}' is not a number: digits cannot be grouped with '_'; write '${written.replaceAll('_', '')}'`);
      }
      if (text.charCodeAt(i) === 46 /* . */ && !isIdentStart(text.charCodeAt(i + 1))) {
        // '42.': a decimal point with no digits after it.
        this.i = i + 1;
        return this.bad(start, i + 1, `'${numText}.' is not a number: a decimal point needs digits after it; write '${numText}' or '${numText}.0'`);
      }
      const u = text[i];
      if ((u === 's' || u === 'm' || u === 'h' || u === 'd' || u === 'w') && !isIdentPart(text.charCodeAt(i + 1))) {
        i++;
        this.i = i;
        return this.make('duration', start, i, text.slice(start, i), Number(numText) * DURATION_SECONDS[u], u);
      }
      if (isIdentStart(text.charCodeAt(i))) {
        // `12abc`: read the whole word so the error names it once.
        while (i < n && isIdentPart(text.charCodeAt(i))) i++;
        this.i = i;
        const word = text.slice(start, i);
        // A duration's unit in capitals ('90D', '12H'): units are lowercase.
        const suffix = text.slice(numText.length + start, i);
        // 'M' is left unguessed: months to some ('6M'), and 'm' is minutes.
        if (suffix === 'M') return this.bad(start, i, `'${word}' is not a duration: the units are s, m (minutes), h, d and w, in lowercase`);
        if (suffix.length === 1 && Object.hasOwn(DURATION_SECONDS, suffix.toLowerCase()))
          return this.bad(start, i, `'${word}' is not a duration: units are lowercase, write '${numText}${suffix.toLowerCase()}'`);
        // A duration in a unit the language lacks ('1y', '30min'): name the ones it has.
        if (UNIT_LIKE.test(text.slice(numText.length + start, i))) {
          const units = Object.keys(DURATION_SECONDS).join(', ');
          return this.bad(start, i, `'${word}' is not a number, duration or name: a duration is a number and one of the units ${units} ('90d', '12h')`);
        }
        // Else a name that starts with a digit, mostly a column's header ('1stFlrSF', '2nd_score').
        return this.bad(start, i, `'${word}' is not a number, duration or name: a name cannot start with a digit (a column named so must be renamed in the data to be used)`);
      }
      this.i = i;
      return this.make('number', start, i, numText, Number(numText));
    }
    if (c === 34 /* " */) {
      i++;
      let value = '';
      let error: string | undefined;
      let closed = false;
      let run = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) break;
        if (d === 34) {
          value += text.slice(run, i);
          i++;
          closed = true;
          break;
        }
        if (d === 92 /* \ */) {
          value += text.slice(run, i);
          const esc = text[i + 1];
          if (esc === undefined || esc === '\n' || esc === '\r') {
            i++; // a backslash at the end of the line: the string is not closed
            run = i;
            break;
          }
          if (esc === '"' || esc === '\\') value += esc;
          else if (esc === 'n') value += '\n';
          // A tab, beyond the spec's three: accepted, so the message names it with them.
          else if (esc === 't') value += '\t';
          else error ??= `unknown escape '\\${esc ?? ''}' in string: use \\", \\\\, \\n or \\t`;
          i += 2;
          run = i;
          continue;
        }
        i++;
      }
      if (!closed) {
        value += text.slice(run, Math.min(i, n));
        error = 'string is not closed on this line: add the closing "';
      }
      this.i = i;
      return this.make('string', start, i, text.slice(start, i), value, undefined, error);
    }
    if (c === 62 /* > */ || c === 60 /* < */) {
      const op = text[i];
      i++;
      if (text[i] === '=') {
        i++;
        this.i = i;
        const kind = op === '>' ? '>=' : '<=';
        return this.make(kind, start, i, kind);
      }
      this.i = i;
      const kind = op === '>' ? '>' : '<';
      return this.make(kind, start, i, kind);
    }
    const single = c < 128 ? SINGLE_BY_CODE[c] : undefined;
    if (single) {
      this.i = i + 1;
      return this.make(single, i, i + 1, single);
    }
    if (isWideWordPart(text, i)) {
      i = wideWordEnd(text, i);
      this.i = i;
      return this.bad(start, i, wideWordMessage(text.slice(start, i)));
    }
    // Anything else (a stray `$`, a symbol beyond ASCII): one bad token per run of such characters.
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d <= 32 || isIdentPart(d) || (d < 128 && SINGLE_BY_CODE[d] !== undefined) || d === 34 || d === 35 || d === 60 || d === 62) break;
      i++;
    }
    this.i = i;
    return this.bad(start, i, `unexpected character ${quotedText(text.slice(start, i))}`);
  }

  get finished(): boolean {
    return this.done;
  }
}

/** All tokens and comments of a text at once (tests, tools); the parser pulls from a `Scanner`. */
export function lex(text: string): LexResult {
  const scanner = new Scanner(text);
  const tokens: Token[] = [];
  for (;;) {
    const t = scanner.next();
    tokens.push(t);
    if (t.kind === 'eof') break;
  }
  return { tokens, comments: scanner.comments };
}
