/** Token kinds of the .mlpipe language. Keywords are contextual, so there are none here. */
export type TokenKind =
  | 'ident'
  | 'number'
  | 'duration'
  | 'string'
  | 'newline'
  | '{'
  | '}'
  | '['
  | ']'
  | '('
  | ')'
  | ','
  | '='
  | '+'
  | '-'
  | '*'
  | '/'
  | '>'
  | '>='
  | '<'
  | '<='
  | '.'
  | '@'
  | 'bad'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Offset of the first UTF-16 code unit. */
  start: number;
  /** Offset one past the last code unit. */
  end: number;
  /** Source text of the token (for strings: the decoded value; see `value`). */
  text: string;
  /** Decoded string value, number value or duration in seconds. */
  value?: string | number;
  /** Duration unit for `duration` tokens. */
  unit?: DurationUnit;
  /** Set when a string literal is not closed on its line or has a bad escape. */
  error?: string;
}

export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w';

export const DURATION_SECONDS: Record<DurationUnit, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
};

export interface Comment {
  start: number;
  end: number;
  /** Text after the `#`. */
  text: string;
}

/** The lexer's identifier, as a pattern: what a `.mlpipe` file can write as a name. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` can be written as a name in a `.mlpipe` file (a column called 'Monthly Charges' cannot). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

const INVISIBLE = /[\p{Cc}\p{Cf}]/u;
const QUOTED_MAX = 40;

/**
 * A token's source text as a message quotes it. A control or format character (a NUL byte, an
 * ESC, a zero-width space) is named by its code point: quoted as it is, the message showed
 * nothing between the quotes, and a terminal printing it acted on it. A long token is cut.
 */
export function quotedText(text: string): string {
  // A token runs to any length (a line of 300,000 letters): the message quotes its start, cut
  // before a surrogate pair rather than through it, so the start is itself short.
  if (text.length > QUOTED_MAX) {
    const end = /[\uD800-\uDBFF]/.test(text[QUOTED_MAX - 1]) ? QUOTED_MAX - 1 : QUOTED_MAX;
    return `${quotedShort(text.slice(0, end)).replace(/'$/, "…'")} (${text.length} characters)`;
  }
  return quotedShort(text);
}

function quotedShort(text: string): string {
  if (!INVISIBLE.test(text)) return `'${text}'`;
  const shown = [...text].map((ch) => (INVISIBLE.test(ch) ? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : ch)).join('');
  return `${shown} (an invisible character: delete it)`;
}
