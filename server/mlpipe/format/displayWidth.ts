import { eastAsianWidth } from 'get-east-asian-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** A character that takes no column of its own: a control, a format character (zero-width space, joiner), a combining mark. */
const ZERO_WIDTH = /^[\p{Cc}\p{Cf}\p{Mn}\p{Me}]/u;
/** A grapheme drawn as an emoji: a pictograph asked for as one (U+FE0F) or joined to others. */
const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D)/u;

/**
 * The columns a text takes in a monospace editor or terminal: East Asian Wide and Fullwidth
 * characters (CJK, most emoji) take two, combining marks and zero-width characters none, one
 * grapheme (an emoji sequence, a letter with its accents) as much as its first character, or
 * two when it is an emoji. What alignment counts: UTF-16 length put a comment after a Chinese
 * file name one column further right per character.
 */
export function displayWidth(text: string): number {
  // The common case, ASCII only, without segmenting.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (ZERO_WIDTH.test(segment)) continue;
    width += EMOJI.test(segment) ? 2 : eastAsianWidth(segment.codePointAt(0)!);
  }
  return width;
}
