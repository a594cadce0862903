import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { codes, copyFixtures, inProcessClient, type TestClient } from './client.js';

/**
 * Each quick fix is requested for its diagnostic, applied to the text, and the text re-checked:
 * the diagnostic must be gone and nothing new may appear.
 */
describe('quick fixes', () => {
  let client: TestClient;
  const tmp = copyFixtures();
  const problems = join(tmp.dir, 'problems.mlpipe');
  const original = readFileSync(problems, 'utf8');
  let uri: string;
  let initial: Diagnostic[];

  before(async () => {
    client = inProcessClient();
    await client.initialize({ rootPath: tmp.dir });
    ({ uri, diagnostics: initial } = await client.open(problems));
  });
  after(async () => {
    await client.dispose();
    tmp.dispose();
  });

  async function actionsFor(code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const diagnostic = client.published.get(uri)!.diagnostics.find((d) => d.code === code);
    assert.ok(diagnostic, `no ${code} published`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    for (const a of actions) assert.deepEqual(a.diagnostics, [diagnostic]);
    return { diagnostic, actions };
  }

  /** Applies the fix whose title matches, from the original text (or `from`); returns the re-checked result. */
  async function applyFix(code: string, title: RegExp, from = original): Promise<{ text: string; diagnostics: Diagnostic[]; action: CodeAction }> {
    if (client.texts.get(uri) !== from) await client.change(uri, from);
    const { actions } = await actionsFor(code);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `no action matching ${title} among ${actions.map((a) => a.title).join(' | ')}`);
    const result = await client.applyEdits(uri, action.edit!.changes![uri]);
    const expected = codes(initial).filter((c, i, all) => c !== code || all.indexOf(c) !== i);
    assert.deepEqual(codes(result.diagnostics), expected, `after "${action.title}"`);
    return { ...result, action };
  }

  it('pins an unpinned data version after `source`, aligned, to the file hash', async () => {
    const { text, action } = await applyFix('repro/unpinned-data', /^Pin 'data customers'/);
    assert.equal(action.isPreferred, true);
    assert.match(text, /source {2}= "data\/customers_missing\.csv"\n {2}version = "sha256:40f703d536bd895655894588ce48ef64881cc1caa5d8fe84689b2770f473d267"\n/);
  });

  it('pins inside a one-line data block, and indents the new line of a block whose first attribute is on its header', async () => {
    const block = /data customers \{\n {2}source {2}= "data\/customers_missing\.csv"\n {2}target {2}= churned\n {2}key {5}= customer_id\n {2}time {4}= snapshot_at\n\}/;
    assert.match(original, block);
    const hash = '"sha256:40f703d536bd895655894588ce48ef64881cc1caa5d8fe84689b2770f473d267"';
    const oneLine = original.replace(block, 'data customers { source = "data/customers_missing.csv", target = churned, key = customer_id, time = snapshot_at }');
    const pinned = await applyFix('repro/unpinned-data', /^Pin 'data customers'/, oneLine);
    assert.match(pinned.text, new RegExp(`data customers \\{ source = "data/customers_missing\\.csv", version = ${hash}, target = churned, key = customer_id, time = snapshot_at \\}\n`));
    const headerLine = original.replace(block, 'data customers { source = "data/customers_missing.csv"\n    target = churned\n    key = customer_id, time = snapshot_at }');
    const indented = await applyFix('repro/unpinned-data', /^Pin 'data customers'/, headerLine);
    assert.match(indented.text, new RegExp(`data customers \\{ source = "data/customers_missing\\.csv"\n {4}version = ${hash}\n {4}target = churned\n`));
  });

  it('re-pins a changed data version', async () => {
    const { text } = await applyFix('repro/data-changed', /^Re-pin/);
    assert.match(text, /version = "sha256:87db8646246669e3de2b863879e7e0ea3bd162f15c95c75d706f03e27c2f0702"/);
  });

  it('adds a seed to the split and to the model', async () => {
    assert.match((await applyFix('repro/unseeded-split', /seed = 42/)).text, /split \{\n {2}test = 0\.2\n {2}by {3}= customer_id\n {2}seed = 42\n\}/);
    assert.match((await applyFix('repro/unseeded-model', /seed = 42/)).text, /inputs = \[tenure, order_z, plan\]\n {2}seed = 42\n\}/);
  });

  it('adds the seed the message names', async () => {
    if (client.texts.get(uri) !== original) await client.change(uri, original);
    for (const code of ['repro/unseeded-split', 'repro/unseeded-model']) {
      const { diagnostic, actions } = await actionsFor(code);
      const named = /seed = (\d+)/.exec(diagnostic.message)?.[1];
      assert.ok(named, diagnostic.message);
      const fix = actions.find((a) => a.title.startsWith('Add '))!;
      assert.match(fix.title, new RegExp(`'seed = ${named}'`), `${code}: ${diagnostic.message} / ${fix.title}`);
      assert.match(fix.edit!.changes![uri][0].newText, new RegExp(`seed = ${named}\\b`));
    }
  });

  it('inserts a seeded split block when there is none', async () => {
    const path = join(tmp.dir, 'no-split.mlpipe');
    const { uri: u, diagnostics } = await client.open(path);
    assert.deepEqual(codes(diagnostics), ['repro/unseeded-split']);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const fix = actions.find((a) => /seeded 'split' block/.test(a.title))!;
    const result = await client.applyEdits(u, fix.edit!.changes![u]);
    assert.deepEqual(result.diagnostics, []);
    assert.match(result.text, /\n\}\n\nsplit \{\n {2}test = 0\.2\n {2}seed = 42\n\}\n\nfeature tickets/);
  });

  it('wraps a column with missing values in fill_missing(…, 0)', async () => {
    const { text } = await applyFix('skew/implicit-missing', /fill_missing/);
    assert.match(text, /feature tenure {4}= fill_missing\(customers\.tenure_days, 0\)/);
  });

  it('adds as_of to a window aggregate', async () => {
    const { text } = await applyFix('skew/not-point-in-time', /as_of/);
    assert.match(text, /window_mean\(orders\.order_value, 90d, as_of = customers\.snapshot_at\)/);
  });

  it('drops literal statistics with their commas', async () => {
    const { text } = await applyFix('skew/hard-coded-baseline', /Drop the literal statistics/);
    assert.match(text, /feature order_z {3}= standardize\(avg_order\)\n/);
  });

  it('adds an environment block naming the nearest lockfile', async () => {
    const { text } = await applyFix('repro/unpinned-environment', /environment/);
    assert.match(text, /\n\nenvironment \{\n {2}lockfile {6}= "requirements\.txt"\n {2}backend {7}= cpu\n {2}deterministic = true\n\}\n$/);
  });

  it("adds a monitor block for the served model's inputs", async () => {
    const { text } = await applyFix('lifecycle/unmonitored-serving', /monitor/);
    assert.match(
      text,
      /serve \{\n {2}model = churn_model@production\n\}\n\nmonitor \{\n {2}window {3}= 500\n {2}drift tenure {5}psi > 0\.2\n {2}drift order_z {4}psi > 0\.2\n {2}drift plan {7}psi > 0\.2\n {2}drift prediction psi > 0\.1\n {2}on_drift = retrain\n\}/,
    );
  });

  it('suppresses a warning on its line, indented like the line; never an error', async () => {
    for (const [code, indent] of [
      ['skew/hard-coded-baseline', ''],
      ['repro/unseeded-model', ''],
    ]) {
      const { text } = await applyFix(code, /^Suppress/);
      assert.match(text, new RegExp(`\\n${indent}# mlpipe-disable-next-line ${code}\\n${indent}\\S`));
    }
    // Errors cannot be suppressed: no action offers it.
    const { actions: onError } = await actionsFor('repro/data-changed');
    assert.equal(onError.filter((a) => a.title.startsWith('Suppress')).length, 0);
    const { actions } = await actionsFor('skew/not-point-in-time');
    assert.equal(actions.filter((a) => a.title.startsWith('Suppress')).length, 1);
    for (const error of ['repro/data-changed', 'skew/serving-redefines-feature'].filter((c) => codes(initial).includes(c))) {
      const { actions: forError } = await actionsFor(error);
      assert.deepEqual(forError.filter((a) => /suppress/i.test(a.title)).map((a) => a.title), [], error);
    }
  });

  it('titles every fix in plain text: names in single quotes, no backticks', async () => {
    for (const d of client.published.get(uri)!.diagnostics) {
      const { actions } = await actionsFor(String(d.code));
      for (const a of actions) assert.doesNotMatch(a.title, /`/, a.title);
    }
  });
});

/**
 * "Did you mean" applies the suggested name, and a fix is found by code and line: the client
 * here sends the range back counted in UTF-8 bytes, as Neovim 0.7 does, on a line whose
 * non-ASCII text puts the byte columns well past the UTF-16 ones.
 */
describe('did you mean, with ranges sent back in bytes', () => {
  let client: TestClient;
  const tmp = copyFixtures();
  const path = join(tmp.dir, 'typo.mlpipe');
  const text = readFileSync(join(tmp.dir, 'clean.mlpipe'), 'utf8')
    .replace('[tenure, order_z, plan, tickets]', '[tenure, order_z, plan, tickets, plan_code]')
    .replace('feature tickets ', 'feature plan_code     = hash_bucket(fill_missing(customers.plan, "ünbekannt — €"), 8) + tenur\nfeature tickets ');

  before(async () => {
    writeFileSync(path, text);
    client = inProcessClient();
    await client.initialize({ rootPath: tmp.dir });
  });
  after(async () => {
    await client.dispose();
    tmp.dispose();
  });

  it("replaces the misspelled name with the suggestion, whatever unit the range is in", async () => {
    const { uri, diagnostics } = await client.open(path);
    assert.deepEqual(codes(diagnostics), ['unknown-reference']);
    const d = diagnostics[0];
    assert.match(d.message, /Did you mean .tenure.\?/);
    const line = text.split('\n')[d.range.start.line];
    const bytes = (character: number) => Buffer.byteLength(line.slice(0, character));
    assert.ok(bytes(d.range.start.character) > d.range.start.character + 3, 'the line has non-ASCII text before the name');
    const sentBack = { ...d, range: { start: { line: d.range.start.line, character: bytes(d.range.start.character) }, end: { line: d.range.end.line, character: bytes(d.range.end.character) } } };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: sentBack.range,
      context: { diagnostics: [sentBack], only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ["Change to 'tenure'"], 'an error offers no suppression');
    assert.equal(actions[0].isPreferred, true);
    const result = await client.applyEdits(uri, actions[0].edit!.changes![uri]);
    assert.deepEqual(result.diagnostics, []);
    assert.match(result.text, /"ünbekannt — €"\), 8\) \+ tenure\n/);
  });
});

/**
 * A misspelt source is offered the data file it likely meant, listed by the server's own host
 * (the checker lists no folder itself), and the fix writes it as a string: the check is clean.
 */
describe('did you mean, for a missing source', () => {
  let client: TestClient;
  const tmp = copyFixtures();
  const path = join(tmp.dir, 'misspelt.mlpipe');
  const text = readFileSync(join(tmp.dir, 'clean.mlpipe'), 'utf8').replace('source  = "data/customers.csv"', 'source  = "data/custmers.csv"');

  before(async () => {
    writeFileSync(path, text);
    client = inProcessClient();
    await client.initialize({ rootPath: tmp.dir });
  });
  after(async () => {
    await client.dispose();
    tmp.dispose();
  });

  it('writes the existing file of a close name in place of the source', async () => {
    const { uri, diagnostics } = await client.open(path);
    assert.deepEqual(codes(diagnostics), ['repro/missing-source']);
    assert.match(diagnostics[0].message, /Did you mean 'data\/customers\.csv'\?$/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
    assert.deepEqual(actions.map((a) => a.title), ["Change to 'data/customers.csv'"]);
    const result = await client.applyEdits(uri, actions[0].edit!.changes![uri]);
    assert.deepEqual(result.diagnostics, []);
    assert.match(result.text, /source {2}= "data\/customers\.csv"\n/);
  });
});
