import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LOG_FORMAT, LogReader } from '../../../server/backend/serve/log.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { SCHEMA_VERSION } from '../../../server/backend/tracking/migrations.js';
import { ModelsOutput, ReproduceOutput } from '../../../server/protocol/cli.js';
import { driftReport } from '../../../server/protocol/serving.js';
import { cli, REPO } from '../cli/harness.js';
import { post, get } from '../serve/project.js';

/**
 * A project an older mlpipe left (test/fixtures/upgrade/b6373ad, made by that commit's build as
 * its NOTE.md says): a tracking store of schema 1, a registered and promoted version with its run
 * folder, and a prediction log of the first format with feedback. This build opens it in place.
 */
const FIXTURE = join(REPO, 'test/fixtures/upgrade/b6373ad');
const answers = JSON.parse(readFileSync(join(FIXTURE, 'answers.json'), 'utf8')) as {
  rows: Array<Record<string, unknown>>;
  predictions: number[];
  ids: string[];
};

describe('a project from an older mlpipe (b6373ad), opened by this one', () => {
  let dir: string;
  let file: string;
  let serving: Serving | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-upgrade-'));
    cpSync(FIXTURE, dir, { recursive: true });
    cpSync(join(dir, 'store'), join(dir, '.mlpipe'), { recursive: true });
    rmSync(join(dir, 'store'), { recursive: true });
    file = join(dir, 'tiny.mlpipe');
  });
  after(async () => {
    await serving?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the registered version with its metrics; the store is migrated in place', () => {
    const r = cli(['models', '--json'], { cwd: dir, env: { MLPIPE_HOME: '' } });
    assert.equal(r.code, 0, r.stderr);
    const [model] = ModelsOutput.parse(JSON.parse(r.stdout));
    assert.equal(model!.name, 'tiny_model');
    assert.equal(model!.productionVersion, 1);
    assert.ok(model!.versions[0]!.metrics.accuracy! > 0);
    const db = new Database(join(dir, '.mlpipe/mlpipe.db'), { readonly: true });
    try {
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  });

  it('serves the old version and answers the rows the old server answered, bit for bit', async () => {
    serving = await startServing(file, { port: 0, root: dir });
    const r = await post(`${serving.url}/predict`, { rows: answers.rows });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.model, { name: 'tiny_model', version: 1 });
    (r.json.predictions as number[]).forEach((p, i) => assert.ok(Object.is(p, answers.predictions[i]), `row ${i}: ${p} now, ${answers.predictions[i]} then`));
    const drift = driftReport.parse((await get(`${serving.url}/drift`)).json);
    assert.equal(drift.filled, 10);
    await serving.close();
    serving = undefined;
  });

  it('keeps the old log, its ids and its feedback beside the new predictions', () => {
    const reader = new LogReader(dir);
    try {
      assert.equal(reader.db.pragma('user_version', { simple: true }), LOG_FORMAT);
      const rows = reader.page({ limit: 1000 }).rows;
      assert.equal(rows.length, answers.rows.length * 2);
      assert.deepEqual(rows.slice(0, answers.ids.length).map((r) => r.id), answers.ids);
      rows.slice(0, answers.ids.length).forEach((r, i) => assert.ok(Object.is(r.prediction, answers.predictions[i])));
      const labelled = reader.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM feedback').get()!.n;
      assert.equal(labelled, 6);
    } finally {
      reader.close();
    }
  });

  it('reproduce of the old run names the recorded text as what the check refuses, not the file on disk', () => {
    // b6373ad let 'require accuracy >= 0.0' run; this checker refuses a gate that cannot fail.
    // The run names its pipeline by the absolute path it had where the fixture was made.
    const db = new Database(join(dir, '.mlpipe/mlpipe.db'));
    try {
      db.prepare('UPDATE runs SET pipeline_path = ?').run(file);
    } finally {
      db.close();
    }
    const r = cli(['reproduce', 'r-20261204-141327-xxdnqx'], { cwd: dir, env: { MLPIPE_HOME: '', NO_COLOR: '1' } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^r-20261204-141327-xxdnqx:26:23 {2}error {2}invalid-value {2}'accuracy' takes values from 0 to 1/m);
    assert.match(
      r.stderr,
      /^mlpipe: the pipeline run r-20261204-141327-xxdnqx recorded has 1 error under this mlpipe's check, by a rule added since the mlpipe that trained it: it cannot be retrained as recorded; reproduce it with that mlpipe, or fix .*tiny\.mlpipe and run it again$/m,
    );
  });

  it('reproduces the old run bitwise once its gate can fail (recorded on mlpipe-dense-wasm/1, retrained on /2)', () => {
    const db = new Database(join(dir, '.mlpipe/mlpipe.db'));
    try {
      // The recorded text as the user would fix it: the data, seeds and model are the run's own.
      const { pipeline_text: text } = db.prepare<[], { pipeline_text: string }>('SELECT pipeline_text FROM runs').get()!;
      db.prepare('UPDATE runs SET pipeline_text = ?').run(text.replace('require accuracy >= 0.0', 'require accuracy >= 0.01'));
    } finally {
      db.close();
    }
    const r = cli(['reproduce', 'r-20261204-141327-xxdnqx', '--json'], { cwd: dir, env: { MLPIPE_HOME: '' } });
    assert.equal(r.code, 0, r.stderr);
    const out = ReproduceOutput.parse(JSON.parse(r.stdout));
    // A logistic model over four inputs sums too few terms for fused multiply-add to change a
    // bit; the churn MLP of the same build does not reproduce bitwise (the 'changed' line, cli.test.ts).
    assert.equal(out.identical, true);
    assert.equal(out.weightsHash, 'sha256:d8b091ca57a7276f11709ad9b2ae12b7516bb0721dc674a807a394c67e48e0ee');
    assert.equal(out.changed, undefined);
  });
});
