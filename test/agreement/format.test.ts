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
import { diagnosticsByStatement, WRITINGS } from './formatWritings.js';
import { format } from '../../server/mlpipe/format/format.js';
import { parse } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { pipelineArb, type PipelineCase } from './generate.js';

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
