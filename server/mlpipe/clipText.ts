/** Longest text one message keeps (a quoted value or name is most of a long one). */
export const MAX_MESSAGE_TEXT = 1000;

/**
 * A message with its middle left out when longer than `MAX_MESSAGE_TEXT`: the start (which name
 * or field) and the end (what is wrong and what to do) stay. A message quotes the name or value
 * it is about, which can run to any length (a 1 MB request value, a 3 MB identifier on one line
 * of a generated file): quoted whole, it made a 2 MB HTTP answer, and a diagnostic that the
 * terminal, the Problems view and CI logs showed as megabytes of one line. One rule for serving's
 * errors and the checker's diagnostics.
 */
export function clipText(text: string): string {
  if (text.length <= MAX_MESSAGE_TEXT) return text;
  const keep = MAX_MESSAGE_TEXT / 2;
  return `${text.slice(0, keep)}… (${text.length - 2 * keep} characters left out) …${text.slice(-keep)}`;
}
