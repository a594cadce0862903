/**
 * A pipeline file's text as an editor holds it: without the UTF-8 byte order mark some editors
 * write first (older Notepad). Editors drop it from the document, so positions count from the
 * character after it; a file read from disk must be read the same way, or every position on
 * its first line is one column off in the terminal, the outline of an unopened file and a
 * refused run. (The lexer also skips a mark a client leaves in the text it sends.)
 */
export function pipelineText(raw: string): string {
  return raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
}
