import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LOG_FORMAT, LogReader, logPath, PredictionLog, type LogEntry } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { ServeError } from '../../../server/backend/serve/config.js';
import { decodeValue, UNSEEN } from '../../../server/backend/monitor/values.js';

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

/** A log as mlpipe wrote it with layouts (format 2): names per row, layouts without categories. */
function formatTwoLog(root: string, rows: LogEntry[]): void {
  mkdirSync(join(root, '.mlpipe'), { recursive: true });
  const db = new Database(logPath(root));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE predictions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, ts INTEGER NOT NULL, pipeline TEXT NOT NULL, model TEXT NOT NULL,
      version INTEGER NOT NULL, inputs TEXT NOT NULL, features TEXT NOT NULL, prediction TEXT NOT NULL, latency_us INTEGER NOT NULL, layout INTEGER);
    CREATE TABLE layouts (id INTEGER PRIMARY KEY, features TEXT NOT NULL, inputs TEXT NOT NULL, UNIQUE (features, inputs));
    CREATE UNIQUE INDEX predictions_id ON predictions(id);
    CREATE INDEX predictions_ts ON predictions(ts);
    CREATE INDEX predictions_model ON predictions(model, version, seq);
    CREATE TABLE feedback (prediction_id TEXT PRIMARY KEY, label TEXT NOT NULL, ts INTEGER NOT NULL);`);
  const layout = db.prepare('INSERT OR IGNORE INTO layouts (features, inputs) VALUES (?, ?)');
  const layoutId = db.prepare<[string, string], { id: number }>('SELECT id FROM layouts WHERE features = ? AND inputs = ?');
  const put = db.prepare('INSERT INTO predictions (id, ts, pipeline, model, version, inputs, features, prediction, latency_us, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const e of rows) {
    const names = [JSON.stringify(Object.keys(e.features)), JSON.stringify(Object.keys(e.inputs as object))] as const;
    layout.run(...names);
    const id = layoutId.get(...names)!.id;
    put.run(e.id, e.ts, e.pipeline, e.model, e.version, JSON.stringify(Object.values(e.inputs as object)), JSON.stringify(Object.values(e.features)), JSON.stringify(e.prediction), e.latencyUs, id);
  }
  db.pragma('user_version = 2');
  db.close();
}

const SOURCE: LogSource = { pipeline: 'churn', model: 'churn_model', version: 2, names: ['tenure_z', 'plan', 'tickets', 'region'], categories: [null, ['basic', 'premium'], null, ['north', 'south']] };

/** A coded batch as the serving thread fills it: float32 values, category codes, -1 for unseen, NaN for missing. */
function codedBatch(ids: string[], codes: number[][]) {
  const b = new LogBatchBuilder(SOURCE, ids.length);
  ids.forEach((id, k) => {
    const at = b.add(id, 1_700_000_000_000 + k, 100 + k, { customer_id: id, plan: 'basic' }, 0.25 + k);
    b.codes.set(codes[k], at);
  });
  return b.seal().batch;
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

  it('a server of format 1 still running when a newer mlpipe migrates its log keeps logging and pruning into it', () => {
    // The upgrade seen in the trial: 'mlpipe serve' of the old build kept running while the new
    // build's 'mlpipe drift' migrated the log; each later flush failed on the view, unseen.
    const root = project();
    const scratch = new PredictionLog(project());
    const [before, during, stale] = [entry(scratch), entry(scratch), { ...entry(scratch), ts: 1_000 }];
    scratch.close();
    formatOneLog(root, [before, stale]);
    // The old server's connection and statements, prepared before the migration (as its PredictionLog did).
    const old = new Database(logPath(root));
    const insert = old.prepare('INSERT INTO predictions (id, ts, pipeline, model, version, inputs, features, prediction, latency_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const prune = old.prepare('DELETE FROM predictions WHERE ts < ?');
    new LogReader(root).close(); // a newer command opens the log: it migrates it
    try {
      old.transaction(() => {
        insert.run(during.id, during.ts, during.pipeline, during.model, during.version, JSON.stringify(during.inputs), JSON.stringify(during.features), JSON.stringify(during.prediction), during.latencyUs);
        prune.run(2_000);
      })();
    } finally {
      old.close();
    }
    const reader = new LogReader(root);
    try {
      assert.deepEqual(reader.page({}).rows.map(strip), [before, during].map(strip));
      assert.equal(reader.db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      reader.close();
    }
  });

  it('a server of format 2 still running when a newer mlpipe migrates its log keeps logging into it, its layouts too', () => {
    const root = project();
    const scratch = new PredictionLog(project());
    const [before, during, other] = [entry(scratch), entry(scratch), entry(scratch, { plan: 'premium', customer_id: 'C9' })];
    scratch.close();
    formatTwoLog(root, [before]);
    // That server's statements, prepared before the migration (its layout ids cached in memory).
    const old = new Database(logPath(root));
    const findLayout = old.prepare<[string, string], { id: number }>('SELECT id FROM layouts WHERE features = ? AND inputs = ?');
    const addLayout = old.prepare('INSERT INTO layouts (features, inputs) VALUES (?, ?)');
    const insert = old.prepare('INSERT INTO predictions (id, ts, pipeline, model, version, inputs, features, prediction, latency_us, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const known = findLayout.get(JSON.stringify(Object.keys(before.features)), JSON.stringify(Object.keys(before.inputs as object)))!.id;
    new LogReader(root).close(); // a newer command opens the log: it migrates it
    try {
      old.transaction(() => {
        const put = (e: LogEntry, layout: number) =>
          insert.run(e.id, e.ts, e.pipeline, e.model, e.version, JSON.stringify(Object.values(e.inputs as object)), JSON.stringify(Object.values(e.features)), JSON.stringify(e.prediction), e.latencyUs, layout);
        put(during, known);
        const f = JSON.stringify(Object.keys(other.features));
        const i = JSON.stringify(Object.keys(other.inputs as object));
        put(other, findLayout.get(f, i)?.id ?? Number(addLayout.run(f, i).lastInsertRowid));
      })();
    } finally {
      old.close();
    }
    const reader = new LogReader(root);
    try {
      assert.deepEqual(reader.page({}).rows.map(strip), [before, during, other].map(strip));
    } finally {
      reader.close();
    }
  });

  it('stores coded drift values as a float32 blob and the served names once, and decodes them exactly', () => {
    const root = project();
    const log = new PredictionLog(root);
    const tiny = Math.fround(Math.PI * 1e-7);
    const codes = [
      [tiny, 1, 0.5, 0],
      [Math.fround(-1 / 3), -1, NaN, NaN],
      [Math.fround(1e30), 0, -0, 1],
    ];
    log.pushBatch(codedBatch(['a', 'b', 'c'], codes));
    log.pushBatch(codedBatch(['d'], [codes[0]]));
    log.close();
    const db = new Database(logPath(root), { readonly: true });
    try {
      const stored = db.prepare<[], { features: Buffer; served: number }>('SELECT features, served FROM logged ORDER BY seq').all();
      assert.ok(Buffer.isBuffer(stored[0].features));
      assert.equal(stored[0].features.length, SOURCE.names.length * 4);
      assert.equal(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM served').get()!.n, 1);
      assert.ok(stored.every((r) => r.served === stored[0].served));
    } finally {
      db.close();
    }
    const reader = new LogReader(root);
    try {
      const back = reader.page({}).rows;
      assert.deepEqual(
        back.map((r) => [r.id, r.pipeline, r.model, r.version, r.ts, r.latencyUs, r.prediction]),
        [
          ['a', 'churn', 'churn_model', 2, 1_700_000_000_000, 100, 0.25],
          ['b', 'churn', 'churn_model', 2, 1_700_000_000_001, 101, 1.25],
          ['c', 'churn', 'churn_model', 2, 1_700_000_000_002, 102, 2.25],
          ['d', 'churn', 'churn_model', 2, 1_700_000_000_000, 100, 0.25],
        ],
      );
      assert.deepEqual(back[1].features, { tenure_z: Math.fround(-1 / 3), plan: UNSEEN, tickets: null, region: null });
      for (let r = 0; r < 3; r++) {
        SOURCE.names.forEach((name, i) => assert.ok(Object.is(back[r].features[name], decodeValue(codes[r][i], SOURCE.categories[i])), `${name} of row ${r}`));
      }
      assert.ok(Object.is(back[0].features.tenure_z, tiny));
      assert.ok(Object.is(back[2].features.tickets, -0));
      assert.deepEqual(back[0].inputs, { customer_id: 'a', plan: 'basic' });
      assert.deepEqual(
        reader.lastWindow('churn', 2, { name: 'churn_model', version: 2 }, { withInputs: false }).map((r) => [r.id, r.inputs]),
        [
          ['c', null],
          ['d', null],
        ],
      );
      assert.deepEqual(reader.lastWindow('churn', 10, { name: 'churn_model', version: 1 }), []);
    } finally {
      reader.close();
    }
  });

  it('writes a batch of many rows (several multi-row statements and a remainder) in order, and hands on its first seq', () => {
    const root = project();
    const log = new PredictionLog(root);
    const seen: Array<{ first: number; n: number }> = [];
    log.onBatchWritten = (b, first) => seen.push({ first, n: b.n });
    const n = 77;
    const b = new LogBatchBuilder(SOURCE, n);
    const body = JSON.stringify({ rows: [{ customer_id: 'B1', plan: 'premium' }, { customer_id: 'B2', plan: 'basic' }] });
    for (let k = 0; k < n; k++) {
      // Rows from a body's text (two rows per body) and, every third, an object written as its JSON.
      const input = k % 3 === 2 ? { customer_id: `O${k}`, plan: 'basic' } : (JSON.parse(body) as { rows: object[] }).rows[k % 2];
      const at = b.add(`m${k}`, 1_700_000_000_000 + k, k, input, k / 128, k % 3 === 2 ? undefined : body, k % 2);
      b.codes.set([k, k % 2, -0, NaN], at);
    }
    log.pushBatch(codedBatch(['before'], [[0, 0, 0, 0]]));
    log.pushBatch(b.seal().batch);
    log.close();
    const reader = new LogReader(root);
    try {
      const rows = reader.page({}).rows;
      assert.equal(rows.length, n + 1);
      assert.deepEqual(seen, [{ first: rows[0].seq, n: 1 }, { first: rows[1].seq, n }]);
      for (let k = 0; k < n; k++) {
        const r = rows[k + 1];
        assert.equal(r.seq, rows[1].seq + k);
        assert.equal(r.id, `m${k}`);
        assert.equal(r.ts, 1_700_000_000_000 + k);
        assert.equal(r.latencyUs, k);
        assert.equal(r.prediction, k / 128);
        assert.deepEqual(r.inputs, k % 3 === 2 ? { customer_id: `O${k}`, plan: 'basic' } : { customer_id: `B${(k % 2) + 1}`, plan: k % 2 ? 'basic' : 'premium' });
        assert.ok(Object.is(r.features.tenure_z, k), `row ${k}`);
        assert.ok(Object.is(r.features.tickets, -0) && r.features.region === null, `row ${k}`);
      }
    } finally {
      reader.close();
    }
  });

  it('writes a batch whose rows change key order mid-statement (layouts) and answers of every kind, in order, and hands on its first seq', () => {
    const root = project();
    const log = new PredictionLog(root);
    const seen: number[] = [];
    log.onBatchWritten = (_b, first) => seen.push(first);
    const n = 100;
    const b = new LogBatchBuilder(SOURCE, n);
    // Runs of one key order (a layout) of lengths that end inside, at and past a statement's rows.
    const order = (k: number) => (k === 0 || (k >= 20 && k < 53) || k >= 90 ? 'ab' : 'ba');
    const inputOf = (k: number) => (order(k) === 'ab' ? { customer_id: `R${k}`, plan: 'basic' } : { plan: 'premium', customer_id: `R${k}` });
    const answerOf = (k: number) => (k % 5 === 0 ? 0.1 + k : k % 5 === 1 ? { label: 'yes', probabilities: { yes: 0.75, no: 0.25 } } : k % 5 === 2 ? null : k / 64);
    for (let k = 0; k < n; k++) {
      const body = JSON.stringify({ rows: [inputOf(k)] });
      const at = b.add(`L${k}`, 1_700_000_000_000 + k, k, inputOf(k), answerOf(k), k % 2 ? body : undefined, 0);
      b.codes.set([k, k % 2, k, 0], at);
    }
    log.pushBatch(b.seal().batch);
    log.close();
    const reader = new LogReader(root);
    try {
      const rows = reader.page({}).rows;
      assert.equal(rows.length, n);
      assert.deepEqual(seen, [rows[0].seq]);
      for (let k = 0; k < n; k++) {
        const r = rows[k];
        assert.equal(r.seq, rows[0].seq + k);
        assert.equal(r.id, `L${k}`);
        assert.equal(r.latencyUs, k);
        assert.deepEqual(r.prediction, answerOf(k), `row ${k}`);
        assert.deepEqual(Object.entries(r.inputs as object), Object.entries(inputOf(k)), `row ${k}`);
        assert.equal(r.features.tenure_z, k);
        assert.equal(r.features.plan, k % 2 ? 'premium' : 'basic');
      }
    } finally {
      reader.close();
    }
  });

  it('stores a number answer as a blob (format 4), reads back what the API answered, and reads format-3 text answers as before', () => {
    const root = project();
    // A format-3 file: answers as JSON text.
    const three = new PredictionLog(root);
    three.pushBatch(codedBatch(['t1', 't2'], [[0.5, 0, 1, 1], [0.25, 1, 2, 0]]));
    three.close();
    const db = new Database(logPath(root));
    db.exec("UPDATE logged SET prediction = CASE id WHEN 't1' THEN '0.25' ELSE '1.25' END");
    db.pragma('user_version = 3');
    assert.equal(db.prepare<[], { t: string }>("SELECT typeof(prediction) AS t FROM logged WHERE id = 't1'").get()!.t, 'text');
    db.close();

    const log = new PredictionLog(root);
    // A float32 probability, a double that needs 17 digits, -0 and NaN (JSON answers 0 and null), a multiclass answer.
    const answers: unknown[] = [Math.fround(0.8204843401908875), 0.1 + 0.2, -0, NaN, 1e300, { label: 'yes', probabilities: { no: 0.25, yes: 0.75 } }];
    const b = new LogBatchBuilder(SOURCE, answers.length);
    answers.forEach((a, k) => b.add(`n${k}`, 1_700_000_000_100 + k, 90, { customer_id: `n${k}` }, a));
    log.pushBatch(b.seal().batch);
    log.close();
    const raw = new Database(logPath(root), { readonly: true });
    try {
      assert.equal(raw.pragma('user_version', { simple: true }), LOG_FORMAT);
      const kinds = raw.prepare<[], { id: string; t: string; n: number }>('SELECT id, typeof(prediction) AS t, length(prediction) AS n FROM logged ORDER BY seq').all();
      assert.deepEqual(kinds.map((k) => [k.id, k.t, k.t === 'blob' ? k.n : null]), [
        ['t1', 'text', null],
        ['t2', 'text', null],
        ['n0', 'blob', 4],
        ['n1', 'blob', 8],
        ['n2', 'blob', 4],
        ['n3', 'text', null],
        ['n4', 'blob', 8],
        ['n5', 'text', null],
      ]);
    } finally {
      raw.close();
    }
    const reader = new LogReader(root);
    try {
      const back = reader.page({}).rows.map((r) => r.prediction);
      const answered = [0.25, 1.25, ...answers].map((a) => JSON.parse(JSON.stringify(a)));
      assert.deepStrictEqual(back, answered, 'what the API answered, as its JSON gave it (Object.is: -0 read as 0)');
      assert.ok(Object.is(back[4], 0));
    } finally {
      reader.close();
    }
  });

  it('migrates a format 2 log in place in one step: every row reads as it did, coded rows append beside them', () => {
    const root = project();
    const scratch = new PredictionLog(project());
    const old = [entry(scratch), entry(scratch), { ...entry(scratch), model: 'other_model', version: 3 }];
    scratch.close();
    formatTwoLog(root, old);
    const log = new PredictionLog(root);
    log.pushBatch(codedBatch(['fresh'], [[0.5, 0, 1, 1]]));
    log.close();
    const reader = new LogReader(root);
    try {
      const rows = reader.page({}).rows;
      assert.deepEqual(rows.slice(0, 3).map(strip), old.map(strip));
      for (let r = 0; r < 3; r++) for (const [k, v] of Object.entries(old[r].features)) assert.ok(Object.is(rows[r].features[k], v), `${k} of row ${r}`);
      assert.deepEqual(rows[3].features, { tenure_z: 0.5, plan: 'basic', tickets: 1, region: 'south' });
      assert.deepEqual(reader.page({ model: 'other_model', version: 3 }).rows.map(strip), [strip(old[2])]);
      assert.equal(reader.db.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(reader.db.pragma('user_version', { simple: true }), LOG_FORMAT);
      assert.deepEqual(reader.db.prepare<[], { pipeline: string; model: string; version: number }>('SELECT pipeline, model, version FROM served ORDER BY id').all(), [
        { pipeline: 'churn', model: 'churn_model', version: 1 },
        { pipeline: 'churn', model: 'other_model', version: 3 },
        { pipeline: 'churn', model: 'churn_model', version: 2 },
      ]);
      // Feedback still finds the migrated rows by id.
    } finally {
      reader.close();
    }
    const again = new PredictionLog(root);
    try {
      assert.deepEqual(again.feedback([{ id: old[0].id, label: 'yes' }, { id: 'nope', label: 'no' }]), ['nope']);
    } finally {
      again.close();
    }
  });

  it('leaves a log it cannot migrate as it was: the migration is one transaction', () => {
    const root = project();
    const scratch = new PredictionLog(project());
    const old = [entry(scratch), entry(scratch)];
    scratch.close();
    formatTwoLog(root, old);
    // A table in the way of the migration makes it fail halfway.
    const db = new Database(logPath(root));
    db.exec('CREATE TABLE logged (x)');
    db.close();
    assert.throws(() => new PredictionLog(root));
    const after = new Database(logPath(root), { readonly: true });
    try {
      assert.equal(after.pragma('user_version', { simple: true }), 2);
      assert.equal(after.prepare<[], { n: number }>('SELECT count(*) AS n FROM predictions').get()!.n, 2);
      assert.equal(after.prepare("SELECT 1 FROM sqlite_master WHERE name = 'layouts_v2'").get(), undefined);
    } finally {
      after.close();
    }
  });

  it('refuses a log from a newer format with a one-line message and leaves it untouched', () => {
    const root = project();
    formatOneLog(root, []);
    const db = new Database(logPath(root));
    db.pragma(`user_version = ${LOG_FORMAT + 1}`);
    db.close();
    const size = statSync(logPath(root)).size;
    assert.throws(() => new PredictionLog(root), (e: Error) => e instanceof ServeError && e.message.includes(`written by a newer mlpipe (log format ${LOG_FORMAT + 1}, this one reads up to ${LOG_FORMAT})`) && !e.message.includes('\n'));
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
  it('a coded batch refused in the middle of a multi-row statement (an id already logged) is dropped whole, and the next batch is written', () => {
    const root = project();
    const log = new PredictionLog(root, { flushMs: 60_000 });
    const zeros = (n: number) => Array.from({ length: n }, () => [0, 0, 0, 0]);
    log.pushBatch(codedBatch(['d0'], zeros(1)));
    log.flush();
    // 70 rows: the refused id is the 40th, inside the second 32-row statement, after a first one ran.
    const ids = Array.from({ length: 70 }, (_, k) => (k === 39 ? 'd0' : `e${k}`));
    log.pushBatch(codedBatch(ids, zeros(70)));
    log.flush();
    assert.equal(log.dropped, 70);
    assert.match(log.lastError ?? '', /UNIQUE/);
    log.pushBatch(codedBatch(['f0', 'f1'], zeros(2)));
    log.flush();
    assert.equal(log.written, 3);
    log.close();
    const reader = new LogReader(root);
    try {
      assert.deepEqual(reader.page({}).rows.map((r) => r.id), ['d0', 'f0', 'f1']);
    } finally {
      reader.close();
    }
  });

  it('a write whose COMMIT fails (a full disk) is dropped whole: the next rows store their served key and layout again', () => {
    const root = project();
    const log = new PredictionLog(root, { flushMs: 60_000 });
    const db = (log as unknown as { db: Database.Database }).db;
    // A COMMIT that fails as a full disk makes it fail: after the body ran, so the writer had
    // cached the ids of the served key and layout it inserted. A deferred foreign key is checked
    // at COMMIT; a temporary trigger breaks it when the served key is first inserted.
    db.pragma('foreign_keys = ON');
    db.exec(`CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY);
      CREATE TEMP TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TEMP TRIGGER fail_commit AFTER INSERT ON main.served BEGIN INSERT INTO child VALUES (1); END;`);
    assert.ok(log.push(entry(log)));
    log.flush();
    assert.equal(log.dropped, 1);
    assert.match(log.lastError ?? '', /FOREIGN KEY/);
    db.exec('DROP TRIGGER temp.fail_commit');
    const kept = entry(log);
    assert.ok(log.push(kept));
    log.flush();
    assert.equal(log.written, 1);
    assert.equal(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM logged WHERE served NOT IN (SELECT id FROM served) OR layout NOT IN (SELECT id FROM layouts)').get()!.n, 0);
    log.close();
    const reader = new LogReader(root);
    try {
      assert.deepEqual(reader.lastWindow('churn', 5, { name: 'churn_model', version: 1 }, { withInputs: false }).map((r) => r.features), [kept.features]);
    } finally {
      reader.close();
    }
  });
  it('a write refused for want of space names the log file and says so (SQLite\'s own message names no file)', () => {
    const root = project();
    const log = new PredictionLog(root, { flushMs: 60_000 });
    const db = (log as unknown as { db: Database.Database }).db;
    // SQLite's own SQLITE_FULL: the file may not grow past the pages it has.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    for (let i = 0; i < 200; i++) log.push(entry(log));
    log.flush();
    assert.equal(log.dropped, 200);
    assert.equal(log.lastError, `cannot write ${logPath(root)}: no space left on the device (database or disk is full)`);
    log.close();
  });
  it("records one evaluation's alerts in one commit, each with its own id in the order given", () => {
    const root = project();
    const log = new PredictionLog(root, { flushMs: 60_000 });
    const alert = (target: string, value: number) => ({ ts: 1_700_000_000_000, pipeline: 'churn', target, statistic: 'psi', value, threshold: 0.2, window: 500, model: 'churn_model', version: 1, action: null });
    const db = (log as unknown as { db: Database.Database }).db;
    // The WAL holds every commit's pages until a checkpoint: with none, its growth counts commits' pages.
    db.pragma('wal_autocheckpoint = 0');
    const walBytes = () => statSync(`${logPath(root)}-wal`).size;
    log.recordAlerts([alert('warm-up', 1)]);
    const w0 = walBytes();
    log.recordAlerts([alert('tickets', 0.4)]);
    const one = walBytes() - w0;
    const ids = log.recordAlerts([alert('plan', 0.5), alert('order_z', 0.25), alert('prediction', 0.3)]);
    assert.ok(one > 0);
    assert.equal(walBytes() - w0 - one, one, 'three alerts write what one does: one commit of the same pages');
    assert.equal(new Set(ids).size, 3);
    const watcher = new Database(logPath(root), { readonly: true });
    const rows = watcher.prepare<[], { id: number; target: string; value: number }>("SELECT id, target, value FROM alerts WHERE target NOT IN ('warm-up', 'tickets') ORDER BY id").all();
    assert.deepEqual(rows, [
      { id: ids[0], target: 'plan', value: 0.5 },
      { id: ids[1], target: 'order_z', value: 0.25 },
      { id: ids[2], target: 'prediction', value: 0.3 },
    ]);
    assert.deepEqual(log.recordAlerts([]), []);
    watcher.close();
    log.close();
  });
});

describe('a reader of the log for a command that only reads', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('reads a project never served as no predictions, making no log', () => {
    const root = project();
    const reader = LogReader.toRead(root);
    try {
      assert.equal(reader.count(), 0);
      assert.equal(reader.otherLoggedVersion('churn_model', 1), undefined);
    } finally {
      reader.close();
    }
    assert.deepEqual(readdirSync(root), [], 'reading made a file');
  });

  // SQLite's "unable to open database file" came out as "the run store cannot be used".
  it('names a folder where the log belongs, for a reader and the writer', () => {
    const root = project();
    mkdirSync(logPath(root), { recursive: true });
    const named = (e: unknown) => e instanceof Error && e.name === 'StoreUnusableError' && /predictions\.db: the prediction log's place holds something that is not a file/.test(e.message);
    assert.throws(() => LogReader.toRead(root), named);
    assert.throws(() => new PredictionLog(root), named);
  });
});
