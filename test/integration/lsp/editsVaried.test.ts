import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { parse } from '../../../server/mlpipe/index.js';
import { format } from '../../../server/mlpipe/format/format.js';
import { inProcessClient, positionOf, type TestClient } from './client.js';

/**
 * The server's edits (quick fixes, formatting, rename) on pipelines unlike the churn fixtures:
 * bike rides with a weather history, CRLF line ends and tabs, blocks on one line, arguments
 * spread over lines with a comment on each.
 */
const TRIPS = ['trip_id,station,started_at,distance_km,temp_c,rider_age,duration_min']
  .concat(Array.from({ length: 40 }, (_, i) => `t${i},s${i % 4},2024-02-${String(1 + (i % 28)).padStart(2, '0')},${(i % 9) + 0.5},${i % 7 === 0 ? '' : 10 + (i % 15)},${20 + i},${5 + ((i * 7) % 50)}`))
  .join('\n');
const WEATHER = ['station,observed_at,rain_mm']
  .concat(Array.from({ length: 60 }, (_, i) => `s${i % 4},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${(i % 5) / 2}`))
  .join('\n');

const BIKES = `# ride time
pipeline bikes
data trips { source = "data/trips.csv", target = duration_min, key = trip_id, time = started_at }
data weather { source = "data/weather.csv", key = station, time = observed_at }
split { test = 0.25, seed = 1 }
feature dist = trips.distance_km
feature dist_z = standardize(
  dist,      # km
  mean = 5,  # a guess
  std = 2
)
feature rain = fill_missing(window_mean(weather.rain_mm, 7d, as_of = trips.started_at), 0)
feature age = trips.rider_age
model ride_time {
  inputs = [dist_z, rain, agee]
  kind = linear
  seed = 3
}
register ride_model { from = ride_time }
serve { model = ride_model }
environment { backend = cpu, deterministic = true }
`;

describe('edits on varied pipelines', () => {
  let client: TestClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-edits-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data/trips.csv'), TRIPS);
    writeFileSync(join(dir, 'data/weather.csv'), WEATHER);
    client = inProcessClient();
    await client.initialize({ rootPath: dir });
  });
  after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const path = join(dir, name);
    writeFileSync(path, text);
    return client.open(path, text);
  }
  const actionsFor = (uri: string, d: Diagnostic) =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const comments = (text: string) => parse(text).comments.map((c) => c.text.trim()).sort();
  const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1).map((d) => d.message).sort();

  it('drops literal statistics spread over lines and keeps the comment on each argument', async () => {
    const { uri, diagnostics } = await open('bikes.mlpipe', BIKES);
    const d = diagnostics.find((x) => x.code === 'skew/hard-coded-baseline')!;
    const fix = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Drop'))!;
    const { text, diagnostics: after } = await client.applyEdits(uri, fix.edit!.changes![uri]);
    assert.match(text, /feature dist_z = standardize\(\n {2}dist {6}# km\n {4}# a guess\n\)\n/);
    assert.deepEqual(comments(text), comments(BIKES));
    assert.deepEqual(after.filter((x) => x.code === 'skew/hard-coded-baseline' || x.code === 'syntax'), []);
    assert.deepEqual(errors(after), errors(diagnostics));
  });

  it('drops literal statistics wherever they are among the arguments, with their commas', async () => {
    for (const [call, dropped] of [
      ['standardize(dist, mean = 5, std = 2)', 'standardize(dist)'],
      ['standardize(dist, std = 2, fit = train, mean = 5)', 'standardize(dist, fit = train)'],
      ['one_hot(trips.station, vocabulary = ["s0", "s1"], fit = train)', 'one_hot(trips.station, fit = train)'],
      ['min_max(dist, fit = train, max = 9, min = 0 )', 'min_max(dist, fit = train )'],
      ['standardize(\n  dist,\n  mean = 5,\n  std = 2\n)', 'standardize(\n  dist\n)'],
    ]) {
      const text = BIKES.replace(/standardize\([^)]*\)/, call);
      const { uri, diagnostics } = await open('literal.mlpipe', text);
      const d = diagnostics.find((x) => x.code === 'skew/hard-coded-baseline');
      assert.ok(d, `${call}: ${diagnostics.map((x) => x.message).join('; ')}`);
      const fix = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Drop'))!;
      const result = await client.applyEdits(uri, fix.edit!.changes![uri]);
      assert.equal(result.text, text.replace(call, dropped), call);
      assert.deepEqual(result.diagnostics.filter((x) => x.code === 'skew/hard-coded-baseline'), [], call);
    }
  });

  it('wraps every unfilled read of the column in the feature, not only the first, which the warning names', async () => {
    // 'age' a model input (the pipeline's 'agee' is a typo), so its missing values reach the model.
    const text = BIKES.replace('feature age = trips.rider_age', 'feature age = trips.temp_c * 2 + clip(\n  temp_c, -10, 40) + fill_missing(temp_c, 0)').replace('agee]', 'age]');
    const { uri, diagnostics } = await open('reads.mlpipe', text);
    assert.equal(diagnostics.filter((x) => x.code === 'skew/implicit-missing').length, 1);
    const d = diagnostics.find((x) => x.code === 'skew/implicit-missing')!;
    const fix = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Wrap'))!;
    const { text: fixed, diagnostics: after } = await client.applyEdits(uri, fix.edit!.changes![uri]);
    assert.match(fixed, /feature age = fill_missing\(trips\.temp_c, 0\) \* 2 \+ clip\(\n {2}fill_missing\(temp_c, 0\), -10, 40\) \+ fill_missing\(temp_c, 0\)\n/);
    assert.deepEqual(after.filter((x) => x.code === 'skew/implicit-missing'), []);
    assert.deepEqual(errors(after), errors(diagnostics));
  });

  it("adds a monitor block for the served model's inputs that are features, not for a misspelt one", async () => {
    const { uri, diagnostics } = await open('bikes.mlpipe', BIKES);
    const d = diagnostics.find((x) => x.code === 'lifecycle/unmonitored-serving')!;
    const fix = (await actionsFor(uri, d)).find((a) => /monitor/.test(a.title))!;
    const { text, diagnostics: after } = await client.applyEdits(uri, fix.edit!.changes![uri]);
    assert.match(text, /\nmonitor \{\n {2}window {3}= 500\n {2}drift dist_z {5}psi > 0\.2\n {2}drift rain {7}psi > 0\.2\n {2}drift prediction psi > 0\.1\n {2}on_drift = retrain\n\}\n/);
    assert.deepEqual(errors(after), errors(diagnostics));
  });

  it('offers no second suppression for a diagnostic the client still holds after suppressing it', async () => {
    const text = BIKES.replace('  seed = 3\n', '').replace(/\n/g, '\r\n');
    const { uri, diagnostics } = await open('crlf.mlpipe', text);
    const d = diagnostics.find((x) => x.code === 'repro/unseeded-model')!;
    const suppress = (await actionsFor(uri, d)).find((a) => a.title.startsWith('Suppress'))!;
    const { text: suppressed, diagnostics: after } = await client.applyEdits(uri, suppress.edit!.changes![uri]);
    assert.match(suppressed, /\r\n# mlpipe-disable-next-line repro\/unseeded-model\r\nmodel ride_time \{\r\n/);
    assert.deepEqual(after.filter((x) => x.code === 'repro/unseeded-model'), []);
    // A lightbulb asked before the new diagnostics arrive sends the old one back.
    assert.deepEqual((await actionsFor(uri, d)).map((a) => a.title), []);
  });

  it('keeps the lone carriage returns of a document that has no other line end (Neovim fileformat=mac) in formatting and quick fixes', async () => {
    const text = BIKES.replace('  seed = 3\n', '').replace('split { test = 0.25, seed = 1 }', 'split   { test = 0.25, seed = 1 }').replace(/\n/g, '\r');
    const { uri, diagnostics } = await open('cr.mlpipe', text);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0);
    for (const e of edits) assert.doesNotMatch(e.newText, /\n/, 'formatting wrote \\n into a \\r document');
    const d = diagnostics.find((x) => x.code === 'repro/unseeded-model')!;
    for (const action of await actionsFor(uri, d)) for (const e of action.edit!.changes![uri]) assert.doesNotMatch(e.newText, /\n/, `'${action.title}' wrote \\n into a \\r document`);
    const { text: fixed } = await client.applyEdits(uri, (await actionsFor(uri, d)).find((a) => a.title.startsWith('Add'))!.edit!.changes![uri]);
    assert.match(fixed, /\r {2}seed = 42\r\}\r/);
  });

  it('formatting keeps a comment that follows a lone comma between entries', async () => {
    const text = BIKES.replace('  kind = linear\n', '  kind = linear\n  ,  # more to come\n');
    const { uri, diagnostics } = await open('comma.mlpipe', text);
    assert.deepEqual(diagnostics.filter((x) => x.code === 'syntax'), []);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const { text: formatted, diagnostics: after } = await client.applyEdits(uri, edits);
    assert.deepEqual(comments(formatted), comments(text));
    assert.match(formatted, /\n {2}kind {3}= linear\n {2}# more to come\n {2}seed {3}= 3\n/);
    assert.deepEqual(after.map((x) => x.message).sort(), diagnostics.map((x) => x.message).sort());
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  });

  it('formatting keeps a byte order mark the client leaves in the text, as mlpipe format keeps a file’s', async () => {
    const text = '\uFEFF' + BIKES.replace('  kind = linear\n', '  kind =    linear\n');
    const { uri } = await open('bom.mlpipe', text);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const { text: formatted } = await client.applyEdits(uri, edits);
    assert.equal(formatted, '\uFEFF' + format(BIKES));
    assert.deepEqual(await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  });

  it('formatting a file without a final newline edits its last line, not the whole text', async () => {
    const { uri } = await open('nofinal.mlpipe', format(BIKES).trimEnd());
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const last = format(BIKES).trimEnd().split('\n').length - 1;
    assert.deepEqual(edits.map((e) => e.range.start.line), [last]);
    assert.equal((await client.applyEdits(uri, edits)).text, format(BIKES));
  });

  it('formatting twice changes nothing when an attribute shares a line with a drift line', async () => {
    const text = BIKES.replace('serve { model = ride_model }\n', 'serve { model = ride_model }\nmonitor {\n  drift rain psi > 0.2, window = 100\n  drift prediction psi > 0.1\n}\n');
    const { uri, diagnostics } = await open('monitor.mlpipe', text);
    const format = () => client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const { text: formatted, diagnostics: after } = await client.applyEdits(uri, await format());
    assert.match(formatted, /\nmonitor \{\n {2}drift rain psi > 0\.2\n {2}window = 100\n {2}drift prediction psi > 0\.1\n\}\n/);
    assert.deepEqual(after.map((x) => x.message).sort(), diagnostics.map((x) => x.message).sort());
    assert.deepEqual(await format(), []);
  });

  it("refuses to rename a feature to 'prediction' in plain text", async () => {
    const { uri } = await open('bikes.mlpipe', BIKES);
    const refusal = await client
      .request('textDocument/rename', { textDocument: { uri }, position: positionOf(BIKES, 'feature rain', 9), newName: 'prediction' })
      .then(() => 'accepted', (e: Error) => e.message);
    assert.equal(refusal, "cannot rename 'rain' to 'prediction': 'prediction' is the drift target of the model's output");
  });
});
