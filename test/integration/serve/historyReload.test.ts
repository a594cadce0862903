/**
 * A running server's windows read each history file as it is now: rows appended to orders.csv
 * while `mlpipe serve` runs change /predict's answer for that customer to what `mlpipe score`
 * gives on the same row afterwards, bit for bit. A history file that cannot be read keeps the
 * last good rows serving and the server answering; fixed again, it is read again. Before, the
 * server read the files once at start and its windows went stale (skew `mlpipe parity` reported).
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { liveServing } from '../../../server/backend/rpc/liveServing.js';
import { parseCsv } from '../../../server/mlpipe/data/csv.js';
import type { HistoryHealth } from '../../../server/protocol/serving.js';
import { get, mlpipe, post, requestRows, serveProcess, trainedChurn, type Project, type ServeProcess } from './project.js';

let project: Project;
let server: ServeProcess;
before(async () => {
  project = await trainedChurn();
  server = await serveProcess(project.file);
});
after(async () => {
  if (server && server.child.exitCode === null) {
    const gone = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await gone;
  }
  project?.dispose();
});

const FIELDS = ['customer_id', 'snapshot_at', 'tenure_days', 'plan', 'monthly_charges', 'support_tickets'];

describe('history files change while serving', { timeout: 180_000 }, () => {
  it('appended rows reach the windows as `mlpipe score` reads them; a broken file keeps the last good rows; fixed, it is read again', async () => {
    const orders = join(project.dir, 'data/orders.csv');
    const good = readFileSync(orders, 'utf8');
    const startRows = parseCsv(good, orders).rows.length;
    const row = requestRows(join(project.dir, 'data/customers.csv'), 97)[3]!;
    const predict = async () => {
      const r = await post(`${server.url}/predict`, { rows: [row] });
      assert.equal(r.status, 200, r.text);
      return r.json.predictions[0] as number;
    };
    const history = async () => (await get(`${server.url}/health`)).json.history[0] as HistoryHealth;
    const score = async () => {
      const input = join(project.dir, 'one.csv');
      const output = join(project.dir, 'one-scored.csv');
      writeFileSync(input, `${FIELDS.join(',')}\n${FIELDS.map((f) => (row[f] === null ? '' : String(row[f]))).join(',')}\n`);
      const r = await mlpipe(['score', project.file, '--input', input, '--output', output]);
      assert.equal(r.status, 0, r.stderr);
      return parseCsv(readFileSync(output, 'utf8'), output).rows[0]![1];
    };
    const first = await history();
    assert.deepEqual(first, { table: 'orders', source: 'data/orders.csv', rows: startRows, loadedAt: first.loadedAt, lastError: null });
    const before = await predict();

    // Large orders a day and a week before the snapshot: inside the 90-day windows.
    const t = Date.parse(String(row.snapshot_at));
    const day = (d: number) => new Date(t - d * 86_400_000).toISOString();
    appendFileSync(orders, `OX1,${row.customer_id},${day(1)},999.00\nOX2,${row.customer_id},${day(7)},850.50\n`);
    // The server says each reload on stderr once the new rows serve: wait for that line, not a poll.
    await server.until(new RegExp(`history table 'orders' reloaded from data/orders.csv: ${startRows + 2} rows`), 'the reload line');
    assert.equal((await history()).rows, startRows + 2);
    const appended = await predict();
    assert.notEqual(appended, before, 'the new orders change the windows');
    assert.equal(String(appended), await score(), "/predict answers as 'mlpipe score' does on the file as it is now");

    // Garbage in place of the file: the last good rows keep serving.
    writeFileSync(orders, 'this is not\n"the orders file\n');
    await server.until(/history table 'orders' \(source "data\/orders\.csv".*; not reloaded, still serving the \d+ rows read at \S+\n/, 'the refusal line');
    assert.match((await history()).lastError ?? '', /orders/);
    assert.equal((await history()).rows, startRows + 2);
    assert.equal(await predict(), appended, 'the windows still read the last good rows');
    assert.equal(server.child.exitCode, null, 'the server runs on');

    // Fixed again, replaced by a rename (a new file where the watched one was), with one more order.
    const temp = join(project.dir, 'data/.orders.tmp');
    writeFileSync(temp, `${good}OX3,${row.customer_id},${day(2)},10.00\n`);
    renameSync(temp, orders);
    await server.until(new RegExp(`history table 'orders' reloaded from data/orders.csv: ${startRows + 1} rows`), 'the reload of the fixed file');
    const h = await history();
    assert.deepEqual([h.lastError, h.rows], [null, startRows + 1]);
    const fixed = await predict();
    assert.notEqual(fixed, appended);
    assert.equal(String(fixed), await score());
  });
});

describe("the editor's server follows history files too", { timeout: 120_000 }, () => {
  it('says each reload in one line on the backend output the editor shows', async () => {
    // Resolved by the line itself; a line that never comes fails on the suite's timeout.
    let said!: () => void;
    const reloaded = new Promise<void>((resolve) => (said = resolve));
    const serving = liveServing(undefined, (line) => {
      if (/^churn\.mlpipe: history table 'orders' reloaded from data\/orders\.csv: \d+ rows$/.test(line)) said();
    });
    const started = await serving.start(project.file, 0);
    try {
      appendFileSync(join(project.dir, 'data/orders.csv'), 'O999998,C00004,2025-05-29T09:00:00Z,30.00\n');
      await reloaded;
    } finally {
      await serving.stop(started.url);
    }
  });
});
