/**
 * An alert whose action still says 'retrain started (drift:x)' read without the server that
 * recorded it: `mlpipe drift` after a `kill -9` of the server showed the retrain as running until
 * a server of the pipeline started again, though the run store had its run as interrupted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RETRAIN_CUT_SHORT, retrainActionNow, settleUnfinishedRetrains, type RetrainRun } from '../../../server/backend/monitor/retrain.js';

const AT = '2026-12-05T19:05:27.199Z';
const STARTED = 'retrain started (drift:order_z)';
const alert = { at: AT, action: STARTED };
const later = (ms: number) => new Date(Date.parse(AT) + ms).toISOString();
const run = (over: Partial<RetrainRun>): RetrainRun => ({ id: 'r-1', status: 'running', startedAt: later(300), params: { trigger: 'drift:order_z' }, ...over });

describe('retrainActionNow', () => {
  it('an interrupted run: the retrain did not finish', () => {
    assert.equal(retrainActionNow(alert, [run({ status: 'interrupted', error: 'training was cancelled' })]), RETRAIN_CUT_SHORT);
  });
  it('a run still running, or none yet: the action stays', () => {
    assert.equal(retrainActionNow(alert, [run({})]), STARTED);
    assert.equal(retrainActionNow(alert, []), STARTED);
  });
  it('a failed run says why; a completed one that it finished unrecorded', () => {
    assert.equal(retrainActionNow(alert, [run({ status: 'failed', error: 'no space left' })]), 'retrain failed: no space left');
    assert.match(retrainActionNow(alert, [run({ id: 'r-9', status: 'completed' })]) ?? '', /^retrain r-9: finished after the server stopped/);
  });
  it("reads only the alert's retrain: the first run of its trigger started at or after it", () => {
    const runs = [
      run({ id: 'before', status: 'completed', startedAt: later(-1000) }),
      run({ id: 'other trigger', status: 'completed', params: { trigger: 'drift:plan' } }),
      run({ id: 'by hand', status: 'completed', params: { trigger: 'manual' } }),
      run({ id: 'training', status: 'completed', params: {} }),
      run({ id: 'next', status: 'completed', startedAt: later(60_000) }),
      run({ id: 'its own', status: 'interrupted', startedAt: later(0) }),
    ];
    assert.equal(retrainActionNow(alert, runs), RETRAIN_CUT_SHORT);
  });
  it('other actions are left alone', () => {
    for (const action of [null, 'recorded: a retrain of this pipeline is already running (drift:order_z)', 'retrain r-2: registered m v2 (staging)'])
      assert.equal(retrainActionNow({ at: AT, action }, [run({ status: 'interrupted' })]), action);
  });
  it('a server starting settles every such alert: no run, or one left running, did not finish', () => {
    assert.equal(retrainActionNow(alert, [], true), RETRAIN_CUT_SHORT);
    assert.equal(retrainActionNow(alert, [run({})], true), RETRAIN_CUT_SHORT);
    const set: Array<[number, string]> = [];
    settleUnfinishedRetrains(
      [
        { id: 1, ...alert },
        { id: 2, at: AT, action: 'recorded: a retrain of this pipeline is already running (drift:order_z)' },
        { id: 3, at: later(120_000), action: 'retrain started (drift:plan)' },
      ],
      () => [run({ id: 'r-5', status: 'completed' }), run({ status: 'failed', error: 'bad', startedAt: later(120_500), params: { trigger: 'drift:plan' } })],
      (id, action) => set.push([id, action]),
    );
    assert.deepEqual(set.map(([id, a]) => [id, a.replace(/ \(.*$/, '')]), [[1, 'retrain r-5: finished after the server stopped, so its outcome was not recorded here'], [3, 'retrain failed: bad']]);
  });
  it('a store that cannot be read at a start settles them as before: the server stopped', () => {
    const set: string[] = [];
    settleUnfinishedRetrains([{ id: 1, ...alert }], () => { throw new Error('busy'); }, (_, a) => set.push(a));
    assert.deepEqual(set, [RETRAIN_CUT_SHORT]);
  });
});
