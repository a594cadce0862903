import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsOf, compareParams, parseFilter, sortRuns, visibleRuns } from '../../../webviews/experiments/table.js';
import { makeRuns } from './runs.js';

const runs = makeRuns(20);

test('columns: run fields, then metrics and scalar params any run has', () => {
  const keys = columnsOf(runs).map((c) => `${c.group}:${c.key}`);
  assert.deepEqual(keys.slice(0, 5), ['run:id', 'run:status', 'run:pipeline', 'run:started', 'run:backend']);
  assert.ok(keys.includes('metric:auc') && keys.includes('param:learning_rate'));
  assert.ok(!keys.includes('param:layers'), 'list params are not columns');
});

test('sorting by a metric puts runs without it last in both directions', () => {
  for (const direction of ['asc', 'desc'] as const) {
    const sorted = sortRuns(runs, { group: 'metric', key: 'auc' }, direction);
    const values = sorted.map((r) => r.metrics.auc);
    const firstMissing = values.findIndex((v) => v === undefined);
    assert.ok(values.slice(firstMissing).every((v) => v === undefined));
    const present = values.slice(0, firstMissing) as number[];
    for (let i = 1; i < present.length; i++) assert.ok(direction === 'asc' ? present[i] >= present[i - 1] : present[i] <= present[i - 1]);
  }
});

test('filter: comparisons on metrics, params and fields, and plain words', () => {
  assert.ok(runs.filter(parseFilter('auc>0.85')).every((r) => r.metrics.auc > 0.85));
  assert.ok(runs.filter(parseFilter('status=failed')).every((r) => r.status === 'failed'));
  assert.equal(runs.filter(parseFilter('learning_rate=0.01 churn')).length, runs.filter((r) => r.params.learning_rate === 0.01 && r.pipelineName === 'churn').length);
  assert.equal(runs.filter(parseFilter('nosuchmetric>1')).length, 0);
  assert.equal(runs.filter(parseFilter('  ')).length, runs.length);
  assert.equal(visibleRuns(runs, { filter: 'FRAUD', sort: { column: { group: 'run', key: 'id' }, direction: 'asc' } })[0].pipelineName, 'fraud');
});

test('compared params: every key, differences first and marked', () => {
  const rows = compareParams([runs[0], runs[1], runs[3]]);
  const lr = rows.find((r) => r.key === 'learning_rate')!;
  assert.ok(lr.differs);
  assert.deepEqual(lr.values, ['0.001', '0.003', '0.001']);
  const epochs = rows.find((r) => r.key === 'epochs')!;
  assert.ok(!epochs.differs);
  assert.ok(rows.findIndex((r) => !r.differs) > rows.map((r) => r.differs).lastIndexOf(true), 'differences come first');
  assert.ok(rows.some((r) => r.key === 'seed.model'));
});
