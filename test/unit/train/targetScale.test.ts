import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, train, type BackendRequest, type ModelKind } from '../../../server/backend/train/index.js';
import { foldTargetScale, scaledTarget, targetScaleOf } from '../../../server/backend/train/targetScale.js';
import { weightSpecs } from '../../../server/backend/train/specs.js';
import { architecture } from '../../../server/backend/train/spec.js';
import { computeMetrics } from '../../../server/mlpipe/metrics/index.js';
import { regressionProblem } from './helpers/synthetic.js';

test('the target scale is the mean and population standard deviation; a constant target keeps std 1', () => {
  const s = targetScaleOf(Float32Array.of(1, 2, 3, 4));
  assert.equal(s.mean, 2.5);
  assert.equal(s.std, Math.sqrt(1.25));
  assert.deepEqual(targetScaleOf(Float32Array.of(7, 7, 7)), { mean: 7, std: 1 });
  assert.deepEqual([...scaledTarget(Float32Array.of(1, 4), { mean: 2, std: 2 })], [-0.5, 1]);
});

test('folding the scale into the last layer answers in the target units and leaves the other layers alone', () => {
  const none = { x: new Float32Array(0), y: new Float32Array(0), rows: 0 };
  const spec = architecture({ ...none, cols: 2, task: 'regression', classes: 1, kind: 'mlp', layers: [3] });
  const specs = weightSpecs(spec);
  const data = Float32Array.from({ length: 2 * 3 + 3 + 3 * 1 + 1 }, (_, i) => i + 1);
  const folded = foldTargetScale(spec, { specs, data }, { mean: 100, std: 10 });
  assert.deepEqual([...folded.data.subarray(0, 9)], [...data.subarray(0, 9)]);
  assert.deepEqual([...folded.data.subarray(9, 12)], [100, 110, 120]);
  assert.equal(folded.data[12], 13 * 10 + 100);
  assert.equal(data[12], 13, 'the snapshot given is not changed');
  const binary = architecture({ ...none, cols: 2, task: 'binary', classes: 2, kind: 'logistic' });
  assert.throws(() => foldTargetScale(binary, { specs: weightSpecs(binary), data: new Float32Array(3) }, { mean: 0, std: 1 }), /identity head/);
});

// A target in the thousands, as prices and revenues are: trained as it is, the output bias stays
// hundreds of optimizer steps from the mean (r2 far below 0 after these epochs).
const far = (() => {
  const p = regressionProblem(1200);
  return { ...p, y: Float32Array.from(p.y, (v) => 5000 + 400 * v) };
})();

for (const backend of ['wasm', 'cpu'] as BackendRequest[]) {
  for (const kind of ['linear', 'mlp'] as ModelKind[]) {
    test(`${kind} on ${backend} learns a regression target in the thousands and predicts in its units`, async () => {
      await selectBackend(backend);
      const losses: number[] = [];
      const model = await train({ ...far, task: 'regression', kind, epochs: 8, batchSize: 32, learningRate: 0.02, seed: 11 }, (e) => losses.push(e.loss));
      try {
        const pred = await model.predict(far.x, far.rows);
        const m = computeMetrics('regression', far.y, pred);
        assert.ok(m.r2! > 0.8, `r2 ${m.r2}`);
        // The losses are of the standardized target: 1 is as good as predicting the mean.
        assert.ok(losses[0] < 2 && losses[7] < 0.2, `losses ${losses.join(' ')}`);
        const again = await train({ ...far, task: 'regression', kind, epochs: 8, batchSize: 32, learningRate: 0.02, seed: 11 });
        try {
          assert.deepEqual((await again.weights()).data, (await model.weights()).data, 'the same seed gives the same folded weights');
        } finally {
          again.dispose();
        }
      } finally {
        model.dispose();
      }
    });
  }
}
