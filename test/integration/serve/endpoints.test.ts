import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { requiredRequestFields, transformBatch } from '../../../server/mlpipe/features/index.js';
import { loadRunArtifacts } from '../../../server/backend/pipeline/artifacts.js';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { tableOfRequests } from '../../../server/backend/serve/scorer.js';
import { startServing, type Serving } from '../../../server/backend/serve/server.js';
import { errorBody, healthResponse, metadataResponse, predictResponse, driftReport, predictionsPage, MAX_PREDICTIONS_PAGE } from '../../../server/protocol/serving.js';
import { mlpipe, get, post, requestRows, trainedChurn, type Project } from './project.js';

describe('serving the churn model over HTTP', () => {
  let project: Project;
  let serving: Serving;
  let url: string;
  let rows: ReturnType<typeof requestRows>;

  before(async () => {
    project = await trainedChurn();
    serving = await startServing(project.file, { port: 0 });
    url = serving.url;
    rows = requestRows(join(project.dir, 'data/customers.csv'), 40);
  });
  after(async () => {
    await serving?.close();
    project?.dispose();
  });

  it('GET /health and HEAD /health answer 200', async () => {
    const r = await get(`${url}/health`);
    assert.equal(r.status, 200);
    const h = healthResponse.parse(r.json);
    assert.deepEqual(h.model, { name: 'churn_model', version: 1 });
    assert.ok(h.log, 'the server logs, so /health reports the log');
    assert.equal(h.log.lastError, null);
    assert.equal(h.log.dropped, 0);
    const head = await fetch(`${url}/health`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  it('a drift line the reference cannot measure (chi2 of a feature with hundreds of values) is refused at start, in the monitor\'s words, and the check says it first', async () => {
    const copy = join(project.dir, 'chi2.mlpipe');
    writeFileSync(copy, readFileSync(project.file, 'utf8').replace('drift order_z    psi > 0.2', 'drift order_z    chi2 < 0.05'));
    const expected = /monitor: 'drift order_z chi2' cannot be measured: 'chi2' compares categories, and 'order_z' has more than 100 distinct values: use 'ks', 'psi', 'js' or 'wasserstein'/;
    await assert.rejects(startServing(copy, { port: 0 }), expected);
    const drift = await mlpipe(['drift', copy]);
    assert.equal(drift.status, 1, drift.stderr);
    assert.match(drift.stderr, expected);
    // The checker computes the training values as the run does, and asks the monitor's question.
    const check = await mlpipe(['check', copy]);
    assert.equal(check.status, 1, check.stdout);
    assert.match(check.stdout, /chi2\.mlpipe:\d+:\d+ {2}error {2}invalid-value {2}'chi2' compares categories, and 'order_z' has more than 100 distinct values: use 'ks', 'psi', 'js' or 'wasserstein'/);
    // A feature of a few values takes chi2: quiet.
    writeFileSync(copy, readFileSync(project.file, 'utf8').replace('drift order_z    psi > 0.2', 'drift tickets    chi2 < 0.05'));
    const quiet = await mlpipe(['check', copy]);
    assert.doesNotMatch(quiet.stdout, /'chi2' compares categories/);
  });

  it('GET /metadata names the version, run, weights and the raw input schema', async () => {
    const m = metadataResponse.parse((await get(`${url}/metadata`)).json);
    assert.equal(m.version, 1);
    assert.equal(m.stage, 'production');
    assert.equal(m.runId, project.run.runId);
    assert.equal(m.weightsHash, project.run.weightsHash);
    assert.deepEqual([m.task, m.labels, m.positive], ['binary', ['0', '1'], '1'], 'the class whose probability /predict answers');
    const byName = Object.fromEntries(m.inputs.map((i) => [i.name, i]));
    assert.deepEqual(byName.tenure_days, { name: 'tenure_days', type: 'number', optional: true, default: 0, features: ['tenure_z'] });
    assert.equal(byName.plan.optional, false);
    assert.equal(byName.plan.type, 'string');
    // Read only as the windows' as_of: any time form the data layer reads is taken.
    assert.equal(byName.snapshot_at.type, 'time');
    assert.equal(byName.monthly_charges.optional, false);
    assert.deepEqual(m.features, ['tenure_z', 'order_z', 'orders_90d', 'plan', 'tickets', 'charges']);
  });

  it('request validation reads the feature plan: a field is optional exactly where a fill_missing covers it', async () => {
    // No rule of the server's own: the fields, and which a transform's default covers, are
    // requiredRequestFields(plan), which reads the compiled plan of the catalogue's transforms.
    const fields = requiredRequestFields(serving.served.run.plan);
    const m = metadataResponse.parse((await get(`${url}/metadata`)).json);
    assert.deepEqual(
      m.inputs.map((i) => ({ column: i.name, covered: i.optional, default: i.default, features: i.features })),
      fields.map((f) => ({ column: f.column, covered: f.covered || serving.served.config.defaults[f.column] !== undefined, default: serving.served.config.defaults[f.column] ?? f.absentAs, features: f.features })),
    );
    const covered = fields.filter((f) => f.covered && f.absentAs !== undefined);
    assert.ok(covered.some((f) => f.column === 'tenure_days'), 'the churn example fills tenure_days');
    for (const f of covered) {
      const { [f.column]: _absent, ...without } = rows[0];
      const filled = { ...rows[0], [f.column]: f.absentAs! };
      const r = await post(`${url}/predict`, { rows: [without, filled] });
      assert.equal(r.status, 200, r.text);
      assert.ok(Object.is(r.json.predictions[0], r.json.predictions[1]), `an absent '${f.column}' scores as its fill_missing default`);
    }
    for (const f of fields.filter((x) => !x.covered)) {
      const { [f.column]: _gone, ...lacking } = rows[0];
      const bad = await post(`${url}/predict`, { rows: [lacking] });
      assert.equal(bad.status, 400, f.column);
      assert.ok(errorBody.parse(bad.json).details.some((d) => d.field === f.column), `${f.column}: ${bad.text}`);
    }
  });

  it('POST /predict scores rows with the plain-JS forward pass, within float32 rounding of the tfjs model', async () => {
    const r = await post(`${url}/predict`, { rows });
    assert.equal(r.status, 200, r.text);
    const body = predictResponse.parse(r.json);
    assert.equal(body.predictions.length, rows.length);
    assert.equal(new Set(body.ids).size, rows.length);
    assert.deepEqual(body.model, { name: 'churn_model', version: 1 });
    // The same rows through the batch engine and the tfjs network that training evaluated with.
    const loaded = await loadRunArtifacts(project.run.artifactDir, []);
    const table = tableOfRequests('customers', rows);
    const batch = transformBatch(loaded.plan, loaded.state, { tables: new Map([['customers', table]]) }, { history: serving.served.history });
    const tf = await loaded.model.predict(batch.x, batch.rows);
    loaded.model.dispose();
    body.predictions.forEach((p, i) => {
      assert.equal(typeof p, 'number');
      assert.ok(Math.abs((p as number) - tf[i]) < 1e-5, `row ${i}: served ${p}, tfjs ${tf[i]}`);
    });
  });

  it('a time field as ISO text, epoch seconds, milli-, micro- or nanoseconds names one moment and scores alike', async () => {
    const some = rows.slice(0, 8);
    const seconds = (r: (typeof rows)[number]) => Date.parse(String(r.snapshot_at)) / 1000;
    const answers = [];
    const times = (scale: number) => (r: (typeof rows)[number]) => seconds(r) * scale;
    // Micro- and nanoseconds were read as milliseconds: the year 55,000 and beyond.
    for (const t of [(r: (typeof rows)[number]) => r.snapshot_at, seconds, times(1e3), times(1e6), times(1e9), (r: (typeof rows)[number]) => String(times(1e6)(r))]) {
      const r = await post(`${url}/predict`, { rows: some.map((row) => ({ ...row, snapshot_at: t(row) })) });
      assert.equal(r.status, 200, r.text);
      answers.push(r.json.predictions);
    }
    for (const a of answers.slice(1)) assert.deepEqual(a, answers[0]);
  });

  it('a column of the training data that the model does not read is accepted and changes nothing; a name the data never had is refused', async () => {
    const plain = await post(`${url}/predict`, { rows: rows.slice(0, 3) });
    assert.equal(plain.status, 200, plain.text);
    // 'region' is a column of customers.csv that no feature of the served model reads.
    const whole = await post(`${url}/predict`, { rows: rows.slice(0, 3).map((r) => ({ ...r, region: 'nowhere' })) });
    assert.equal(whole.status, 200, whole.text);
    assert.deepEqual(whole.json.predictions, plain.json.predictions);
    const typo = await post(`${url}/predict`, { rows: [{ ...rows[0], regoin: 'north' }] });
    assert.equal(typo.status, 400, typo.text);
    // The field it meant is named, as the checker names a misspelt name.
    assert.match(typo.text, /unknown field 'regoin': did you mean 'region'\? \(the model reads /);
  });

  it('POST /invocations takes every MLflow input shape and CSV, and answers what /predict does', async () => {
    const some = rows.slice(0, 5);
    const expected = (await post(`${url}/predict`, { rows: some })).json.predictions;
    const columns = Object.keys(some[0]);
    const bodies = [
      { dataframe_records: some },
      { dataframe_split: { columns, data: some.map((r) => columns.map((c) => r[c])) } },
      { instances: some },
      { inputs: some },
      { inputs: Object.fromEntries(columns.map((c) => [c, some.map((r) => r[c])])) },
    ];
    for (const b of bodies) {
      const r = await post(`${url}/invocations`, b);
      assert.equal(r.status, 200, `${Object.keys(b)[0]}: ${r.text}`);
      assert.deepEqual(r.json.predictions, expected, Object.keys(b)[0]);
    }
    const csv = [columns.join(','), ...some.map((r) => columns.map((c) => (r[c] === null ? '' : String(r[c]))).join(','))].join('\n') + '\n';
    const r = await post(`${url}/invocations`, csv, 'text/csv; charset=utf-8');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.predictions, expected);
  });

  it('rejects bad bodies with 400 and row/field details, never a 5xx', async () => {
    const cases: Array<[unknown, RegExp, { row: number | null; field: string | null } | null]> = [
      ['{"rows": [', /not valid JSON/, null],
      [{}, /rows/, { row: null, field: 'rows' }],
      [{ rows: [] }, /rows/, null],
      [{ rows: [{ ...rows[0], colour: 'red' }] }, /unknown field 'colour'/, { row: 0, field: 'colour' }],
      [{ rows: [rows[0], { ...rows[1], plan: null }] }, /field 'plan' is missing/, { row: 1, field: 'plan' }],
      [{ rows: [{ ...rows[0], monthly_charges: 'lots' }] }, /field 'monthly_charges' must be a number/, { row: 0, field: 'monthly_charges' }],
      [{ rows: [{ ...rows[0], monthly_charges: true }] }, /field 'monthly_charges' must be a number/, { row: 0, field: 'monthly_charges' }],
      [{ rows: [{ ...rows[0], snapshot_at: 'yesterday' }] }, /snapshot_at/, { row: 0, field: 'snapshot_at' }],
      // min_max keeps it beyond float32's range: the model would see an infinity (log1p would not).
      [{ rows: [{ ...rows[0], monthly_charges: 1e300 }] }, /'charges' is [0-9.e+]+, beyond float32's range/, { row: 0, field: 'charges' }],
      [{ rows: [rows[0], { ...rows[1], monthly_charges: '-1e300' }] }, /'charges' is -[0-9.e+]+, beyond float32's range/, { row: 1, field: 'charges' }],
      [{ rows: [{ ...rows[0], plan: { nested: 1 } }] }, /a field value must be a string, a finite number, true, false or null/, { row: 0, field: 'plan' }],
      // JSON.parse reads 1e400 as Infinity.
      ['{"rows": [{"monthly_charges": 1e400}]}', /a field value must be a string, a finite number/, { row: 0, field: 'monthly_charges' }],
      [{ rows: rows.slice(0, 1), extra: 1 }, /unknown key 'extra'/, null],
      [[1, 2], /rows/, null],
      ['null', /rows/, null],
    ];
    for (const [body, message, detail] of cases) {
      const r = await post(`${url}/predict`, body);
      assert.equal(r.status, 400, `${JSON.stringify(body)} -> ${r.status} ${r.text}`);
      const e = errorBody.parse(r.json);
      assert.match(e.error + ' ' + e.details.map((d) => d.problem).join(' '), message, JSON.stringify(body));
      if (detail) assert.ok(e.details.some((d) => d.row === detail.row && d.field === detail.field), `${JSON.stringify(e.details)} lacks ${JSON.stringify(detail)}`);
      assert.doesNotMatch(r.text, /at .*\(.*:\d+:\d+\)/, 'no stack trace');
    }
  });

  it('answers 413 over the body limit, 415 for a wrong content type or charset, 405 for a wrong method, 404 elsewhere', async () => {
    const big = { rows: Array.from({ length: 12000 }, () => rows[0]) };
    assert.ok(JSON.stringify(big).length > 1024 * 1024);
    assert.equal((await post(`${url}/predict`, big)).status, 413);
    assert.equal((await post(`${url}/predict`, 'rows', 'text/plain')).status, 415);
    assert.equal((await post(`${url}/predict`, { rows }, 'application/json; charset=latin1')).status, 415);
    assert.equal((await post(`${url}/predict`, 'a,b\n1,2\n', 'text/csv')).status, 415);
    // A compressed body is refused as such, not parsed as text into a bad-JSON error.
    for (const route of ['/predict', '/invocations']) {
      const zipped = await fetch(`${url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ rows })) });
      assert.equal(zipped.status, 415, route);
      assert.match(((await zipped.json()) as { error: string }).error, /content encoding 'gzip' is not supported: send the body uncompressed/);
    }
    assert.equal((await post(`${url}/invocations`, 'x', 'application/x-www-form-urlencoded')).status, 415);
    const wrong = await fetch(`${url}/predict`);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'POST');
    assert.equal((await post(`${url}/health`, {})).status, 405);
    assert.equal((await fetch(`${url}/metadata`, { method: 'DELETE' })).status, 405);
    const missing = await get(`${url}/nope`);
    assert.equal(missing.status, 404);
    errorBody.parse(missing.json);
    assert.equal((await get(`${url}/health`)).status, 200, 'still answering');
  });

  it('the /predict fast path answers the same bytes, status and headers as Fastify, and is counted', async () => {
    // 'application/json' exactly takes the fast path in front of Fastify; with a charset
    // parameter the same request goes through Fastify's parser and route.
    const viaFastify = 'application/json; charset=utf-8';
    const bad = [
      '{"rows": [',
      '{"rows": []}',
      '[1, 2]',
      'null',
      JSON.stringify({ rows: [{ ...rows[0], tenure_days: 'long' }] }),
      JSON.stringify({ rows: [{ ...rows[0], colour: 'red' }] }),
      JSON.stringify({ rows: [{ customer_id: 'C1' }, { ...rows[1], monthly_charges: 'many' }] }),
      JSON.stringify({ rows: [rows[0]], extra: 1 }),
      JSON.stringify({ rows: Array.from({ length: 10_001 }, () => ({ plan: 'basic' })) }),
    ];
    const count = async () => Number(/mlpipe_http_requests_total\{route="\/predict",status="400"\} (\d+)/.exec((await get(`${url}/metrics`)).text)?.[1] ?? 0);
    const before400 = await count();
    let rejected = 0;
    for (const body of bad) {
      const fast = await post(`${url}/predict`, body);
      const slow = await post(`${url}/predict`, body, viaFastify);
      if (fast.status === 400) rejected++;
      assert.equal(fast.status, slow.status, body.slice(0, 60));
      assert.equal(fast.text, slow.text, body.slice(0, 60));
      assert.equal(fast.headers.get('content-type'), slow.headers.get('content-type'));
    }
    assert.ok(rejected >= bad.length - 1, `${rejected} of ${bad.length} rejected`);
    assert.equal((await count()) - before400, 2 * rejected, 'both paths count their 400s');
    const fast = await post(`${url}/predict`, { rows: rows.slice(0, 7) });
    const slow = await post(`${url}/predict`, { rows: rows.slice(0, 7) }, viaFastify);
    assert.equal(fast.status, 200, fast.text);
    assert.equal(fast.headers.get('content-type'), slow.headers.get('content-type'));
    // Ids differ per request; everything else is the same bytes.
    const idsOut = (t: string) => t.replace(/"ids":\[[^\]]*\]/, '"ids":[]');
    assert.equal(idsOut(fast.text), idsOut(slow.text));
    assert.deepEqual(JSON.parse(fast.text), { ...JSON.parse(slow.text), ids: fast.json.ids });
    assert.equal(fast.json.ids.length, 7);
  });

  it('POST /feedback attaches labels to logged predictions by id', async () => {
    const { ids } = (await post(`${url}/predict`, { rows: rows.slice(0, 3) })).json;
    const r = await post(`${url}/feedback`, { labels: [{ id: ids[0], label: 1 }, { id: ids[1], label: '0.0' }, { id: 'nope-1', label: 1 }] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { accepted: 2, unknown: ['nope-1'] });
    assert.equal((await post(`${url}/feedback`, { labels: [{ id: ids[0] }] })).status, 400);
    assert.equal((await post(`${url}/feedback`, { labels: [] })).status, 400);
    // A label the model did not learn (churn is 0 or 1) is refused with the request's other
    // labels: nothing recorded, so it cannot replace the good label ids[0] already has.
    const bad = await post(`${url}/feedback`, { labels: [{ id: ids[2], label: 0 }, { id: ids[0], label: 'maybe' }] });
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.error, "1 label the model cannot take: 'maybe' is not a class the model learned: use '0', '1'; nothing was recorded");
    assert.deepEqual(bad.json.details, [{ row: 1, field: 'label', problem: "'maybe' is not a class the model learned: use '0', '1'" }]);
    // One prediction twice in a request: the same class (in any spelling) is one label, counted
    // once; two different classes record nothing, so ids[1] keeps its '0'.
    const twice = await post(`${url}/feedback`, { labels: [{ id: ids[2], label: 0 }, { id: ids[2], label: '0.0' }] });
    assert.equal(twice.status, 200, twice.text);
    assert.deepEqual(twice.json, { accepted: 1, unknown: [] });
    const clash = await post(`${url}/feedback`, { labels: [{ id: ids[1], label: 1 }, { id: ids[2], label: 0 }, { id: ids[1], label: 0 }] });
    assert.equal(clash.status, 400, clash.text);
    const problem = `the prediction '${ids[1]}' has the label '1' in row 0 and '0' here: send one label per prediction`;
    assert.equal(clash.json.error, `1 prediction given two different labels: ${problem}; nothing was recorded`);
    assert.deepEqual(clash.json.details, [{ row: 2, field: 'label', problem }]);
    const stored = new LogReader(project.dir);
    try {
      const labels = stored.db.prepare('SELECT prediction_id AS id, label FROM feedback WHERE prediction_id IN (?, ?, ?)').all(ids[0], ids[1], ids[2]) as Array<{ id: string; label: string }>;
      // '0.0' (pandas' spelling of a float column's 0) is the class 0, as the training data's
      // 0.0 would have been, and is recorded as the class's text the quality metrics look up.
      assert.deepEqual(new Map(labels.map((l) => [l.id, l.label])), new Map([[ids[0], '1'], [ids[1], '0'], [ids[2], '0']]));
    } finally {
      stored.close();
    }
  });

  it('logs every prediction with its inputs, features and model version, paged by cursor', async () => {
    await post(`${url}/predict`, { rows: rows.slice(0, 10) });
    await serving.log!.flush();
    const reader = new LogReader(project.dir);
    try {
      const total = reader.count();
      assert.ok(total >= 10);
      const first = reader.page({ limit: 7 });
      assert.equal(first.rows.length, 7);
      assert.ok(first.next !== null);
      const second = reader.page({ after: first.next!, limit: 7 });
      assert.ok(second.rows[0].seq > first.rows[6].seq);
      const last = reader.lastWindow('churn', 1, { name: 'churn_model', version: 1 })[0];
      assert.deepEqual(last.inputs, rows[9]);
      assert.equal(typeof last.features.order_z, 'number');
      assert.ok(['basic', 'standard', 'premium', '(unseen)'].includes(last.features.plan as string));
      assert.equal(last.version, 1);
      assert.ok(last.latencyUs >= 0);
    } finally {
      reader.close();
    }
  });

  it('GET /predictions pages the log by cursor, capped and validated', async () => {
    const sent = rows.slice(0, 5);
    const { ids, predictions } = (await post(`${url}/predict`, { rows: sent })).json;
    // Walk the whole log in pages of 7: every prediction once, in order, ending with next = null.
    const seen: string[] = [];
    let after: number | null = 0;
    let pages = 0;
    let lastSeq = 0;
    while (after !== null) {
      const r = await get(`${url}/predictions?after=${after}&limit=7`);
      assert.equal(r.status, 200, r.text);
      const page = predictionsPage.parse(r.json);
      assert.ok(page.predictions.length <= 7);
      for (const p of page.predictions) {
        assert.ok(p.seq > lastSeq, 'in cursor order, no repeats');
        lastSeq = p.seq;
        seen.push(p.id);
      }
      after = page.next;
      pages++;
    }
    const reader = new LogReader(project.dir);
    try {
      assert.equal(seen.length, reader.count());
    } finally {
      reader.close();
    }
    assert.ok(pages >= Math.ceil(seen.length / 7));
    assert.deepEqual(seen.slice(-5), ids, 'the rows just predicted, flushed before the page was read');
    const tail = predictionsPage.parse((await get(`${url}/predictions?limit=${MAX_PREDICTIONS_PAGE}&version=1`)).json).predictions.slice(-5);
    assert.deepEqual(tail.map((p) => p.inputs), sent);
    assert.deepEqual(tail.map((p) => p.prediction), predictions);
    assert.ok(tail.every((p) => p.model.version === 1 && typeof p.features.order_z === 'number' && !Number.isNaN(Date.parse(p.at))));
    // Over the cap: capped, not refused. An empty version: an empty last page.
    const capped = await get(`${url}/predictions?limit=999999`);
    assert.equal(capped.status, 200);
    assert.ok(predictionsPage.parse(capped.json).predictions.length <= MAX_PREDICTIONS_PAGE);
    assert.deepEqual(predictionsPage.parse((await get(`${url}/predictions?version=7`)).json), { predictions: [], next: null });
    for (const q of ['limit=0', 'limit=abc', 'limit=-3', 'limit=1.5', 'after=-1', 'after=x', 'after=1&after=2', 'cursor=3', 'version=one']) {
      const bad = await get(`${url}/predictions?${q}`);
      assert.equal(bad.status, 400, `${q}: ${bad.text}`);
      const body = errorBody.parse(bad.json);
      assert.match(body.error, /^bad query: /);
      assert.ok(!body.error.includes('\n') && body.details.length >= 1, q);
    }
    // Each says the one thing wrong: not zod's words for a list, nor a second problem for 'abc'.
    const said = async (q: string) => errorBody.parse((await get(`${url}/predictions?${q}`)).json);
    assert.deepEqual((await said('after=1&after=2')).details, [{ row: null, field: 'after', problem: 'is given 2 times: give it once' }]);
    assert.match((await said('after=1&after=2')).error, /^bad query: 'after' is given 2 times: give it once; use /);
    assert.deepEqual((await said('limit=abc')).details, [{ row: null, field: 'limit', problem: 'must be a whole number' }]);
    assert.deepEqual((await said('limit=0')).details, [{ row: null, field: 'limit', problem: 'must be at least 1' }]);
    assert.equal((await post(`${url}/predictions`, {})).status, 405);
  });

  it('GET /drift reports quality metrics once enough predictions have feedback labels', async () => {
    const labelled = requestRows(join(project.dir, 'data/customers.csv'), 13, ['customer_id', 'snapshot_at', 'tenure_days', 'plan', 'monthly_charges', 'support_tickets', 'churned']).slice(0, 60);
    const { predictions, ids } = (await post(`${url}/predict`, { rows: labelled.map(({ churned: _c, ...r }) => r) })).json;
    const few = await post(`${url}/feedback`, { labels: ids.slice(0, 10).map((id: string, i: number) => ({ id, label: labelled[i].churned as number })) });
    assert.equal(few.json.accepted, 10);
    const early = driftReport.parse((await get(`${url}/drift`)).json);
    assert.equal(early.quality, undefined, 'not with 10 labels');
    // The window also holds the feedback test's three labelled predictions.
    assert.equal(early.qualityNote, "13 of the window's predictions have feedback labels the model knows; quality is measured from 50");
    await post(`${url}/feedback`, { labels: ids.slice(10).map((id: string, i: number) => ({ id, label: String(labelled[10 + i].churned) })) });
    const full = driftReport.parse((await get(`${url}/drift`)).json);
    assert.equal(full.qualityNote, undefined);
    const q = full.quality!;
    // The window also holds the feedback test's three labelled predictions.
    assert.equal(q.labels, 63);
    const correct = labelled.filter((r, i) => ((predictions[i] as number) >= 0.5 ? 1 : 0) === r.churned).length;
    const accuracy = q.metrics.accuracy ?? NaN;
    const auc = q.metrics.auc ?? NaN;
    assert.ok(accuracy >= correct / 63 && accuracy <= (correct + 3) / 63, `accuracy ${accuracy}, ${correct} of these 60 right`);
    assert.ok(auc > 0.5 && auc <= 1);
  });

  it('GET /drift and GET /metrics report drift values, requests by status, the latency split and the log queue', async () => {
    const d = driftReport.parse((await get(`${url}/drift`)).json);
    // A few hundred predictions against the example's window of 500: values, no verdicts yet.
    assert.equal(d.window, 500);
    assert.ok(d.filled > 0 && d.filled < d.window, `filled ${d.filled}`);
    assert.ok(d.targets.every((t) => t.drifted === null && t.value !== null), JSON.stringify(d.targets));
    assert.deepEqual(
      d.targets.map((t) => t.target),
      ['order_z', 'plan', 'prediction', 'tenure_z', 'orders_90d', 'tickets', 'charges'],
    );
    const m = await get(`${url}/metrics`);
    assert.equal(m.status, 200);
    assert.match(m.headers.get('content-type') ?? '', /text\/plain/);
    for (const re of [
      /mlpipe_http_requests_total\{route="\/predict",status="200"\} \d+/,
      /mlpipe_http_requests_total\{route="\/predict",status="400"\} \d+/,
      /mlpipe_http_requests_total\{route="\/predict",status="413"\} 1/,
      /mlpipe_request_phase_seconds_count\{phase="parse"\} \d+/,
      /mlpipe_request_phase_seconds_count\{phase="features"\} \d+/,
      /mlpipe_request_phase_seconds_count\{phase="inference"\} \d+/,
      /mlpipe_request_phase_seconds_count\{phase="log"\} \d+/,
      /mlpipe_drift_value\{target="order_z",statistic="psi"\} [0-9.e-]+/,
      /mlpipe_log_queue_depth \d+/,
      /mlpipe_log_dropped_total 0/,
    ])
      assert.match(m.text, re);
  });

  it('mlpipe score keeps the key column and equals /predict bit for bit', async () => {
    const input = join(project.dir, 'score-in.csv');
    const output = join(project.dir, 'score-out.csv');
    const source = readFileSync(join(project.dir, 'data/customers.csv'), 'utf8').split('\n');
    writeFileSync(input, source.slice(0, 301).join('\n') + '\n');
    const r = await mlpipe(['score', project.file, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(r.status, 0, r.stderr);
    // Which class the one probability column is of (churned: 0 or 1).
    assert.match(r.stderr, /^scored 300 of 300 rows with churn_model v\d+ into \S+score-out\.csv; 'prediction' is the probability of class '1'$/m);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'customer_id,prediction');
    assert.equal(lines.length, 301);
    const scored = requestRows(input);
    const served = (await post(`${url}/predict`, { rows: scored })).json.predictions as number[];
    lines.slice(1).forEach((line, i) => {
      const [key, p] = line.split(',');
      assert.equal(key, scored[i].customer_id);
      assert.ok(Object.is(Number(p), served[i]), `row ${i}: score ${p}, /predict ${served[i]}`);
    });
  });

  it('mlpipe score of a file without a column: filled as /predict fills an absent field when a default covers it, else refused by name', async () => {
    const source = readFileSync(join(project.dir, 'data/customers.csv'), 'utf8').split('\n');
    const header = source[0].split(',');
    const without = (column: string) => source.slice(0, 31).map((l) => l.split(',').filter((_, i) => i !== header.indexOf(column)).join(',')).join('\n') + '\n';
    const input = join(project.dir, 'score-no-tenure.csv');
    const output = join(project.dir, 'score-no-tenure-out.csv');
    writeFileSync(input, without('tenure_days'));
    const r = await mlpipe(['score', project.file, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(r.status, 0, r.stderr);
    const rowsWithout = requestRows(input, 1, ['customer_id', 'snapshot_at', 'plan', 'monthly_charges', 'support_tickets']);
    const served = (await post(`${url}/predict`, { rows: rowsWithout })).json.predictions as number[];
    const lines = readFileSync(output, 'utf8').trim().split('\n').slice(1);
    assert.equal(lines.length, 30);
    lines.forEach((line, i) => assert.ok(Object.is(Number(line.split(',')[1]), served[i]), `row ${i}: score ${line}, /predict ${served[i]}`));
    writeFileSync(input, without('plan'));
    const refused = await mlpipe(['score', project.file, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /score-no-tenure\.csv has no column 'plan': feature 'plan' reads it, and no fill_missing or serve default covers it/);
  });

  it('mlpipe score --model scores a pipeline that has no serve block, the same as /predict', async () => {
    // The same project's pipeline without 'serve' and 'monitor': it registers, it does not serve.
    const unserved = join(project.dir, 'unserved.mlpipe');
    writeFileSync(unserved, readFileSync(project.file, 'utf8').replace(/\nserve \{[^}]*\}\n/, '\n').replace(/\nmonitor \{[^}]*\}\n/, '\n'));
    assert.doesNotMatch(readFileSync(unserved, 'utf8'), /^serve \{/m);
    const input = join(project.dir, 'score-unserved.csv');
    const output = join(project.dir, 'score-unserved-out.csv');
    writeFileSync(input, readFileSync(join(project.dir, 'data/customers.csv'), 'utf8').split('\n').slice(0, 21).join('\n') + '\n');
    const refused = await mlpipe(['score', unserved, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /has no serve block: .* or name one with --model NAME@STAGE/);
    const r = await mlpipe(['score', unserved, '--input', input, '--output', output, '--model', 'churn_model@production'], { NO_COLOR: '1' });
    assert.equal(r.status, 0, r.stderr);
    const served = (await post(`${url}/predict`, { rows: requestRows(input) })).json.predictions as number[];
    const lines = readFileSync(output, 'utf8').trim().split('\n').slice(1);
    assert.equal(lines.length, 20);
    lines.forEach((line, i) => assert.ok(Object.is(Number(line.split(',')[1]), served[i]), `row ${i}`));
    // A model the registry does not have: said in words that fit scoring as well as serving.
    const unknown = await mlpipe(['score', unserved, '--input', input, '--output', output, '--model', 'nope@production'], { NO_COLOR: '1' });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /cannot load 'nope@production': unknown model 'nope'/);
    // A model this pipeline's own register block names, in a store other runs made: it has not
    // been trained yet, which is what to say, not which other models exist.
    const renamed = join(project.dir, 'renamed.mlpipe');
    writeFileSync(renamed, readFileSync(project.file, 'utf8').replaceAll('churn_model', 'failure_model'));
    const untrained = await mlpipe(['score', renamed, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(untrained.status, 1);
    assert.match(untrained.stderr, /^mlpipe: cannot load 'failure_model@production': 'failure_model' is not registered yet: train the pipeline first with 'mlpipe run .*renamed\.mlpipe' \(it registers 'failure_model' when its gates pass\)\n$/);
  });

  it('mlpipe score of a file with text in a numeric column is refused naming the first such cell and its row', async () => {
    const input = join(project.dir, 'score-typo.csv');
    const output = join(project.dir, 'score-typo-out.csv');
    const source = readFileSync(join(project.dir, 'data/customers.csv'), 'utf8').split('\n');
    const charges = source[0].split(',').indexOf('monthly_charges');
    const typo = source[3].split(',');
    typo[charges] = 'seventy';
    writeFileSync(input, [source[0], source[1], source[2], typo.join(','), source[4]].join('\n') + '\n');
    const r = await mlpipe(['score', project.file, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /column monthly_charges of \S*score-typo\.csv holds text \('seventy' in data row 3\), but it held numbers when the features were fitted/);
  });

  it('mlpipe score refuses a row beyond float32\'s range, as /predict does, and writes nothing', async () => {
    const input = join(project.dir, 'score-wide.csv');
    const output = join(project.dir, 'score-wide-out.csv');
    const source = readFileSync(join(project.dir, 'data/customers.csv'), 'utf8').split('\n');
    const header = source[0].split(',');
    const charges = header.indexOf('monthly_charges');
    const wide = source[2].split(',');
    wide[charges] = '1e300';
    writeFileSync(input, [source[0], source[1], wide.join(','), source[3]].join('\n') + '\n');
    const r = await mlpipe(['score', project.file, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /1 of 3 rows of \S*score-wide\.csv cannot be scored, as \/predict refuses them \(line 3: feature 'charges' .*float32/);
    assert.equal(existsSync(output), false);
    const refused = await post(`${url}/predict`, { rows: requestRows(input).slice(1, 2) });
    assert.equal(refused.status, 400);
  });

  it("mlpipe score of a spreadsheet's export with empty rows (',,,,') says the rows are empty, not each field missing", async () => {
    const input = join(project.dir, 'score-empty-rows.csv');
    const output = join(project.dir, 'score-empty-rows-out.csv');
    const source = readFileSync(join(project.dir, 'data/customers.csv'), 'utf8').split('\n');
    const blank = ','.repeat(source[0].split(',').length - 1);
    writeFileSync(input, [source[0], source[1], source[2], blank, blank].join('\r\n') + '\r\n');
    const r = await mlpipe(['score', project.file, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^mlpipe: 2 of 4 rows of \S*score-empty-rows\.csv are empty, every field \(line 4, line 5\), as a spreadsheet exports rows it once held: delete those lines; nothing was written\n$/);
    assert.equal(existsSync(output), false);
    // Beside a row refused for its own reason, an empty one is named as empty.
    const missing = source[1].split(',');
    missing[source[0].split(',').indexOf('plan')] = '';
    writeFileSync(input, [source[0], missing.join(','), blank].join('\n') + '\n');
    const mixed = await mlpipe(['score', project.file, '--input', input, '--output', output], { NO_COLOR: '1' });
    assert.equal(mixed.status, 1, mixed.stderr);
    assert.match(mixed.stderr, /2 of 2 rows of \S*score-empty-rows\.csv cannot be scored, as \/predict refuses them \(line 2: field 'plan' is missing .*; line 3: every field is empty\)/);
  });

  it('deletes predictions older than the retention setting as the log is written', () => {
    const log = new PredictionLog(project.dir, { retentionDays: 30 });
    const entry = (id: string, daysAgo: number) => ({ id, ts: Date.now() - daysAgo * 86_400_000, pipeline: 'retention', model: 'm', version: 1, inputs: {}, features: {}, prediction: 0.5, latencyUs: 1 });
    log.push(entry('old-1', 31));
    log.push(entry('recent-1', 29));
    log.flush();
    log.close();
    const reader = new LogReader(project.dir);
    try {
      const ids = reader.lastWindow('retention', 10).map((r) => r.id);
      assert.deepEqual(ids, ['recent-1']);
    } finally {
      reader.close();
    }
  });

  it('drops and counts predictions when the log queue is full, without slowing or failing requests', async () => {
    const small = await startServing(project.file, { port: 0, log: { queueCapacity: 5, batchSize: 1000, flushMs: 60_000 } });
    try {
      const r = await post(`${small.url}/predict`, { rows: rows.slice(0, 20) });
      assert.equal(r.status, 200);
      assert.equal(r.json.ids.filter((id: string | null) => id !== null).length, 5);
      assert.equal(small.log!.dropped, 15);
      assert.match((await get(`${small.url}/metrics`)).text, /mlpipe_log_dropped_total 15/);
    } finally {
      await small.close();
    }
  });
});
