import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DenseForward } from '../../../server/backend/serve/forward.js';
import type { LayerSpec, ModelSpec } from '../../../server/backend/train/index.js';

// The forward pass's arithmetic as its doc states it, written the plainest way: each unit's sum
// in float64 from its bias, inputs in ascending order (a zero input adds nothing and is
// skipped), rounded to float32, activated, rounded again. The served pass is tuned for speed
// (loops unrolled, activations chosen per layer); scores must stay equal to this bit for bit,
// or served predictions would change under the models already registered.
function reference(spec: ModelSpec, data: Float32Array, x: Float32Array, rows: number): Float32Array {
  const erf = (z: number) => {
    const A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];
    const sign = z < 0 ? -1 : 1;
    const v = Math.abs(z);
    const t = 1 / (1 + 0.3275911 * v);
    return sign * (1 - ((((A[4] * t + A[3]) * t + A[2]) * t + A[1]) * t + A[0]) * t * Math.exp(-v * v));
  };
  const act = (z: number, a: LayerSpec['activation']) =>
    a === 'relu' ? (z > 0 ? z : 0) : a === 'tanh' ? Math.tanh(z) : a === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : a === 'elu' ? (z > 0 ? z : Math.expm1(z)) : a === 'gelu' ? 0.5 * z * (1 + erf(z * Math.SQRT1_2)) : z;
  const width = spec.head === 'softmax' ? spec.classes : 1;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let input = Array.from(x.subarray(r * spec.inputs, (r + 1) * spec.inputs));
    let offset = 0;
    for (const l of spec.layers) {
      const fanIn = input.length;
      const kernel = data.subarray(offset, offset + fanIn * l.units);
      const bias = data.subarray(offset + fanIn * l.units, offset + fanIn * l.units + l.units);
      offset += fanIn * l.units + l.units;
      const next: number[] = [];
      for (let u = 0; u < l.units; u++) {
        let sum = bias[u];
        for (let i = 0; i < fanIn; i++) if (input[i] !== 0) sum += input[i] * kernel[i * l.units + u];
        next.push(Math.fround(act(Math.fround(sum), l.activation)));
      }
      input = next;
    }
    if (spec.head === 'sigmoid') out[r] = 1 / (1 + Math.exp(-input[0]));
    else if (spec.head === 'identity') out[r] = input[0];
    else {
      const max = Math.max(...input);
      const sum = input.reduce((s, v) => s + Math.exp(v - max), 0);
      for (let u = 0; u < input.length; u++) out[r * width + u] = Math.exp(input[u] - max) / sum;
    }
  }
  return out;
}

const activation = fc.constantFrom<LayerSpec['activation']>('relu', 'tanh', 'sigmoid', 'elu', 'gelu', 'linear');
// Values that make float rounding and the zero skip matter: exact zeros of both signs, tiny and
// huge magnitudes, non-finite values, and ordinary ones.
const value = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1e-40, -1e-40, 3e38, -3e38, Infinity, -Infinity, NaN) },
);

test('scores equal the plain float64-sum-then-float32 arithmetic bit for bit, for every activation, head and width', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 11 }),
      fc.array(fc.record({ units: fc.integer({ min: 1, max: 11 }), activation }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom<ModelSpec['head']>('sigmoid', 'identity', 'softmax'),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (inputs, hidden, head, rows, seed) => {
        const classes = head === 'softmax' ? 3 : head === 'sigmoid' ? 2 : 1;
        const layers = [...hidden, { units: head === 'softmax' ? 3 : 1, activation: 'linear' as const }];
        const spec: ModelSpec = { format: 'mlpipe-dense/1', kind: 'mlp', task: head === 'softmax' ? 'multiclass' : head === 'sigmoid' ? 'binary' : 'regression', inputs, classes, layers, head };
        let n = 0;
        let fan = inputs;
        for (const l of layers) {
          n += fan * l.units + l.units;
          fan = l.units;
        }
        const [data, x] = fc.sample(fc.tuple(fc.float32Array({ minLength: n, maxLength: n }), fc.array(value, { minLength: rows * inputs, maxLength: rows * inputs })), { seed, numRuns: 1 })[0];
        const xs = Float32Array.from(x);
        const got = new DenseForward(spec, { specs: [], data }).predict(xs, rows);
        const want = reference(spec, data, xs, rows);
        assert.deepEqual(new Uint8Array(got.buffer), new Uint8Array(want.buffer));
      },
    ),
    { numRuns: 500 },
  );
});
