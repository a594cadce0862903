import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { logPath } from '../../../server/backend/serve/log.js';
import { ParityOutput } from '../../../server/protocol/cli.js';
import { get, mlpipe, post, requestRows, serveProcess, trainedChurn, type Project } from './project.js';

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

function logged(dir: string): number {
  const db = new Database(logPath(dir), { readonly: true });
  try {
    return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM predictions').get()!.n;
  } finally {
    db.close();
  }
}

/**
 * The `-wal` and `-shm` files in the store's folder: SQLite removes them when the last connection
 * to a database closes, if that connection may write; any left after a command ended name a
 * connection it left open, or a read-only one that closed last.
 */
function sqliteLeftovers(dir: string): string[] {
  return readdirSync(dirname(logPath(dir))).filter((name) => /-(wal|shm)$/.test(name));
}

/**
 * Waits until the log holds at least n predictions (the server flushes within 50 ms), counting
 * again each time the log's folder changes (every committed batch writes the WAL) rather than on
 * a timer. On a timeout the serving process's own account of its log (/health) is in the message.
 */
async function untilLogged(dir: string, n: number, url: string, timeoutMs = 30_000): Promise<number> {
  let changed: () => void = () => undefined;
  let pending = false;
  // Watched before the first count, so a batch committed between a count and the wait is not missed.
  const watcher = watch(dirname(logPath(dir)), () => {
    pending = true;
    changed();
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      pending = false;
      const count = logged(dir);
      if (count >= n) return count;
      const left = deadline - Date.now();
      if (left <= 0) {
        const health = await get(`${url}/health`).then((r) => JSON.stringify(r.json?.log), (e: Error) => `no answer: ${e.message}`);
        throw new Error(`the log holds ${count} predictions, expected ${n}; the server's log: ${health}`);
      }
      if (!pending) {
        await new Promise<void>((resolve) => {
          // Not a pause: the deadline, if the log stops changing.
          const timer = setTimeout(() => resolve(), left);
          changed = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        changed = () => undefined;
      }
    }
  } finally {
    watcher.close();
  }
}

async function parity(file: string): Promise<{ status: number | null; report: any; stderr: string }> {
  const r = await mlpipe(['parity', file, '--json']);
  // The report as its one schema declares it (the CLI's outputs, server/protocol/cli.ts).
  return { status: r.status, report: r.stdout ? ParityOutput.parse(JSON.parse(r.stdout)) : null, stderr: r.stderr };
}

describe('the prediction log across restarts and kill -9, and parity replay', () => {
  let project: Project;
  let rows: ReturnType<typeof requestRows>;
  before(async () => {
    project = await trainedChurn();
    rows = requestRows(join(project.dir, 'data/customers.csv'), 11);
  });
  after(() => project?.dispose());

  it('keeps every flushed prediction through kill -9 and a restart, and the store stays intact', async () => {
    const first = await serveProcess(project.file);
    const ids: string[] = [];
    for (let i = 0; i < 300; i += 50) ids.push(...(await post(`${first.url}/predict`, { rows: rows.slice(i, i + 50) })).json.ids);
    await untilLogged(project.dir, 300, first.url);
    // Traffic in flight while the server is killed without warning.
    const inFlight = Array.from({ length: 20 }, (_, i) => post(`${first.url}/predict`, { rows: rows.slice(300 + i * 10, 310 + i * 10) }).catch(() => null));
    first.child.kill('SIGKILL');
    await Promise.all(inFlight);
    await exited(first.child);

    const db = new Database(logPath(project.dir), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM predictions').get()!.n;
      assert.ok(count >= 300 && count <= 500, `${count} predictions logged`);
      const known = new Set(db.prepare<[], { id: string }>('SELECT id FROM predictions').all().map((r) => r.id));
      for (const id of ids) assert.ok(known.has(id), `prediction ${id} was acknowledged and flushed before the kill`);
    } finally {
      db.close();
    }

    const before = logged(project.dir);
    const second = await serveProcess(project.file);
    try {
      const r = await post(`${second.url}/predict`, { rows: rows.slice(0, 40) });
      assert.equal(r.status, 200);
      for (const id of r.json.ids) assert.ok(!ids.includes(id), 'ids stay unique across restarts');
      assert.equal(await untilLogged(project.dir, before + 40, second.url), before + 40);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    // Stopped cleanly, it closed every connection: nothing is left beside predictions.db and mlpipe.db.
    assert.equal(second.child.exitCode, 0);
    assert.deepEqual(sqliteLeftovers(project.dir), []);
  });

  it('mlpipe parity replays the log through the batch path and finds no mismatch', async () => {
    const { status, report, stderr } = await parity(project.file);
    assert.equal(status, 0, stderr);
    // A command that only reads the log leaves no -wal or -shm beside it either.
    assert.deepEqual(sqliteLeftovers(project.dir), []);
    assert.equal(report.ok, true);
    assert.equal(report.rows, logged(project.dir));
    const targets = report.targets.map((t: { target: string }) => t.target);
    assert.deepEqual(targets, ['tenure_z', 'order_z', 'orders_90d', 'plan', 'tickets', 'charges', 'prediction']);
    for (const t of report.targets) assert.deepEqual([t.mismatch, t.serving_only, t.training_only, t.match], [0, 0, 0, report.rows], t.target);
    const text = await mlpipe(['parity', project.file], { NO_COLOR: '1' });
    assert.match(text.stdout, /no skew/);
  });

  it('finds the skew planted by changing a fitted statistic', async () => {
    const features = join(project.run.artifactDir, 'features.json');
    const original = readFileSync(features, 'utf8');
    const state = JSON.parse(original);
    // order_z = standardize(avg_order_90d): the fitted node whose canonical text holds the window.
    const key = Object.keys(state.nodes).find((k) => state.nodes[k].kind === 'standardize' && k.includes('window_mean(orders.order_value'));
    assert.ok(key, `a standardize node for order_z among ${Object.keys(state.nodes)}`);
    state.nodes[key!].mean += 1;
    writeFileSync(features, JSON.stringify(state));
    // Loading refuses a file that differs from the hash its run recorded: plant the skew in the record too.
    const store = new Database(join(dirname(dirname(project.run.artifactDir)), 'mlpipe.db'));
    const recorded = (sha: string) =>
      store.prepare(`UPDATE artifacts SET sha256 = ? WHERE name = 'features.json' AND run_seq = (SELECT seq FROM runs WHERE id = ?)`).run(sha, project.run.runId);
    const originalSha = store.prepare<[string], { sha256: string }>(`SELECT a.sha256 FROM artifacts a JOIN runs r ON r.seq = a.run_seq WHERE r.id = ? AND a.name = 'features.json'`).get(project.run.runId)!.sha256;
    recorded(`sha256:${createHash('sha256').update(readFileSync(features)).digest('hex')}`);
    try {
      const { status, report } = await parity(project.file);
      assert.equal(status, 1);
      assert.equal(report.ok, false);
      const by = Object.fromEntries(report.targets.map((t: { target: string }) => [t.target, t]));
      assert.equal(by.order_z.mismatch, report.rows);
      assert.ok(by.prediction.mismatch > 0);
      assert.equal(by.tenure_z.mismatch, 0);
      assert.equal(by.plan.mismatch, 0);
      assert.ok(report.mismatches.length > 0 && report.mismatches[0].target === 'order_z');
    } finally {
      writeFileSync(features, original);
      recorded(originalSha);
      store.close();
    }
  });
});
