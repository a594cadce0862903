import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LOG_FORMAT, LogReader, logPath, PredictionLog, type LogEntry } from '../../../server/backend/serve/log.js';

const dirs: string[] = [];
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-log-'));
  dirs.push(dir);
  return dir;
}

let n = 0;
function entry(log: PredictionLog, inputs: unknown = { customer_id: `C${++n}`, plan: 'basic', tenure_days: 120 + n, monthly_charges: null }): LogEntry {
  return {
    id: log.nextId(),
    ts: Date.now(),
    pipeline: 'churn',
    model: 'churn_model',
    version: 1,
    inputs,
    // Doubles that need all 17 digits, a category, a missing value: all must read back exactly.
    features: { tenure_z: Math.PI * n * 1e-7, order_z: -1 / 3 + n, plan: n % 2 ? 'basic' : '(unseen)', tickets: null },
    prediction: 0.1 + 0.2 * (n % 3),
    latencyUs: 150,
  };
}

/** A log as mlpipe wrote it before layouts (format 1): keyed JSON objects, no layout column. */
function formatOneLog(root: string, rows: LogEntry[]): void {
  mkdirSync(join(root, '.mlpipe'), { recursive: true });
  const db = new Database(logPath(root));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE predictions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, ts INTEGER NOT NULL, pipeline TEXT NOT NULL, model TEXT NOT NULL,
    version INTEGER NOT NULL, inputs TEXT NOT NULL, features TEXT NOT NULL, prediction TEXT NOT NULL, latency_us INTEGER NOT NULL);`);
  const put = db.prepare('INSERT INTO predictions (id, ts, pipeline, model, version, inputs, features, prediction, latency_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const e of rows) put.run(e.id, e.ts, e.pipeline, e.model, e.version, JSON.stringify(e.inputs), JSON.stringify(e.features), JSON.stringify(e.prediction), e.latencyUs);
  db.close();
}

const strip = ({ id, ts, pipeline, model, version, inputs, features, prediction, latencyUs }: LogEntry) => ({ id, ts, pipeline, model, version, inputs, features, prediction, latencyUs });

describe('the prediction log format', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('stores features and inputs as arrays in a layout kept once, and reads back every value exactly', () => {
    const root = project();
    const log = new PredictionLog(root);
    const rows = [entry(log), entry(log), entry(log, { plan: 'premium', customer_id: 'C9' }), entry(log, 'not an object')];
    rows.forEach((e) => assert.ok(log.push(e)));
    log.close();
    const db = new Database(logPath(root), { readonly: true });
    try {
      assert.equal(db.pragma('user_version', { simple: true }), LOG_FORMAT);
      // Two key orders of the request, one of the features: two layouts; the string input has none.
      assert.equal(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM layouts').get()!.n, 2);
      const stored = db.prepare<[], { features: string; layout: number | null }>('SELECT features, layout FROM predictions ORDER BY seq').all();
      assert.ok(stored[0].features.startsWith('['), stored[0].features);
      assert.equal(stored[3].layout, null);
    } finally {
      db.close();
    }
    const reader = new LogReader(root);
    try {
      const back = reader.page({}).rows;
      assert.deepEqual(back.map(strip), rows.map(strip));
      for (let r = 0; r < rows.length; r++) for (const [k, v] of Object.entries(rows[r].features)) assert.ok(Object.is(back[r].features[k], v), `${k} of row ${r}`);
      assert.deepEqual(Object.keys(back[2].inputs as object), ['plan', 'customer_id'], 'the request keeps its key order');
      assert.deepEqual(reader.lastWindow('churn', 2, { name: 'churn_model', version: 1 }, { withInputs: false }).map((r) => r.features), rows.slice(2).map((e) => e.features));
    } finally {
      reader.close();
    }
  });

  it('migrates a log written before layouts in place: old rows read as they were, new rows append', () => {
    const root = project();
    const scratch = new PredictionLog(project());
    const old = [entry(scratch), entry(scratch)];
    scratch.close();
    formatOneLog(root, old);
    const log = new PredictionLog(root);
    const fresh = entry(log);
    log.push(fresh);
    log.close();
    const reader = new LogReader(root);
    try {
      assert.deepEqual(reader.page({}).rows.map(strip), [...old, fresh].map(strip));
      assert.equal(reader.db.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(reader.db.pragma('user_version', { simple: true }), LOG_FORMAT);
    } finally {
      reader.close();
    }
  });

  it('refuses a log from a newer format with a one-line message and leaves it untouched', () => {
    const root = project();
    formatOneLog(root, []);
    const db = new Database(logPath(root));
    db.pragma(`user_version = ${LOG_FORMAT + 1}`);
    db.close();
    const size = statSync(logPath(root)).size;
    assert.throws(() => new PredictionLog(root), (e: Error) => /written by a newer mlpipe \(log format 3, this one reads up to 2\)/.test(e.message) && !e.message.includes('\n'));
    assert.throws(() => new LogReader(root), /newer mlpipe/);
    assert.equal(statSync(logPath(root)).size, size);
  });

  it('is smaller than keyed JSON: bytes per prediction, measured', () => {
    const root = project();
    const log = new PredictionLog(root, { queueCapacity: 20_000, batchSize: 5000 });
    let keyedTotal = 0;
    for (let i = 0; i < 5000; i++) {
      const e = entry(log);
      keyedTotal += JSON.stringify(e.features).length;
      log.push(e);
    }
    const avgKeyed = keyedTotal / 5000;
    log.close();
    const db = new Database(logPath(root), { readonly: true });
    try {
      const perRow = (col: string) => db.prepare<[], { b: number }>(`SELECT avg(length(${col})) AS b FROM predictions`).get()!.b;
      const keyedFeatures = avgKeyed;
      assert.ok(perRow('features') < keyedFeatures * 0.7, `features ${perRow('features')} bytes vs ${keyedFeatures} keyed`);
    } finally {
      db.close();
    }
  });
});
