import assert from 'node:assert/strict';
import { describe, mock, test } from 'node:test';
import { MetricBuffer } from '../../../server/backend/tracking/metricBuffer.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { tempRoot } from './tempRoot.js';

function setup() {
  const store = openStore(tempRoot());
  const run = store.createRun({ pipelineName: 'p', pipelinePath: 'p.mlpipe', pipelineText: 'pipeline p\n' });
  return { store, runId: run.id };
}

describe('MetricBuffer', () => {
  test('flushes when it holds maxPoints, and the rest on close', () => {
    const { store, runId } = setup();
    const buffer = new MetricBuffer(store, runId, { maxPoints: 4, maxDelayMs: 0 });
    buffer.addStep(0, { loss: 1, acc: 0.5 });
    buffer.add('loss', 1, 0.9);
    assert.equal(store.countMetrics(runId), 0);
    assert.equal(buffer.size, 3);
    buffer.add('acc', 1, 0.6);
    assert.equal(store.countMetrics(runId), 4);
    assert.equal(buffer.size, 0);
    buffer.add('loss', 2, 0.8);
    buffer.close();
    assert.deepEqual(store.getMetricSeries(runId, 'loss').map((p) => p.value), [1, 0.9, 0.8]);
    assert.throws(() => buffer.add('loss', 3, 0.7), /closed/);
    store.close();
  });

  test('flushes maxDelayMs after the first waiting point', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { store, runId } = setup();
      const buffer = new MetricBuffer(store, runId, { maxPoints: 1000, maxDelayMs: 500 });
      buffer.add('loss', 0, 1);
      mock.timers.tick(499);
      assert.equal(store.countMetrics(runId), 0);
      buffer.add('loss', 1, 1);
      mock.timers.tick(1);
      assert.equal(store.countMetrics(runId), 2);
      store.close();
    } finally {
      mock.timers.reset();
    }
  });

  test('rejects a bad point when it is added, not at flush', () => {
    const { store, runId } = setup();
    const buffer = new MetricBuffer(store, runId, { maxDelayMs: 0 });
    assert.throws(() => buffer.add('loss', -1, 1), /step must be an integer >= 0/);
    assert.equal(buffer.size, 0);
    store.close();
  });

  test('a failed timed flush is reported by the next call and keeps the points', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const { store, runId } = setup();
      const buffer = new MetricBuffer(store, runId, { maxDelayMs: 10 });
      buffer.add('loss', 0, 1);
      store.finishRun(runId, { status: 'failed' });
      mock.timers.tick(10);
      assert.throws(() => buffer.add('loss', 1, 1), /cannot log metrics to run .*: it is failed/);
      assert.equal(buffer.size, 1);
      const errors: unknown[] = [];
      const reported = new MetricBuffer(store, runId, { maxDelayMs: 10, onError: (e) => errors.push(e) });
      reported.add('loss', 0, 1);
      mock.timers.tick(10);
      assert.equal(errors.length, 1);
      store.close();
    } finally {
      mock.timers.reset();
    }
  });
});
