import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DataInspector } from '../../../server/backend/data/inspect.js';
import type { VerdictStore } from '../../../server/mlpipe/checker/verdicts.js';
import { isConsumed } from '../../../server/mlpipe/syntax/incremental.js';
import { Analyses } from '../../../server/lsp/analyses.js';
import { basePipeline, CUSTOMERS, ORDERS } from '../checker/fixture.js';

const noVerdicts: VerdictStore = { get: () => undefined, set: () => {} };

/**
 * The language server's analyses of one document over edits, on real files: each version's tree
 * is re-parsed from the one before and consumes it, so a consumed analysis must never be served.
 */
describe('Analyses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-analyses-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'customers.csv'), CUSTOMERS);
  writeFileSync(join(dir, 'orders.csv'), ORDERS);
  const uri = pathToFileURL(join(dir, 'p.mlpipe')).href;
  const features = Array.from({ length: 30 }, (_, i) => `feature extra${i} = log1p(fill_missing(tenure_days, ${i}))`).join('\n');
  const v1 = `${basePipeline()}\n${features}\n`;
  // An edit in the middle of the extra features: everything after it moves.
  const v2 = v1.replace('tenure_days, 10))', 'tenure_dayz, 10))');
  const v3 = v2.replace('tenure_days, 20))', 'tenure_days, 200))');

  const analyses = () => {
    const inspector = new DataInspector();
    return new Analyses({ inspector: () => inspector, verdicts: () => noVerdicts });
  };
  const plain = (d: { code: string; start: number; end: number; range: unknown; message: string }) => [d.code, d.start, d.end, d.range, d.message];

  it('re-parses each version from the one before, consuming it, with the diagnostics of a full check', async () => {
    const a = analyses();
    const doc = TextDocument.create(uri, 'mlpipe', 1, v1);
    const first = await a.of(doc);
    assert.equal(a.latest(uri), first);
    TextDocument.update(doc, [{ text: v2 }], 2);
    const second = await a.of(doc);
    assert.ok(isConsumed(first.file), 'the first tree was re-parsed into the second');
    assert.equal(a.latest(uri), second);
    assert.deepStrictEqual(a.all(), [second], 'a consumed analysis is not listed');
    assert.ok(second.diagnostics.some((d) => d.message.includes("'tenure_dayz'")), 'the edit is seen');
    const fresh = await analyses().of(TextDocument.create(uri, 'mlpipe', 2, v2));
    assert.deepStrictEqual(second.diagnostics.map(plain), fresh.diagnostics.map(plain), 'as a full parse and check of version 2');
    // A moved statement is the same object at its new offsets.
    const moved = second.file.statements.at(-1)!;
    assert.equal(v2.slice(moved.start, moved.end), 'feature extra29 = log1p(fill_missing(tenure_days, 29))');
  });

  it('keeps nothing of a document closed during its check', async () => {
    const a = analyses();
    const pending = a.of(TextDocument.create(uri, 'mlpipe', 1, v1));
    a.forget(uri); // the close arrives while the check runs
    await pending;
    assert.equal(a.latest(uri), undefined, 'the closed text is not the latest analysis');
    assert.deepStrictEqual(a.all(), []);
    // Opened again: its own check is kept as before.
    const again = await a.of(TextDocument.create(uri, 'mlpipe', 1, v2));
    assert.equal(a.latest(uri), again);
  });

  it('runs a request on the current analysis when the one it waited for was consumed meanwhile', async () => {
    const a = analyses();
    const doc = TextDocument.create(uri, 'mlpipe', 1, v1);
    // Two requests wait for version 1. The first one's reader starts version 2's check (as a
    // handler resuming before the second might), which consumes version 1's tree.
    const first = a.use(doc, (x) => {
      TextDocument.update(doc, [{ text: v2 }], 2);
      void a.of(doc);
      return x.version;
    });
    const seen: Array<{ version: number; consumed: boolean; moved: string }> = [];
    const second = a.use(doc, (x) => {
      const last = x.file.statements.at(-1)!;
      seen.push({ version: x.version, consumed: isConsumed(x.file), moved: x.text.slice(last.start, last.end) });
    });
    assert.equal(await first, 1);
    await second;
    assert.deepStrictEqual(seen, [{ version: 2, consumed: false, moved: 'feature extra29 = log1p(fill_missing(tenure_days, 29))' }]);
    assert.equal(a.latest(uri)?.version, 2);
  });

  it('while version 2 is being checked, version 1 is not served as the latest once consumed', async () => {
    const a = analyses();
    const doc = TextDocument.create(uri, 'mlpipe', 1, v1);
    const first = await a.of(doc);
    TextDocument.update(doc, [{ text: v2 }], 2);
    const pending = a.of(doc); // re-parses synchronously, consuming version 1's tree
    assert.ok(isConsumed(first.file));
    assert.equal(a.latest(uri), undefined, 'no analysis whose tree no longer matches its text');
    assert.equal((await pending).version, 2);
  });

  it('a re-check of the same text (data changed) shares the tree, and an edit meanwhile does not consume it under that check', async () => {
    const a = analyses();
    const doc = TextDocument.create(uri, 'mlpipe', 1, v1);
    await a.of(doc);
    TextDocument.update(doc, [{ text: v2 }], 2);
    const second = await a.of(doc);
    a.invalidate(uri); // the data changed on disk: version 2 is checked again
    const recheck = a.of(doc);
    TextDocument.update(doc, [{ text: v3 }], 3);
    const third = a.of(doc);
    const [r2, r3] = await Promise.all([recheck, third]);
    // The re-check ran on version 2's own tree, untouched by version 3's parse.
    assert.equal(r2.file, second.file, 'the re-check of the same text shares the tree');
    assert.equal(isConsumed(r2.file), false);
    const fresh2 = await analyses().of(TextDocument.create(uri, 'mlpipe', 2, v2));
    assert.deepStrictEqual(r2.diagnostics.map(plain), fresh2.diagnostics.map(plain));
    const fresh3 = await analyses().of(TextDocument.create(uri, 'mlpipe', 3, v3));
    assert.deepStrictEqual(r3.diagnostics.map(plain), fresh3.diagnostics.map(plain));
    const last = r2.file.statements.at(-1)!;
    assert.equal(v2.slice(last.start, last.end), 'feature extra29 = log1p(fill_missing(tenure_days, 29))');
  });
});
