import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, train, TrainInputError, type Activation, type ModelKind, type OptimizerName, type TrainTask } from '../../../server/backend/train/index.js';
import { computeMetrics } from '../../../server/mlpipe/metrics/index.js';
import { binaryProblem, majorityShare, multiclassProblem, regressionProblem, type Problem } from './helpers/synthetic.js';

const problems: Record<TrainTask, Problem> = {
  binary: binaryProblem(1200),
  multiclass: multiclassProblem(1200),
  regression: regressionProblem(1200),
};

const cases: Array<{ task: TrainTask; kind: ModelKind }> = [
  { task: 'binary', kind: 'mlp' },
  { task: 'binary', kind: 'logistic' },
  { task: 'binary', kind: 'linear' },
  { task: 'multiclass', kind: 'mlp' },
  { task: 'multiclass', kind: 'logistic' },
  { task: 'multiclass', kind: 'linear' },
  { task: 'regression', kind: 'mlp' },
  { task: 'regression', kind: 'linear' },
];

test.before(async () => {
  await selectBackend('wasm');
});

for (const { task, kind } of cases) {
  test(`${kind} learns a ${task} task`, async () => {
    const p = problems[task];
    const losses: number[] = [];
    const model = await train(
      { ...p, task, kind, classes: task === 'multiclass' ? 3 : undefined, epochs: 8, batchSize: 32, learningRate: 0.02, seed: 11 },
      (e) => losses.push(e.loss),
    );
    try {
      assert.equal(losses.length, 8);
      assert.ok(losses[7] < losses[0] * 0.8, `loss should fall: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
      const pred = await model.predict(p.x, p.rows);
      const m = computeMetrics(task, p.y, pred, task === 'multiclass' ? 3 : undefined);
      if (task === 'regression') assert.ok(m.r2! > 0.8, `r2 ${m.r2}`);
      else assert.ok(m.accuracy! > majorityShare(p.y) + 0.2, `accuracy ${m.accuracy} vs majority ${majorityShare(p.y)}`);
      if (task === 'multiclass') {
        assert.equal(pred.length, p.rows * 3);
        for (let r = 0; r < 5; r++) assert.ok(Math.abs(pred[3 * r] + pred[3 * r + 1] + pred[3 * r + 2] - 1) < 1e-5);
      } else assert.equal(pred.length, p.rows);
      if (task === 'binary') assert.ok(pred.every((v) => v >= 0 && v <= 1));
      // logistic and linear are one dense layer; mlp has the default hidden layers.
      assert.deepEqual(model.spec.layers.map((l) => l.units), kind === 'mlp' ? [64, 32, task === 'multiclass' ? 3 : 1] : [task === 'multiclass' ? 3 : 1]);
    } finally {
      model.dispose();
    }
  });
}

test('a logistic model refuses a regression task', async () => {
  await assert.rejects(train({ ...problems.regression, task: 'regression', kind: 'logistic', epochs: 1 }), (e: unknown) => e instanceof TrainInputError && /logistic model needs a classification task/.test(e.message));
});

for (const activation of ['relu', 'tanh', 'sigmoid', 'elu', 'gelu'] as Activation[]) {
  test(`activation ${activation} trains`, async () => {
    const losses: number[] = [];
    const model = await train({ ...problems.binary, task: 'binary', kind: 'mlp', layers: [16], activation, epochs: 4, learningRate: 0.02, seed: 5 }, (e) => losses.push(e.loss));
    model.dispose();
    assert.ok(losses[3] < losses[0], `${activation}: ${losses.join(' ')}`);
  });
}

for (const optimizer of ['adam', 'sgd', 'rmsprop', 'adagrad'] as OptimizerName[]) {
  test(`optimizer ${optimizer} trains`, async () => {
    const losses: number[] = [];
    const model = await train({ ...problems.binary, task: 'binary', kind: 'logistic', optimizer, epochs: 4, learningRate: 0.05, seed: 5 }, (e) => losses.push(e.loss));
    model.dispose();
    assert.ok(losses[3] < losses[0], `${optimizer}: ${losses.join(' ')}`);
  });
}

test('validation loss is reported each epoch and tracks the training loss', async () => {
  const p = binaryProblem(800, 6, 9);
  const v = binaryProblem(300, 6, 10);
  const events: Array<{ loss: number; valLoss?: number }> = [];
  const model = await train({ ...p, task: 'binary', kind: 'mlp', epochs: 3, learningRate: 0.02, seed: 1, validation: v }, (e) => events.push(e));
  model.dispose();
  assert.equal(events.length, 3);
  for (const e of events) assert.ok(Number.isFinite(e.valLoss) && Math.abs(e.valLoss! - e.loss) < 0.3, JSON.stringify(e));
  assert.ok(events[2].valLoss! < events[0].valLoss!);
});

test('an unseeded run draws a seed and reports it', async () => {
  const model = await train({ ...problems.binary, task: 'binary', kind: 'logistic', epochs: 1 });
  model.dispose();
  assert.ok(Number.isInteger(model.seed));
  assert.equal(model.history.length, 1);
  assert.equal(model.backend, 'wasm');
});
