import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { headingLines } from '../../../server/lsp/documentation.js';
import { codes, copyFixtures, ROOT, stdioClient, uriOf, type TestClient } from './client.js';

// This suite drives the real server process over stdio.
describe('diagnostics over stdio', () => {
  let client: TestClient;
  let exited: Promise<number | null>;
  const tmp = copyFixtures();

  before(async () => {
    ({ client, exited } = stdioClient());
    const init = (await client.initialize({ rootPath: tmp.dir, initializationOptions: { diagnostics: { debounceMs: 20 } } })) as {
      capabilities: Record<string, unknown>;
    };
    assert.ok(init.capabilities.hoverProvider);
    assert.ok(init.capabilities.documentHighlightProvider);
  });
  after(async () => {
    await client.dispose();
    assert.equal(await exited, 0, 'the server exits cleanly after shutdown + exit');
    tmp.dispose();
  });

  it('publishes nothing for a clean pipeline', async () => {
    const { diagnostics } = await client.open(join(tmp.dir, 'clean.mlpipe'));
    assert.deepEqual(diagnostics, []);
  });

  it('publishes each problem with code, source, mapped severity and a documentation link', async () => {
    const { diagnostics } = await client.open(join(tmp.dir, 'problems.mlpipe'));
    assert.deepEqual(codes(diagnostics), [
      'lifecycle/unmonitored-serving',
      'repro/data-changed',
      'repro/unpinned-data',
      'repro/unpinned-environment',
      'repro/unseeded-model',
      'repro/unseeded-split',
      'skew/hard-coded-baseline',
      'skew/implicit-missing',
      'skew/not-point-in-time',
    ]);
    for (const d of diagnostics) {
      assert.equal(d.source, 'mlpipe');
      // The bundled doc on disk, at the code's heading: a link that works offline.
      const href = d.codeDescription!.href;
      const [file, line] = href.split('#L');
      assert.equal(file, pathToFileURL(join(ROOT, 'docs/diagnostics.md')).href);
      assert.equal(readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8').split('\n')[Number(line) - 1], `### ${String(d.code)}`);
    }
    const unpinned = diagnostics.find((d) => d.code === 'repro/unpinned-data')!;
    assert.equal(unpinned.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(unpinned.range.start, { line: 3, character: 0 });
    assert.equal(diagnostics.find((d) => d.code === 'repro/data-changed')!.severity, DiagnosticSeverity.Error);
  });

  it("a first check publishes its syntax and rule diagnostics at once, marked partial, then the data-aware result; an edit publishes once", async () => {
    // A copy under a new name: a document this server has never checked.
    const path = join(tmp.dir, 'problems-first.mlpipe');
    writeFileSync(path, readFileSync(join(tmp.dir, 'problems.mlpipe')));
    const before = client.partials.length;
    const { uri, diagnostics } = await client.open(path);
    const partial = client.partials.slice(before);
    assert.equal(partial.length, 1, 'one partial publish');
    assert.equal(partial[0]!.uri, uri);
    assert.equal(partial[0]!.version, 1);
    const quick = codes(partial[0]!.diagnostics);
    // What the data tells comes only with the full result; nothing the data clears was shown.
    assert.ok(quick.includes('repro/unseeded-split'), quick.join(', '));
    assert.ok(!quick.includes('repro/data-changed'), quick.join(', '));
    assert.ok(codes(diagnostics).includes('repro/data-changed'));
    for (const c of quick) assert.ok(codes(diagnostics).includes(c), `partial '${c}' is not in the full result`);
    const log = await client.logged(/checked problems-first\.mlpipe \(version 1\)/);
    assert.match(log, /syntax and rule diagnostics published after \d+ ms/);
    await client.change(uri, `${client.texts.get(uri)!}\n`);
    assert.equal(client.partials.length, before + 1, 'an edit of a checked document publishes no partial result');
  });

  it('maps info to Information', async () => {
    const path = join(tmp.dir, 'unused.mlpipe');
    const text = readFileSync(join(tmp.dir, 'clean.mlpipe'), 'utf8').replace('feature plan ', 'feature spare = log1p(tenure)\nfeature plan ');
    writeFileSync(path, text);
    const { diagnostics } = await client.open(path, text);
    const unused = diagnostics.find((d) => d.code === 'lifecycle/unused-feature');
    assert.equal(unused?.severity, DiagnosticSeverity.Information);
  });

  it('re-checks after an edit (debounced) and drops stale results', async () => {
    const path = join(tmp.dir, 'clean.mlpipe');
    const uri = uriOf(path);
    const text = readFileSync(path, 'utf8');
    const broken = await client.change(uri, text.replace('  seed = 42\n', ''));
    assert.deepEqual(codes(broken), ['repro/unseeded-split']);
    assert.deepEqual(await client.change(uri, text), []);
  });

  it('flips repro/data-changed live when a pinned CSV changes on disk, and back', async () => {
    const uri = uriOf(join(tmp.dir, 'clean.mlpipe'));
    const csv = join(tmp.dir, 'data/customers.csv');
    const original = readFileSync(csv);
    const changed = client.nextDiagnostics(uri, (d) => d.some((x) => x.code === 'repro/data-changed'));
    writeFileSync(csv, Buffer.concat([original, Buffer.from('c999,2024-03-09,10,pro,1,0\n')]));
    const flipped = (await changed).diagnostics.find((d) => d.code === 'repro/data-changed')!;
    assert.match(flipped.message, /customers\.csv/);
    const restored = client.nextDiagnostics(uri, (d) => d.length === 0);
    writeFileSync(csv, original);
    assert.deepEqual((await restored).diagnostics, []);
  });
});

describe('headingLines', () => {
  it("finds each '### code' heading's line, skipping fenced examples", () => {
    const lines = headingLines('# t\n\n### syntax\n```\n### not-a-heading\n```\n### repro/unpinned-data\n');
    assert.deepEqual([...lines], [
      ['syntax', 3],
      ['repro/unpinned-data', 7],
    ]);
  });
});
