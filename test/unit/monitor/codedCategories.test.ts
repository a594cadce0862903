// The log thread's window keeps a category column as its codes and counts them by code at a check:
// its summary, and the report, must be what the strings read back from the store give, for
// categories training never had, a training split that had unseen values, missing values, the
// ring's wrap, and a refill holding values no code names.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProfile, defaultTest, summarize, type ReferenceProfile } from '../../../server/mlpipe/drift/index.js';
import { DriftWindow } from '../../../server/backend/monitor/driftWindow.js';
import { driftReport, driftReportInMemory, valuesOf, type MonitorSpec } from '../../../server/backend/monitor/monitor.js';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { PREDICTION, UNSEEN } from '../../../server/backend/monitor/values.js';
import { LogReader, PredictionLog, type LoggedRow } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, unpackBatch, type LogSource, type PackedBatch } from '../../../server/backend/serve/logBatch.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SOURCE: LogSource = {
  pipeline: 'churn',
  model: 'churn_model',
  version: 2,
  names: ['tenure_z', 'plan', 'region'],
  categories: [null, ['basic', 'premium', 'pro'], ['north', 'south']],
};

/**
 * Profiles whose categories are not the codes' order: `plan`'s training split had unseen values
 * and no 'premium' (which counts in the unseen bin), and a 'gold' no code names; `region`'s
 * training split had no 'north'.
 */
function spec(window: number): MonitorSpec {
  const prng = new Mulberry32(3);
  const pick = <T>(xs: T[]) => xs[Math.floor(prng.float() * xs.length)]!;
  const targets: Record<string, ReferenceProfile> = {
    tenure_z: buildProfile(Array.from({ length: 300 }, () => prng.float()), 'numeric'),
    plan: buildProfile(Array.from({ length: 400 }, () => pick(['pro', UNSEEN, 'basic', 'gold', null])), 'categorical'),
    region: buildProfile(Array.from({ length: 100 }, () => 'south'), 'categorical'),
    [PREDICTION]: buildProfile(Array.from({ length: 300 }, () => prng.float()), 'numeric'),
  };
  const tests = Object.keys(targets).map((t) => ({ target: t, test: defaultTest(targets[t]!), defaultTest: true }));
  tests.push({ target: 'plan', test: { statistic: 'psi', op: '>', threshold: 0.1 }, defaultTest: false });
  return { pipelineName: 'churn', name: 'churn_model', version: 2, runId: 'r1', window, present: true, reference: { format: 'mlpipe-reference/1', rows: 400, targets }, tests, task: 'binary', labels: undefined };
}

let made = 0;
/** n predictions whose categories are each code, unseen (-1) and missing (NaN). */
function batch(n: number, prng: Mulberry32): PackedBatch {
  const b = new LogBatchBuilder(SOURCE, n);
  for (let k = 0; k < n; k++) {
    const at = b.add(`c${++made}`, 1_700_000_000_000 + made, 90, {}, prng.float());
    const pick = (codes: number[]) => codes[Math.floor(prng.float() * codes.length)]!;
    b.codes.set([prng.float(), pick([0, 1, 2, -1, NaN]), pick([0, 1, -1, NaN])], at);
  }
  return b.seal().batch;
}

describe('category columns counted by code', () => {
  it('give the summaries and the report the strings read back from the store give, across the ring\'s wrap', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpipe-coded-'));
    dirs.push(root);
    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    const s = spec(23);
    const live = new DriftWindow(s.window, s.tests.map((t) => t.target), SOURCE.names, SOURCE.categories, true);
    log.onBatchWritten = (b, firstSeq) => live.add(b, firstSeq);
    const prng = new Mulberry32(9);
    try {
      for (const n of [7, 9, 30, 1, 23, 11]) {
        log.pushBatch(batch(n, prng));
        log.flush();
        const fromStore = driftReport(s, reader);
        assert.deepStrictEqual(driftReportInMemory(s, live, fromStore.alerts, null), fromStore, `after a batch of ${n}`);
        const rows = reader.lastWindow('churn', s.window, { name: 'churn_model', version: 2 }, { withInputs: false });
        for (const t of ['plan', 'region']) {
          const profile = s.reference!.targets[t]!;
          const counted = live.summary(t, profile);
          assert.ok(counted, `${t} is counted by code`);
          assert.deepStrictEqual(counted, summarize(profile, valuesOf(rows, t)), `${t} after a batch of ${n}`);
          assert.deepStrictEqual(live.values(t), valuesOf(rows, t));
        }
      }
      // The comparison covered the unseen bin, the profile's own unseen category and missing values.
      const plan = live.summary('plan', s.reference!.targets.plan!)!;
      assert.ok(plan.count < live.filled, 'some plan values missing');
      assert.ok(plan.bins!.every((c, i) => c > 0 || (s.reference!.targets.plan as { categories: string[] }).categories[i] === 'gold'), 'every bin but gold counted');
      // Numbers and the prediction are no category column: read as values.
      assert.equal(live.summary('tenure_z', s.reference!.targets.tenure_z!), null);
    } finally {
      log.close();
      reader.close();
    }
  });

  it('counts a refill\'s values by their keys, those no code names included, and reads them back as they were', () => {
    const s = spec(8);
    const live = new DriftWindow(s.window, s.tests.map((t) => t.target), SOURCE.names, SOURCE.categories, true);
    const refill = ['gold', 'premium', null, UNSEEN, 'pro', 'gold', 'platinum', undefined];
    live.addRows(refill.map((plan, i) => ({ seq: i + 1, id: `r${i}`, ts: 1_700_000_000_000 + i, features: plan === undefined ? {} : { plan }, predicted: 0.5, prediction: 0.5 }) as unknown as LoggedRow));
    const asRead = refill.map((v) => v ?? null);
    const profile = s.reference!.targets.plan!;
    assert.deepStrictEqual(live.values('plan'), asRead);
    assert.deepStrictEqual(live.summary('plan', profile), summarize(profile, asRead));
    // Then coded rows wrap over part of it: the codes past the categories stay counted where they are held.
    const prng = new Mulberry32(4);
    const b = new LogBatchBuilder(SOURCE, 3);
    for (let k = 0; k < 3; k++) b.codes.set([0, [2, -1, NaN][k]!, 0], b.add(`n${k}`, 1_700_000_000_100 + k, 90, {}, prng.float()));
    live.add(unpackBatch(b.seal().batch), 9);
    const now = [...asRead.slice(3), 'pro', UNSEEN, null];
    assert.deepStrictEqual(live.values('plan'), now);
    assert.deepStrictEqual(live.summary('plan', profile), summarize(profile, now));
  });
});
