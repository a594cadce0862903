/**
 * Rename never changes what a pipeline means: on generated pipelines, every feature, table,
 * model and registered model is renamed to each name of a pool (fresh ones, the file's other
 * names of every kind, its columns, keywords, invalid words). Each rename is either refused with
 * a message, or the renamed file checks with the same diagnostic codes as before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertEachCase } from './firstFailure.js';
import { ResponseError, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocAnalysis } from '../../server/lsp/analyses.js';
import { renameAt } from '../../server/lsp/rename.js';
import { analyze, type CheckHost } from '../../server/mlpipe/index.js';
import type { DataInfo } from '../../server/mlpipe/data/info.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { pipelineArb, type PipelineCase } from './generate.js';

const URI = 'file:///w/gen.mlpipe';
const RENAMABLE = new Set(['feature', 'table', 'model', 'registered']);
// Names the generator writes (features, tables, models, columns), the language's words, and words that are no name.
const POOL = ['fresh_name', 'f0', 'f1', 'f2', 'num', 'cat', 'at', 'id', 'y', 'ts', 'v', 'events', 'hist', 'visits', 'm', 'served_m'];
const WORDS = ['feature', 'data', 'model', 'serve', 'require', 'drift', 'prediction', 'true', 'False', 'mlp', 'train', 'production', 'psi', 'auc', 'log1p', '1a', 'a-b', 'ünï', ''];

/** The analysis the server holds for a text: with the data's headers, as the inspector reads them. */
function docOf(text: string, host: CheckHost, files: Record<string, string>): DocAnalysis {
  const data = new Map(Object.keys(files).map((source) => [source, host.data!(source) as DataInfo]));
  return { ...analyze(text, host), data, dependencies: [], uri: URI, version: 1, path: '/w/gen.mlpipe', text };
}

function rename(doc: DocAnalysis, offset: number, name: string): WorkspaceEdit | string {
  try {
    return renameAt(doc, offset, name);
  } catch (e) {
    assert.ok(e instanceof ResponseError, `rename to '${name}' threw ${String(e)}`);
    assert.match(e.message, /\S/);
    return e.message;
  }
}

const codes = (text: string, host: CheckHost) =>
  analyze(text, host)
    .diagnostics.map((d) => d.code)
    .sort();

describe('rename (property-based)', () => {
  it('is refused with a message, or keeps every diagnostic code, for every symbol and name', () => {
    let renamed = 0;
    let refused = 0;
    function renameEverything(c: PipelineCase): void {
      const host = memoryHost(c.data.files);
      const doc = docOf(c.text, host, c.data.files);
      const before = codes(c.text, host);
      for (const occ of doc.binding.occurrences.filter((o) => o.isDefinition && RENAMABLE.has(o.kind))) {
        for (const name of [...POOL, ...WORDS]) {
          const result = rename(doc, occ.start, name);
          if (typeof result === 'string') {
            refused++;
            continue;
          }
          renamed++;
          const out = TextDocument.applyEdits(TextDocument.create(URI, 'mlpipe', 1, c.text), result.changes![URI]!);
          assert.deepEqual(codes(out, host), before, `renaming ${occ.kind} '${occ.name}' to '${name}' changed the diagnostics:\n${c.text}\n--- renamed ---\n${out}`);
        }
      }
    }
    // No shrinking: each step re-checks every rename; the first failure is shown whole.
    assertEachCase(pipelineArb, renameEverything, { numRuns: 12, endOnFailure: true });
    assert.ok(renamed > 50 && refused > 50, `too few renames tried: ${renamed} carried out, ${refused} refused`);
  });

  it('refuses a name the file reads but does not define, or reads as a column: the reference would name the renamed symbol', () => {
    const text = 'pipeline p\n\nmodel m {\n  kind = logistic\n  inputs = [a]\n}\n\nfeature a = 1\n\nserve {\n  model = served\n}\n';
    const doc = docOf(text, {}, {});
    assert.equal(
      rename(doc, text.indexOf('model m') + 6, 'served'),
      "cannot rename 'm' to 'served': 'served' is already written on line 11 for something this file does not define, and would then name 'm'",
    );
    // A feature renamed to a name an input reads and nothing defines.
    const inputs = 'pipeline p\n\nmodel m {\n  kind = logistic\n  inputs = [a, b]\n}\n\nfeature a = 1\n';
    assert.match(rename(docOf(inputs, {}, {}), inputs.indexOf('feature a') + 8, 'b') as string, /'b' is already written on line 5/);
    // A feature renamed to a primary column the file reads bare, when the data's header is not known
    // (the source is missing): 'log1p(num)' would read the feature, a loop.
    const unread = 'pipeline p\ndata events {\n  source = "missing.csv"\n  target = y\n}\nfeature a = log1p(num)\nfeature b = standardize(a)\n';
    assert.equal(rename(docOf(unread, {}, {}), unread.indexOf('feature b') + 8, 'num'), "cannot rename 'b' to 'num': 'num' is a column of the primary table 'events'");
    // Another namespace is no capture: a feature may take the unregistered name that 'serve' reads.
    assert.equal(typeof rename(doc, text.indexOf('feature a') + 8, 'served'), 'object');
  });
});
