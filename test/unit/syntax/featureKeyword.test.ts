import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocAnalysis } from '../../../server/lsp/analyses.js';
import { hoverAt } from '../../../server/lsp/hover.js';
import { analyze, parse } from '../../../server/mlpipe/index.js';
import type { FeatureDecl, SourceFile } from '../../../server/mlpipe/syntax/ast.js';
import { featureKeyword } from '../../../server/mlpipe/syntax/featureKeyword.js';
import { reparse } from '../../../server/mlpipe/syntax/incremental.js';
import { pathAt } from '../../../server/mlpipe/syntax/locate.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from '../checker/fixture.js';

const TEXT = 'pipeline p\nfeature x = 1\nfeature w = 2\nfeature v = 3\n  feature y = x + 2\nserve {\n  feature z = 3\n}\n';

function features(file: SourceFile): FeatureDecl[] {
  return file.statements.flatMap((s) => (s.kind === 'Feature' ? [s] : s.entries.filter((e): e is FeatureDecl => e.kind === 'Feature')));
}

describe("a feature line's keyword", () => {
  it('is no node until read: the parser makes none', () => {
    for (const f of features(parse(TEXT))) assert.equal(f.keyword, undefined);
  });

  it("spans the line's 'feature', top-level and in a serve block, and is the same node each time", () => {
    const file = parse(TEXT);
    const fs = features(file);
    assert.equal(fs.length, 5);
    for (const f of fs) {
      const k = featureKeyword(f);
      assert.deepEqual(k, { kind: 'Ident', name: 'feature', start: f.start, end: f.start + 7 });
      assert.equal(TEXT.slice(k.start, k.end), 'feature');
      assert.equal(featureKeyword(f), k, 'the same node each time');
    }
  });

  it('is the node the editor features walk to at the keyword', () => {
    const file = parse(TEXT);
    const last = pathAt(file, TEXT.indexOf('feature y') + 2).pop();
    assert.equal(last, featureKeyword(features(file)[3]));
  });

  it('moves with its line when an edit above it keeps the statement', () => {
    const prev = parse(TEXT);
    const asked = featureKeyword(features(prev)[3]);
    const text = TEXT.replace('v = 3', 'v = 300 + 4');
    const { file: moved, reused } = reparse(prev, text);
    assert.ok(reused && reused.after > 0, 'the statements are moved, not read again');
    const at = text.indexOf('feature y');
    assert.deepEqual([asked.start, asked.end], [at, at + 7]);
    assert.equal(featureKeyword(features(moved)[3]), asked);
  });

  it('says what a feature line is when hovered', () => {
    const text = basePipeline();
    const a = analyze(text, memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']));
    const doc: DocAnalysis = { ...a, data: new Map(), dependencies: [], uri: 'file:///w/p.mlpipe', version: 1, path: '/w/p.mlpipe', text };
    const at = text.indexOf('\nfeature ') + 3;
    assert.ok(at > 3, 'the pipeline has a feature line');
    const h = hoverAt(doc, at);
    assert.match((h?.contents as { value: string } | undefined)?.value ?? '', /\*\*feature\*\* `NAME = EXPR`/);
  });
});
