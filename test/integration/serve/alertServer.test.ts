/**
 * A server killed before its retrain had made its run: the alert said 'retrain started' and the
 * run store had no run to say otherwise, so `mlpipe drift` (and the Drift panel) showed the retrain
 * as running until a server of the pipeline started again. The log (format 5) names the server
 * process that set an alert's action; a report that finds that process gone says so.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { readAlerts } from '../../../server/backend/monitor/monitor.js';
import { RETRAIN_CUT_SHORT, withRetrainOutcomes } from '../../../server/backend/monitor/retrain.js';
import { LogReader, logPath, PredictionLog, type AlertRecord } from '../../../server/backend/serve/log.js';
import { openStore } from '../../../server/backend/tracking/store.js';

const STARTED = 'retrain started (drift:plan)';
const PIPELINE = 'churn';
const LOG = join(__dirname, '../../../server/backend/serve/log.ts');
const alert: AlertRecord = { pipeline: PIPELINE, target: 'plan', statistic: 'chi2', value: 0.001, threshold: 0.05, window: 500, model: 'churn_model', version: 1, action: null };

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project folder with an (empty) run store: the retrain never made its run. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-alert-server-'));
  dirs.push(dir);
  openStore(dir).close();
  return dir;
}

/** Records an alert and starts its retrain from another process, which then exits: a server killed at that moment. */
function alertFromAServerThatIsGone(root: string): void {
  const code = `const { PredictionLog } = require(${JSON.stringify(LOG)});
const log = new PredictionLog(${JSON.stringify(root)});
const [id] = log.recordAlerts([${JSON.stringify(alert)}]);
log.setAlertAction(id, ${JSON.stringify(STARTED)});
log.close();`;
  execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { stdio: 'inherit' });
}

function actionsNow(root: string): Array<string | null> {
  const reader = new LogReader(root);
  try {
    const stored = readAlerts(reader, PIPELINE);
    const alerts = stored.map((s) => s.alert);
    return withRetrainOutcomes(alerts, root, PIPELINE, new Map(stored.map((s) => [s.alert.id, s.server]))).map((a) => a.action);
  } finally {
    reader.close();
  }
}

describe("an alert's server", { timeout: 60_000 }, () => {
  it('gone, with no retrain run yet: the report says the server stopped before the retrain finished', () => {
    const root = project();
    alertFromAServerThatIsGone(root);
    assert.deepEqual(actionsNow(root), [RETRAIN_CUT_SHORT]);
  });

  it('still running, with no retrain run yet: the retrain is still starting', () => {
    const root = project();
    const log = new PredictionLog(root);
    try {
      const [id] = log.recordAlerts([alert]);
      log.setAlertAction(id!, STARTED);
      assert.deepEqual(actionsNow(root), [STARTED]);
    } finally {
      log.close();
    }
  });

  it('unknown on an alert of an older log (format 4, no server column): left as it was, and the upgrade keeps the alert', () => {
    const root = project();
    alertFromAServerThatIsGone(root);
    // Back to format 4: the column dropped, as an older mlpipe wrote the file.
    const db = new Database(logPath(root));
    db.exec('ALTER TABLE alerts DROP COLUMN server');
    db.pragma('user_version = 4');
    db.close();
    assert.deepEqual(actionsNow(root), [STARTED]);
    const raw = new Database(logPath(root), { readonly: true });
    try {
      assert.deepEqual(
        raw.prepare<[], { action: string; server: string | null }>('SELECT action, server FROM alerts').all(),
        [{ action: STARTED, server: null }],
      );
    } finally {
      raw.close();
    }
  });
});
