import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, Hover, SignatureHelp } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { stdioClient, type TestClient } from './client.js';

/**
 * Completion, hover and signature help inside a transform's arguments, over the server's stdio
 * connection, on a multiclass pipeline with a history table (items and their events).
 */
const ITEMS = ['item_id,seen_at,category,weight,price,label']
  .concat(Array.from({ length: 30 }, (_, i) => `${i},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${'abc'[i % 3]},${i / 3},${10 + i},${i % 3}`))
  .join('\n');
const EVENTS = ['item_id,at,amount,clicks'].concat(Array.from({ length: 60 }, (_, i) => `${i % 30},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i / 7},${i % 4}`)).join('\n');

const PIPELINE = `pipeline items_multi
data items {
  source = "data/items.csv"
  target = label
  key    = item_id
  time   = seen_at
}
data events {
  source = "data/events.csv"
  key    = item_id
  time   = at
}
split { test = 0.25, order = time }
feature w      = fill_missing(items.weight, 0.5)
feature clicks = fill_missing(window_sum(events.clicks, 7d, as_of = items.seen_at), 0)
model m {
  kind   = logistic
  inputs = [w, clicks]
  seed   = 1
}
`;

describe('inside transform arguments (stdio server)', () => {
  let client: TestClient;
  let dir: string;
  let uri: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-args-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data/items.csv'), ITEMS);
    writeFileSync(join(dir, 'data/events.csv'), EVENTS);
    ({ client } = stdioClient());
    await client.initialize({ rootPath: dir });
    ({ uri } = await client.open(join(dir, 'p.mlpipe'), PIPELINE));
  });
  after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The text with `line` added at the end and the cursor at its `|`; the request's answer there. */
  const at = async <R>(method: string, line: string): Promise<R> => {
    const text = PIPELINE + line.replace('|', '') + '\n';
    await client.change(uri, text);
    const position = TextDocument.create(uri, 'mlpipe', 0, text).positionAt(PIPELINE.length + line.indexOf('|'));
    return client.request<R>(method, { textDocument: { uri }, position });
  };
  const labels = async (line: string) => (await at<CompletionList>('textDocument/completion', line)).items.map((i) => i.label).sort();
  const failures = () => client.logs.filter((l) => l.type === 1).map((l) => l.message);

  it('offers what the argument under the cursor takes, and the named arguments not given yet', async () => {
    assert.deepEqual(await labels('feature q = standardize(w, fit = |)'), ['all', 'train']);
    assert.deepEqual(await labels('feature q = standardize(w, |)'), ['fit =', 'mean =', 'std =']);
    assert.deepEqual(await labels('feature q = min_max(w, min = 0, |)'), ['fit =', 'max =']);
    assert.deepEqual(await labels('feature q = bucketize(items.price, |)'), ['fit =', 'n =']);
    // Fixed edges given: neither 'n' (exactly one of the two) nor 'fit' (taken only with 'n').
    assert.deepEqual(await labels('feature q = bucketize(items.price, [1, 2], |)'), []);
    assert.deepEqual(await labels('feature q = bucketize(items.price, n = 4, |)'), ['fit =']);
    assert.deepEqual(await labels('feature q = bucketize(items.price, [1, 2], fit = train, |)'), []);
    // A window reads a history table's column first, and `as_of` names a primary column.
    assert.deepEqual(await labels('feature q = window_mean(|'), ['events']);
    assert.deepEqual(await labels('feature q = window_mean(items.|'), []);
    assert.deepEqual(await labels('feature q = window_mean(events.|'), ['amount', 'at', 'clicks', 'item_id']);
    assert.deepEqual(await labels('feature q = window_sum(events.clicks, 3d, |)'), ['as_of =']);
    // Not 'category': text that is not times is the check's invalid-value as 'as_of' (numbers read as epoch seconds).
    assert.deepEqual(await labels('feature q = window_sum(events.clicks, 3d, as_of = |)'), ['item_id', 'price', 'seen_at', 'weight']);
    assert.deepEqual(await labels('feature q = window_sum(events.clicks, 3d, as_of = items.|)'), ['item_id', 'price', 'seen_at', 'weight']);
    // So does a table's 'time' (this table has no target: 'label' is a column like any other).
    assert.deepEqual(await labels('data items2 {\n  source = "data/items.csv"\n  time = |\n}'), ['item_id', 'label', 'price', 'seen_at', 'weight']);
    // Literals are typed, not chosen: a count, bounds, a list of edges or categories.
    for (const line of ['feature q = hash_bucket(items.category, |)', 'feature q = clip(w, |', 'feature q = bucketize(w, [|])', 'feature q = one_hot(items.category, vocabulary = [|])', 'feature q = log1p(w, |)'])
      assert.deepEqual(await labels(line), [], line);
    assert.deepEqual(failures(), []);
  });

  it("offers an expression where one goes, without the feature being defined, and a history table's columns only inside a window", async () => {
    const expr = await labels('feature q = fill_missing(|');
    assert.ok(expr.includes('log1p') && expr.includes('w') && expr.includes('weight'), expr.join(' '));
    assert.ok(!expr.includes('q'), 'q would read itself');
    assert.ok(expr.includes('items') && !expr.includes('events'), 'a history table is read through a window only');
    assert.ok(!(await labels('feature q = |')).includes('q'));
    assert.deepEqual(await labels('feature q = events.|'), []);
    assert.deepEqual(await labels('feature q = log1p(events.|'), []);
    assert.deepEqual(await labels('feature q = log1p(items.|'), ['category', 'item_id', 'price', 'seen_at', 'weight']);
  });

  it("offers the metrics of the pipeline's task after 'require'", async () => {
    // 'label' holds 3 whole numbers: a classification, where 'rmse' is invalid-value.
    assert.deepEqual(await labels('evaluate {\n  require |\n}'), ['accuracy', 'auc', 'f1', 'log_loss', 'precision', 'recall']);
  });

  it("offers 'target' only in the table that has it, or in any when none has", async () => {
    assert.deepEqual(await labels('data more {\n  source = "data/events.csv"\n  |\n}'), ['format', 'key', 'time', 'version']);
    const items = (await labels('data items {\n  source = "data/items.csv"\n  |\n}')).join(' ');
    assert.match(items, /\btarget\b/, 'a duplicate of the primary table is reported as one, not by its target');
  });

  it("shows a transform's 'fit' keyword on hover, as a keyword attribute's value", async () => {
    const hover = await at<Hover | null>('textDocument/hover', 'feature q = standardize(w, fit = tr|ain)');
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /^`train` — value of \*\*fit\*\*[\s\S]*Values: `train`, `all`$/);
    assert.equal(await at<Hover | null>('textDocument/hover', 'feature q = standardize(w, fit = tr|ian)'), null);
  });

  it('keeps signature help inside a list argument, with the list argument active', async () => {
    const edges = await at<SignatureHelp | null>('textDocument/signatureHelp', 'feature q = bucketize(items.price, [10, 20, |');
    assert.equal(edges?.signatures[0].label.startsWith('bucketize('), true);
    assert.equal(edges?.activeParameter, 1, 'edges');
    const vocabulary = await at<SignatureHelp | null>('textDocument/signatureHelp', 'feature q = one_hot(items.category, vocabulary = ["a", |');
    assert.equal(vocabulary?.signatures[0].label.startsWith('one_hot('), true);
    assert.equal(vocabulary?.activeParameter, 1, 'vocabulary');
    assert.equal(await at<SignatureHelp | null>('textDocument/signatureHelp', 'model m2 {\n  inputs = [w, |\n}'), null);
  });

  it("answers on a callee named like an object's inherited property as on any unknown name, without failing", async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(await at<SignatureHelp | null>('textDocument/signatureHelp', `feature q = ${name}(w, |)`), null, name);
      assert.equal(await at<Hover | null>('textDocument/hover', `feature q = ${name.slice(0, 2)}|${name.slice(2)}(w)`), null, name);
      await labels(`feature q = ${name}(w, |)`);
    }
    assert.deepEqual(failures(), []);
  });
});
