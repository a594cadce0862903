/**
 * The saved dense network evaluated in plain JavaScript: the one scoring function of serving,
 * batch scoring (`mlpipe score`) and parity replay, so those three agree bit for bit.
 *
 * Why not tfjs: one row through tfjs costs about 100 µs of kernel dispatch for a network that
 * takes 2 µs to evaluate by hand. Products are summed in float64 and each layer's output is
 * rounded to float32 (the saved weights' precision), so results differ from the tfjs batch
 * predictions of training by float32 rounding only (tested: < 1e-5).
 */
import type { LayerSpec, ModelSpec, WeightsSnapshot } from '../train/index.js';

interface Layer {
  /**
   * Row-major [fanIn x units], the saved float32 weights widened to float64 once: each term of a
   * row's sums then loads a double instead of converting a float per multiply (exact, so every
   * product and sum keeps its bits).
   */
  kernel: Float64Array;
  bias: Float32Array;
  fanIn: number;
  units: number;
  activation: LayerSpec['activation'];
}

// erf as tfjs computes it (Abramowitz and Stegun 7.1.26), so gelu means the same in both.
const P = 0.3275911;
const A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429] as const;
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const v = Math.abs(x);
  const t = 1 / (1 + P * v);
  const y = 1 - ((((A[4] * t + A[3]) * t + A[2]) * t + A[1]) * t + A[0]) * t * Math.exp(-v * v);
  return sign * y;
}

/**
 * The activations that need their result rounded to float32 again. relu (the default of hidden
 * layers) and linear (every output layer, ahead of its head) never reach here: activateLayer
 * takes them apart, and the type says so.
 */
type RoundedActivation = Exclude<LayerSpec['activation'], 'relu' | 'linear'>;

function activate(z: number, a: RoundedActivation): number {
  switch (a) {
    case 'tanh':
      return Math.tanh(z);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-z));
    case 'elu':
      return z > 0 ? z : Math.expm1(z);
    case 'gelu':
      return 0.5 * z * (1 + erf(z * Math.SQRT1_2));
  }
}

/**
 * Rounds a layer's sums to float32 and applies its activation, the kind chosen once per layer
 * rather than once per unit. relu and linear return their float32 input or 0, so rounding their
 * result again (as the other activations need) would change no bit and is skipped.
 */
function activateLayer(output: Float64Array, units: number, a: LayerSpec['activation']): void {
  if (a === 'relu') {
    for (let u = 0; u < units; u++) {
      const z = Math.fround(output[u]);
      output[u] = z > 0 ? z : 0;
    }
  } else if (a === 'linear') {
    for (let u = 0; u < units; u++) output[u] = Math.fround(output[u]);
  } else {
    for (let u = 0; u < units; u++) output[u] = Math.fround(activate(Math.fround(output[u]), a));
  }
}

export class DenseForward {
  private readonly layers: Layer[];
  private readonly scratch: [Float64Array, Float64Array];
  /** A layer's non-zero inputs (values, then their indices), ascending: what its sums read. */
  private readonly nzValues: Float64Array;
  private readonly nzIndex: Int32Array;
  /** Values per row that `predict` writes: classes for softmax, else 1. */
  readonly outWidth: number;

  constructor(
    readonly spec: ModelSpec,
    snapshot: WeightsSnapshot,
  ) {
    let offset = 0;
    let fanIn = spec.inputs;
    let widest = spec.inputs;
    this.layers = spec.layers.map((l) => {
      const kernel = Float64Array.from(snapshot.data.subarray(offset, offset + fanIn * l.units));
      offset += fanIn * l.units;
      const bias = snapshot.data.subarray(offset, offset + l.units);
      offset += l.units;
      const layer = { kernel, bias, fanIn, units: l.units, activation: l.activation };
      fanIn = l.units;
      widest = Math.max(widest, l.units);
      return layer;
    });
    if (offset !== snapshot.data.length) throw new Error(`weights hold ${snapshot.data.length} values, the architecture needs ${offset}`);
    this.scratch = [new Float64Array(widest), new Float64Array(widest)];
    this.nzValues = new Float64Array(widest);
    this.nzIndex = new Int32Array(widest);
    this.outWidth = spec.head === 'softmax' ? spec.classes : 1;
  }

  /** Scores `rows` rows of `x` (row-major, `spec.inputs` wide) into `out` (`outWidth` per row). */
  predictInto(x: Float32Array, rows: number, out: Float32Array): void {
    const cols = this.spec.inputs;
    for (let r = 0; r < rows; r++) this.row(x, r * cols, out, r * this.outWidth);
  }

  predict(x: Float32Array, rows: number): Float32Array {
    const out = new Float32Array(rows * this.outWidth);
    this.predictInto(x, rows, out);
    return out;
  }

  private row(x: Float32Array, xOffset: number, out: Float32Array, outOffset: number): void {
    // Plain swaps, not array destructuring (an iterator and an array per layer per row).
    let input = this.scratch[0];
    let output = this.scratch[1];
    for (let i = 0; i < this.spec.inputs; i++) input[i] = x[xOffset + i];
    const nzValues = this.nzValues;
    const nzIndex = this.nzIndex;
    for (let k = 0; k < this.layers.length; k++) {
      const l = this.layers[k];
      const { kernel, bias, fanIn, units } = l;
      // A zero input adds nothing and is skipped (adding v * w = ±0 could still turn a -0 sum
      // into +0), so the non-zero inputs are listed once per layer (one-hot inputs and relu
      // outputs are mostly zeros) rather than tested once per unit.
      let nz = 0;
      for (let i = 0; i < fanIn; i++) {
        const v = input[i];
        if (v !== 0) {
          nzValues[nz] = v;
          nzIndex[nz++] = i;
        }
      }
      // Four units at a time, each sum in a register of its own: four independent chains of
      // additions (one sum alone waits on each addition before the next), and no store and load
      // of the sum per term. Each unit's sum still takes its terms in the same order (bias, then
      // inputs ascending) in float64, so every bit is as before.
      let u = 0;
      for (; u + 4 <= units; u += 4) {
        let s0 = bias[u];
        let s1 = bias[u + 1];
        let s2 = bias[u + 2];
        let s3 = bias[u + 3];
        for (let j = 0; j < nz; j++) {
          const v = nzValues[j];
          const base = nzIndex[j] * units + u;
          s0 += v * kernel[base];
          s1 += v * kernel[base + 1];
          s2 += v * kernel[base + 2];
          s3 += v * kernel[base + 3];
        }
        output[u] = s0;
        output[u + 1] = s1;
        output[u + 2] = s2;
        output[u + 3] = s3;
      }
      for (; u < units; u++) {
        let s = bias[u];
        for (let j = 0; j < nz; j++) s += nzValues[j] * kernel[nzIndex[j] * units + u];
        output[u] = s;
      }
      activateLayer(output, units, l.activation);
      const t = input;
      input = output;
      output = t;
    }
    const last = this.layers[this.layers.length - 1].units;
    switch (this.spec.head) {
      case 'sigmoid':
        out[outOffset] = 1 / (1 + Math.exp(-input[0]));
        return;
      case 'identity':
        out[outOffset] = input[0];
        return;
      case 'softmax': {
        let max = -Infinity;
        for (let u = 0; u < last; u++) max = Math.max(max, input[u]);
        let sum = 0;
        for (let u = 0; u < last; u++) sum += Math.exp(input[u] - max);
        for (let u = 0; u < last; u++) out[outOffset + u] = Math.exp(input[u] - max) / sum;
      }
    }
  }
}
