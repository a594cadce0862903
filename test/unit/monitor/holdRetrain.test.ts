// One retrain at a time per pipeline, whether the editor's Retrain now or a drift alert starts it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdRetrain, Retrainer, runningRetrain } from '../../../server/backend/monitor/retrain.js';

test('a manual retrain holds its pipeline: a second hold and a drift alert meanwhile start nothing', async () => {
  let finish!: (v: string) => void;
  let started = 0;
  const first = holdRetrain('/p/a.mlpipe', () => {
    started++;
    return new Promise<string>((r) => (finish = r));
  });
  assert.ok(first);
  assert.equal(holdRetrain('/p/a.mlpipe', async () => (started++, 'second')), null, 'refused while the first runs');
  assert.equal(started, 1, 'the refused job never started');
  const actions: string[] = [];
  const drift = new Retrainer('/p/a.mlpipe', '/p', (_id, action) => actions.push(action));
  assert.equal(drift.busy, true);
  assert.equal(runningRetrain('/p/a.mlpipe'), 'started by hand', 'what holds it, for the refusals to name');
  assert.equal(drift.trigger(7, 'tickets'), 'recorded: a retrain of this pipeline is already running (started by hand)');
  assert.equal(drift.last, null, 'no drift retrain started');
  const other = holdRetrain('/p/b.mlpipe', async () => 'other pipeline');
  assert.equal(await other, 'other pipeline', 'another pipeline is not held');
  finish('done');
  assert.equal(await first, 'done');
  assert.equal(drift.busy, false, 'released when the manual retrain ends');
  assert.equal(runningRetrain('/p/a.mlpipe'), undefined);
  const again = holdRetrain('/p/a.mlpipe', async () => 'again');
  assert.equal(await again, 'again');
});

test('a failed manual retrain releases its pipeline too', async () => {
  const failing = holdRetrain('/p/c.mlpipe', async () => {
    throw new Error('gate failed');
  });
  await assert.rejects(failing!, /gate failed/);
  assert.ok(holdRetrain('/p/c.mlpipe', async () => 'ok'));
});
