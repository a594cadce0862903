/**
 * Text for clients that take no markdown or no snippets: the same content, shown verbatim.
 * The server writes hovers and completion docs in markdown and completions as snippets once;
 * these turn them into what such a client can display or insert.
 */

/**
 * Markdown as plain text: code fences, emphasis and blank lines dropped, inline code in single
 * quotes, tables as aligned rows. A fenced block's lines are code, kept as written: read as
 * markdown, `log1p(a) * log1p(b) * 2` lost its '*'s as emphasis.
 */
export function markdownToPlain(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      // The block ends at a fence at least as long as the one that opened it.
      if (marker !== undefined && marker.length >= fence.length && line.slice(marker.length).trim() === '') fence = undefined;
      else out.push(line);
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    if (line.trim() === '') continue;
    if (/^\|(\s*:?-+:?\s*\|)+\s*$/.test(line)) continue; // a table's header rule
    const row = /^\|(.*)\|\s*$/.exec(line);
    // A table row's cells end at each '|' that is not escaped ('\|' is a '|' inside a cell).
    const text = row ? row[1].split(/(?<!\\)\|/).map((c) => c.trim()).join('  ') : line.replace(/^- /, '');
    out.push(inline(text));
  }
  return out.join('\n');
}

/** Backslash escapes (`\*` is a literal '*') are set aside while code and emphasis are read, then written as the characters they stand for. */
const ESCAPED = /\\([!-/:-@[-`{-~])/g;

function inline(s: string): string {
  const literal: string[] = [];
  return s
    .replace(ESCAPED, (_, c: string) => `\u0000${literal.push(c) - 1}\u0000`)
    .replace(/`([^`]*)`/g, "'$1'")
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^\w*])\*([^*]+)\*(?!\w)/g, '$1$2')
    .replace(/ {2}$/, '')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => literal[Number(i)]);
}

/**
 * An LSP snippet as the text it inserts when every placeholder keeps its default: `${1:name}`
 * is `name`, a choice `${1|a,b|}` its first value, bare tab stops nothing. Lines left blank by
 * an empty tab stop are dropped, so a block completion is still valid text (`split {\n}`).
 */
export function snippetToPlain(snippet: string): string {
  let s = snippet;
  // Innermost placeholders first, so nested ones (`${1:a ${2:b}}`) resolve.
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s
      .replace(/\$\{\d+:((?:[^${}\\]|\\.)*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
  }
  s = s.replace(/\\([$}\\])/g, '$1');
  return s
    .split('\n')
    .filter((line, i, all) => line.trim() !== '' || i === 0 || i === all.length - 1)
    .join('\n');
}
