/**
 * The formatter agrees with the checker: on generated pipelines, each written several ways (CRLF,
 * tabs, odd spacing, attributes joined on one line, suppression comments above and after lines the
 * formatter splits, a very long line with unicode in its comment, blank lines of spaces and tabs),
 * formatting is idempotent, keeps every comment, and leaves the check's diagnostics as they were:
 * the same codes on the same statements.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertEachCase } from './firstFailure.js';
import { format } from '../../server/mlpipe/format/format.js';
import { analyze, parse, type CheckHost } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { pipelineArb, type PipelineCase } from './generate.js';

/** Attribute, `require` and `drift` lines joined onto the line before, with a comma (or after a block's `{`). */
const joinAttributes = (t: string) => t.replace(/(\S)\n {2}(?=\w+ = |require |drift )/g, (_m, c: string) => (c === '{' ? '{ ' : `${c}, `));

const WRITINGS: Array<[string, (t: string) => string]> = [
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
function diagnosticsByStatement(text: string, host: CheckHost): string[] {
  const a = analyze(text, host);
  return a.diagnostics.map((d) => `${d.code} @${a.file.statements.findIndex((s) => s.start <= d.start && d.start <= s.end)}`).sort();
}

/** Every comment's text, each once: a suppression may be repeated above each line made from the line it covers. */
const commentTexts = (text: string) => [...new Set(parse(text).comments.map((c) => c.text.trim()))].sort();

/** Formats each writing of a case; `seen` counts the writings the formatter changed. */
function checkWritings(c: PipelineCase, seen: Map<string, number>): void {
  const host = memoryHost(c.data.files);
  for (const [how, write] of WRITINGS) {
    const text = write(c.text);
    const once = format(text);
    if (once !== text) seen.set(how, (seen.get(how) ?? 0) + 1);
    const show = `(${how})\n${text}\n--- formatted ---\n${once}`;
    assert.equal(format(once), once, `formatting twice changed the file ${show}`);
    assert.deepEqual(commentTexts(once), commentTexts(text), `comments changed ${show}`);
    assert.deepEqual(diagnosticsByStatement(once, host), diagnosticsByStatement(text, host), `diagnostics changed ${show}`);
  }
}

describe('agreement: the formatter and the checker (property-based)', () => {
  it('format is idempotent, keeps every comment and every diagnostic, however the file is written', () => {
    const seen = new Map<string, number>();
    // No shrinking: each step re-checks eight writings, and the first failure is shown whole.
    assertEachCase(pipelineArb, (c) => checkWritings(c, seen), { numRuns: 40, endOnFailure: true });
    // Every writing reached the formatter (none left every case unchanged, or broken).
    assert.deepEqual(
      WRITINGS.map(([how]) => how).filter((how) => !seen.has(how)),
      [],
    );
  });
});
