import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_SEED, writeChurnData } from '../../../examples/churn/generate.js';
import { RETRAIN_CUT_SHORT } from '../../../server/backend/monitor/retrain.js';
import { startServing } from '../../../server/backend/serve/server.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { driftReport } from '../../../server/protocol/serving.js';
import { get, mlpipe, post, requestRows, serveProcess, trainedChurn, type Project } from './project.js';

const WINDOW = 500; // the churn example's monitor window

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Polls where no event reaches this process: the retrain runs in a grandchild process (no 'exit'
 * to listen to here) and records its run in SQLite from there. Every wait that has an event (the
 * server's stderr lines) waits for it instead.
 */
async function until(what: string, done: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a server killed during a retrain', { timeout: 240_000 }, () => {
  let project: Project;
  before(async () => {
    project = await trainedChurn();
    // The sources hold the drifted world: a full window of it alerts and retrains.
    writeChurnData(join(project.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
  });
  after(() => project?.dispose());

  it('ends its retrain as interrupted, and the next start records that on the alert', async () => {
    const first = await serveProcess(project.file);
    let retrainPid = 0;
    try {
      const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
      for (let i = 0; i < rows.length; i += 50) assert.equal((await post(`${first.url}/predict`, { rows: rows.slice(i, i + 50) })).status, 200);
      await first.until(/\(retrain started \(drift:\w+\)\)/, 'the retrain');
      await until('the retrain run', () => {
        const store = openStore(project.dir);
        try {
          const run = store.listRuns().find((r) => r.status === 'running' && r.params?.trigger);
          retrainPid = run?.pid ?? 0;
        } finally {
          store.close();
        }
        return retrainPid > 0;
      });
    } finally {
      first.child.kill('SIGKILL');
    }
    // The retrain process does not run on unseen after its server: it stops and records why.
    await until('the retrain process to end', () => !alive(retrainPid));
    const store = openStore(project.dir);
    const runs = store.listRuns().filter((r) => r.params?.trigger);
    store.close();
    assert.deepEqual(runs.map((r) => r.status), ['interrupted'], JSON.stringify(runs));
    // Recorded by the retrain process itself as it stopped, not found later by a dead pid.
    assert.doesNotMatch(runs[0]!.error ?? '', /ended without finishing the run/);
    // Before any server starts again, the report reads the run's end from the store: it said
    // 'retrain started' until the next start settled the alert.
    const before = await mlpipe(['drift', project.file], { NO_COLOR: '1' });
    assert.match(before.stdout, /the server stopped before the retrain finished/);
    assert.doesNotMatch(before.stdout, /retrain started/);

    const second = await serveProcess(project.file);
    const exited = new Promise<number | null>((resolve) => second.child.on('exit', (code) => resolve(code)));
    try {
      const report = driftReport.parse((await get(`${second.url}/drift`)).json);
      const actions = report.alerts.map((a) => a.action);
      assert.ok(!actions.some((a) => a?.startsWith('retrain started')), JSON.stringify(actions));
      assert.equal(actions.filter((a) => a === RETRAIN_CUT_SHORT).length, 1, JSON.stringify(actions));
    } finally {
      second.child.kill('SIGINT');
    }
    assert.equal(await exited, 0, second.stderr());
    const text = await mlpipe(['drift', project.file], { NO_COLOR: '1' });
    assert.match(text.stdout, /the server stopped before the retrain finished/);
  });
});

describe('a retrain that registers nothing', { timeout: 240_000 }, () => {
  let project: Project;
  before(async () => {
    project = await trainedChurn();
    writeChurnData(join(project.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
    // Every gate passes, but one epoch learns less than production's twenty: compare_to refuses it.
    const text = readFileSync(project.file, 'utf8')
      .replace(/epochs\s*=\s*\d+/, 'epochs        = 1')
      .replace(/evaluate \{[^}]*\}/, 'evaluate {\n  require accuracy >= 0.01\n  compare_to = production\n}');
    writeFileSync(project.file, text);
  });
  after(() => project?.dispose());

  it('records on the alert why: worse than the compare_to stage, not a failed gate', async () => {
    const serving = await startServing(project.file, { port: 0 });
    try {
      const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
      for (let i = 0; i < rows.length; i += 50) assert.equal((await post(`${serving.url}/predict`, { rows: rows.slice(i, i + 50) })).status, 200);
      await serving.log!.flush();
      const outcome = await serving.retrainer!.last!;
      assert.equal(outcome.registered, null, JSON.stringify(outcome));
      const report = driftReport.parse((await get(`${serving.url}/drift`)).json);
      const action = report.alerts.map((a) => a.action).find((a) => a?.startsWith(`retrain ${outcome.runId}`));
      assert.match(action ?? '', /^retrain r-\S+: worse than production v1 on \w+, nothing registered$/, JSON.stringify(report.alerts));
    } finally {
      await serving.close();
    }
  });
});

describe('a server stopped by SIGINT or SIGTERM during a retrain', { timeout: 240_000 }, () => {
  let project: Project;
  before(async () => {
    project = await trainedChurn();
    writeChurnData(join(project.dir, 'data'), { customers: 2500, drift: true, seed: DEFAULT_SEED });
    // A retrain that would take many minutes: the server must not wait for it to end.
    writeFileSync(project.file, readFileSync(project.file, 'utf8').replace(/epochs\s*=\s*\d+/, 'epochs        = 100000'));
  });
  after(() => project?.dispose());

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: stops the retrain, records its run as interrupted and the alert's outcome, exits 0`, async () => {
      const serving = await serveProcess(project.file);
      const exited = new Promise<number | null>((resolve) => serving.child.on('exit', (code) => resolve(code)));
      let retrainPid = 0;
      let runId = '';
      try {
        const rows = requestRows(join(project.dir, 'data/customers.csv'), 7).slice(0, WINDOW);
        for (let i = 0; i < rows.length; i += 50) assert.equal((await post(`${serving.url}/predict`, { rows: rows.slice(i, i + 50) })).status, 200);
        await serving.until(/\(retrain started \(drift:\w+\)\)/, 'the retrain');
        await until('the retrain run', () => {
          const store = openStore(project.dir);
          try {
            const run = store.listRuns().find((r) => r.status === 'running' && r.params?.trigger);
            retrainPid = run?.pid ?? 0;
            runId = run?.id ?? '';
          } finally {
            store.close();
          }
          return retrainPid > 0;
        });
      } catch (e) {
        serving.child.kill('SIGKILL');
        throw e;
      }
      serving.child.kill(signal);
      // Before, the server waited for all 100,000 epochs, saying nothing.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 60_000)));
      const code = await Promise.race([exited, late]);
      clearTimeout(timer);
      if (code === 'still running') serving.child.kill('SIGKILL');
      assert.equal(code, 0, serving.stderr());
      assert.equal(alive(retrainPid), false, 'the retrain process ended with the server');
      assert.match(serving.stderr(), /^stopping: the running retrain ends with the server, its run recorded as interrupted$/m);
      assert.match(serving.stderr(), new RegExp(`^${RETRAIN_CUT_SHORT}$`, 'm'));
      const store = openStore(project.dir);
      const run = store.getRun(runId);
      store.close();
      assert.equal(run?.status, 'interrupted', JSON.stringify(run));
      const text = await mlpipe(['drift', project.file], { NO_COLOR: '1' });
      assert.match(text.stdout, /the server stopped before the retrain finished/);
      assert.doesNotMatch(text.stdout, /retrain started/);
    });
  }
});
