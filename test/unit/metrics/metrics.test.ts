import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { computeMetrics, METRICS, metricsFor, isBetter, accuracy, auc, rmse, type Task } from '../../../server/mlpipe/metrics/index.js';

interface OracleCase {
  name: string;
  task: Task;
  classes?: number;
  yTrue: number[];
  yPred: number[];
  expected: Record<string, number | null>;
}

const oracle = JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/metrics/oracle.json'), 'utf8')) as {
  sklearn: string;
  cases: OracleCase[];
};

for (const c of oracle.cases) {
  test(`matches scikit-learn ${oracle.sklearn}: ${c.name}`, () => {
    const got = computeMetrics(c.task, c.yTrue, c.yPred, c.classes);
    assert.deepEqual(Object.keys(got).sort(), Object.keys(c.expected).sort());
    for (const [name, want] of Object.entries(c.expected)) {
      const value = got[name as keyof typeof got]!;
      if (want === null) assert.ok(Number.isNaN(value), `${name}: expected NaN, got ${value}`);
      else assert.ok(Math.abs(value - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${name}: expected ${want}, got ${value}`);
    }
  });
}

test('the oracle covers every metric of the table', () => {
  const covered = new Set(oracle.cases.flatMap((c) => Object.keys(c.expected)));
  assert.deepEqual([...covered].sort(), Object.keys(METRICS).sort());
});

test('the table splits metrics by task and direction', () => {
  assert.deepEqual(metricsFor('regression'), ['rmse', 'mae', 'r2']);
  assert.deepEqual(metricsFor('classification'), ['accuracy', 'auc', 'precision', 'recall', 'f1', 'log_loss']);
  for (const lower of ['log_loss', 'rmse', 'mae'] as const) assert.equal(METRICS[lower].higherIsBetter, false);
  assert.equal(isBetter('log_loss', 0.1, 0.2), true);
  assert.equal(isBetter('auc', 0.1, 0.2), false);
});

test('metrics accept typed arrays', () => {
  const y = new Float32Array([0, 1, 1, 0]);
  const p = new Float32Array([0.2, 0.9, 0.4, 0.1]);
  assert.equal(accuracy(y, p), 0.75);
  assert.equal(auc(y, p), 1);
  assert.equal(rmse(new Float64Array([1, 2]), new Float32Array([1, 4])), Math.sqrt(2));
});

test('bad input is reported precisely', () => {
  assert.throws(() => accuracy([0, 1], [0.5]), /accuracy: 2 labels but 1 predictions/);
  assert.throws(() => accuracy([0, 2], [0.5, 0.5]), /row 1: label 2 is not a class index in 0\.\.1/);
  assert.throws(() => computeMetrics('multiclass', [0, 1, 2], [1, 0, 0, 0, 1, 0, 0, 0, 1]), /needs classes/);
  assert.throws(() => computeMetrics('multiclass', [0, 1], [1, 0, 0, 0, 1], 3), /expected 2 rows x 3 classes = 6/);
  assert.throws(() => rmse([], []), /rmse: no rows/);
});
