import { type Comment, type DurationUnit, DURATION_SECONDS, type Token, type TokenKind } from './tokens.js';

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

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Splits source text into tokens. Never throws: characters it cannot read become `bad`
 * tokens, which the parser reports as `syntax`. Newlines are tokens because statements end
 * at a newline; consecutive blank lines collapse into one newline token.
 */
export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const n = text.length;
  let i = 0;
  // A leading UTF-8 BOM is not part of the program.
  if (text.charCodeAt(0) === 0xfeff) i = 1;

  const push = (kind: TokenKind, start: number, end: number, extra?: Partial<Token>) => {
    tokens.push({ kind, start, end, text: text.slice(start, end), ...extra });
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 13 || c === 10) {
      const start = i;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else i += 1;
      const last = tokens[tokens.length - 1];
      if (last && last.kind !== 'newline') push('newline', start, i);
      continue;
    }
    if (c === 35 /* # */) {
      const start = i;
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      comments.push({ start, end: i, text: text.slice(start + 1, i) });
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      push('ident', start, i);
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const start = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (e === 101 || e === 69) {
        let j = i + 1;
        const s = text.charCodeAt(j);
        if (s === 43 || s === 45) j++;
        if (isDigit(text.charCodeAt(j))) {
          while (j < n && isDigit(text.charCodeAt(j))) j++;
          i = j;
        }
      }
      const numText = text.slice(start, i);
      const u = text[i];
      if ((u === 's' || u === 'm' || u === 'h' || u === 'd' || u === 'w') && !isIdentPart(text.charCodeAt(i + 1))) {
        i++;
        const unit = u as DurationUnit;
        push('duration', start, i, { value: Number(numText) * DURATION_SECONDS[unit], unit });
        continue;
      }
      if (isIdentStart(text.charCodeAt(i))) {
        // `12abc`: read the whole word so the error names it once.
        while (i < n && isIdentPart(text.charCodeAt(i))) i++;
        push('bad', start, i, { error: `'${text.slice(start, i)}' is not a number, duration or name` });
        continue;
      }
      push('number', start, i, { value: Number(numText) });
      continue;
    }
    if (c === 34 /* " */) {
      const start = i;
      i++;
      let value = '';
      let error: string | undefined;
      let closed = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) break;
        if (d === 34) {
          i++;
          closed = true;
          break;
        }
        if (d === 92 /* \ */) {
          const esc = text[i + 1];
          if (esc === '"' || esc === '\\') value += esc;
          else if (esc === 'n') value += '\n';
          else if (esc === 't') value += '\t';
          else error ??= `unknown escape '\\${esc ?? ''}' in string: use \\", \\\\ or \\n`;
          i += 2;
          continue;
        }
        value += text[i];
        i++;
      }
      if (!closed) error = 'string is not closed on this line: add the closing "';
      push('string', start, i, { value, error });
      continue;
    }
    if (c === 62 /* > */ || c === 60 /* < */) {
      const start = i;
      const op = text[i];
      i++;
      if (text[i] === '=') {
        i++;
        push(op === '>' ? '>=' : '<=', start, i);
      } else push(op === '>' ? '>' : '<', start, i);
      continue;
    }
    const single = SINGLE[text[i]];
    if (single) {
      push(single, i, i + 1);
      i++;
      continue;
    }
    // Anything else (a stray `$`, a non-ASCII letter): one bad token per run of such characters.
    const start = i;
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d <= 32 || isIdentPart(d) || SINGLE[text[i]] || d === 34 || d === 35 || d === 60 || d === 62) break;
      i++;
    }
    push('bad', start, i, { error: `unexpected character '${text.slice(start, i)}'` });
  }
  push('eof', n, n);
  return { tokens, comments };
}
