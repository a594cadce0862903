/**
 * The ways the formatter's property tests write each generated pipeline (CRLF, tabs, odd spacing,
 * attributes joined on one line, suppression comments above and after lines the formatter
 * splits, a very long line with unicode in its comment, blank lines of spaces and tabs), and the
 * diagnostics they compare before and after formatting.
 */
import { analyze, type CheckHost } from '../../server/mlpipe/index.js';

/** Attribute, `require` and `drift` lines joined onto the line before, with a comma (or after a block's `{`). */
const joinAttributes = (t: string) => t.replace(/(\S)\n {2}(?=\w+ = |require |drift )/g, (_m, c: string) => (c === '{' ? '{ ' : `${c}, `));

export const WRITINGS: Array<[string, (t: string) => string]> = [
  ['as generated', (t) => t],
  ['CRLF and tabs', (t) => t.replace(/^ {2}/gm, '\t').replace(/\n/g, '\r\n')],
  ['odd spacing', (t) => t.replace(/(\w) = /g, '$1=').replace(/, /g, ',').replace(/\n/g, ' \t\n')],
  ['blank lines of spaces, unicode comments', (t) => t.replace(/\n\n/g, '\n \t\n# ünï 日本\n\n\n')],
  ['attributes joined', joinAttributes],
  ['joined, each block silenced', (t) => joinAttributes(t).replace(/\n(?=(data|split|model|serve|monitor|evaluate|register|environment) )/g, '\n# mlpipe-disable-next-line\n')],
  ['silenced after the line before', (t) => joinAttributes(t.replace(/\n(?= {2}\w+ = )/g, '  # mlpipe-disable-next-line\n'))],
  ['a long line', (t) => t.replace(/^(feature \w+) = (.*)$/m, (_m, head: string, e: string) => `${head} = ${Array(40).fill(`(${e})`).join(' + ')}  # ünï 日本`)],
];

/** Each diagnostic as its code and the index of the top-level statement it starts in (-1: the pipeline line). */
export function diagnosticsByStatement(text: string, host: CheckHost): string[] {
  const a = analyze(text, host);
  return a.diagnostics.map((d) => `${d.code} @${a.file.statements.findIndex((s) => s.start <= d.start && d.start <= s.end)}`).sort();
}
