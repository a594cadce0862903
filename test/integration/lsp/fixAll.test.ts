import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, InitializeResult } from 'vscode-languageserver';
import { codes, copyFixtures, inProcessClient, type TestClient } from './client.js';

/**
 * `source.fixAll.mlpipe`, what `"editor.codeActionsOnSave": { "source.fixAll": "explicit" }`
 * runs: every preferred quick fix of the document in one edit, except those that need a person.
 */
describe('fix all (source.fixAll.mlpipe)', () => {
  let client: TestClient;
  let init: InitializeResult;
  const tmp = copyFixtures();
  const problems = join(tmp.dir, 'problems.mlpipe');
  let uri: string;

  before(async () => {
    client = inProcessClient();
    init = (await client.initialize({ rootPath: tmp.dir })) as InitializeResult;
    ({ uri } = await client.open(problems));
  });
  after(async () => {
    await client.dispose();
    tmp.dispose();
  });

  const ask = (only?: string[]) =>
    client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    });

  it('is declared, and offered only when asked for by kind', async () => {
    const provider = init.capabilities.codeActionProvider;
    assert.ok(typeof provider === 'object' && provider.codeActionKinds?.includes('source.fixAll.mlpipe'), JSON.stringify(provider));
    assert.deepEqual(await ask(), []); // the lightbulb's list is the diagnostics' own fixes
    assert.deepEqual(await ask(['quickfix']), []);
    for (const only of [['source.fixAll'], ['source'], ['source.fixAll.mlpipe']]) {
      const actions = await ask(only);
      assert.equal(actions.length, 1, `only ${only}: ${JSON.stringify(actions)}`);
      assert.equal(actions[0].kind, 'source.fixAll.mlpipe');
    }
    assert.deepEqual(await ask(['source.organizeImports']), []);
  });

  it('takes every preferred fix at once and leaves what needs a person', async () => {
    const before = client.published.get(uri)!.diagnostics;
    const [action] = await ask(['source.fixAll']);
    assert.match(action.title, /^Fix \d+ mlpipe problems/);
    const { text, diagnostics } = await client.applyEdits(uri, action.edit!.changes![uri]);
    // Left: the changed file's re-pin (someone must accept the change), and the fill_missing
    // wrap, whose value is a guess; the environment and monitor blocks both go after the last
    // block, so the second waits for a next fix-all.
    assert.deepEqual(codes(diagnostics).sort(), ['lifecycle/unmonitored-serving', 'repro/data-changed', 'skew/implicit-missing']);
    assert.ok(codes(before).includes('repro/unpinned-data') && codes(before).includes('skew/hard-coded-baseline'));
    assert.match(text, /seed = 42/);
    assert.match(text, /as_of = customers\.snapshot_at/);
    assert.match(text, /standardize\(avg_order\)/);
    assert.match(text, /version = "sha256:0{64}"/); // not re-pinned

    const [again] = await ask(['source.fixAll']);
    assert.equal(again.title, 'Fix 1 mlpipe problem (the preferred quick fix of each)');
    const last = await client.applyEdits(uri, again.edit!.changes![uri]);
    assert.deepEqual(codes(last.diagnostics).sort(), ['repro/data-changed', 'skew/implicit-missing']);
    assert.deepEqual(await ask(['source.fixAll']), []);
  });
});
