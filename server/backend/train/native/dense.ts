/**
 * The dense network on mlpipe's own WebAssembly kernels (the `wasm` backend): weights,
 * gradients, the batch and every activation live in one WebAssembly memory laid out once, so a
 * training step is a handful of kernel calls with no allocation. Matrix products run in the SIMD
 * kernel (./gemm.ts); activations, the loss and the optimizer are element-wise loops here.
 *
 * Every sum has one fixed order (the kernel's t-ascending accumulation; bias gradients as a
 * product with a vector of ones; the loss in row order), so the same input and seed give
 * bitwise-identical weights on every run.
 */
import { TrainInputError } from '../errors.js';
import { initialWeights } from '../init.js';
import { sizeOf, weightSpecs } from '../specs.js';
import type { ModelSpec, TrainTask, WeightSpec } from '../types.js';
import { activate, backActivate } from './activations.js';
import { gemmKernel, type GemmKernel } from './gemm.js';
import { applyHead, lossAndGradient } from './loss.js';

interface LayerPlan {
  inputs: number;
  units: number;
  activation: ModelSpec['layers'][number]['activation'];
  /** Float offsets of the kernel and bias in theta (and, shifted, in the gradient). */
  kernel: number;
  bias: number;
  /** Float offsets of the pre-activation and the activation (the same buffer when linear). */
  z: number;
  h: number;
}

/** The most one WebAssembly memory (32-bit) can hold: 65,536 pages of 64 KiB. */
const WASM_MEMORY_BYTES = 65_536 * 65_536;

/** A bump allocator of float offsets, 16-byte aligned for the SIMD loads. */
class Floats {
  size = 0;
  take(n: number): number {
    const at = this.size;
    this.size += Math.ceil(n / 4) * 4;
    return at;
  }
}

export class NativeNetwork {
  readonly specs: WeightSpec[];
  readonly parameters: number;
  private readonly k: GemmKernel;
  private readonly f: Float32Array;
  private readonly layers: LayerPlan[];
  private readonly theta: number;
  private readonly grad: number;
  private readonly ones: number;
  private readonly x: number;
  private readonly d: [number, number];
  /** Float offsets of each layer's kernel transposed (layers 1.., for dH = dZ . W^T). */
  private readonly transposed: number[];
  /** Whether `transposed` may no longer match the weights. */
  private transposedStale = true;

  private constructor(
    readonly spec: ModelSpec,
    /** Rows per forward pass: the batch size, or the chunk size when predicting. */
    readonly capacity: number,
    weights: Float32Array,
  ) {
    this.specs = weightSpecs(spec);
    this.parameters = this.specs.reduce((n, w) => n + sizeOf(w.shape), 0);
    const mem = new Floats();
    this.theta = mem.take(this.parameters);
    this.grad = mem.take(this.parameters);
    this.ones = mem.take(capacity);
    this.x = mem.take(capacity * spec.inputs);
    let offset = 0;
    let inputs = spec.inputs;
    let widest = spec.inputs;
    this.layers = spec.layers.map((layer) => {
      const z = mem.take(capacity * layer.units);
      const plan: LayerPlan = {
        inputs,
        units: layer.units,
        activation: layer.activation,
        kernel: offset,
        bias: offset + inputs * layer.units,
        z,
        // ReLU is fused into the product's store and its derivative read from h (h > 0 exactly
        // where z > 0), so a ReLU layer keeps h only.
        h: layer.activation === 'linear' || layer.activation === 'relu' ? z : mem.take(capacity * layer.units),
      };
      offset += inputs * layer.units + layer.units;
      widest = Math.max(widest, layer.units);
      inputs = layer.units;
      return plan;
    });
    this.d = [mem.take(capacity * widest), mem.take(capacity * widest)];
    this.transposed = this.layers.map((l, i) => (i === 0 ? -1 : mem.take(l.inputs * l.units)));
    // One WebAssembly memory holds at most 65,536 pages of 64 KiB (4 GiB), and a batch of many
    // rows through a wide layer can need more with few weights: 14,000 rows through [65536] was
    // an internal error ('WebAssembly.Memory(): … above the upper bound 65536').
    if (mem.size * 4 > WASM_MEMORY_BYTES) {
      const gib = (mem.size * 4 / 2 ** 30).toFixed(1);
      throw new TrainInputError('batch_size', `${capacity.toLocaleString('en-US')} rows at a time through layers up to ${widest.toLocaleString('en-US')} wide need ${gib} GiB of the wasm engine's memory, more than the 4 GiB it can hold: lower batch_size or narrow the layers`);
    }
    this.k = gemmKernel(mem.size * 4);
    this.f = new Float32Array(this.k.memory.buffer);
    this.f.fill(1, this.ones, this.ones + capacity);
    this.f.set(weights, this.theta);
  }

  static init(spec: ModelSpec, seed: number, capacity: number): NativeNetwork {
    return new NativeNetwork(spec, capacity, initialWeights(spec, seed));
  }

  static fromWeights(spec: ModelSpec, weights: Float32Array, capacity: number): NativeNetwork {
    return new NativeNetwork(spec, capacity, weights);
  }

  /** The weights, to read or to write: asking for them marks the transposed kernels stale. */
  get weights(): Float32Array {
    this.transposedStale = true;
    return this.f.subarray(this.theta, this.theta + this.parameters);
  }

  get gradient(): Float32Array {
    return this.f.subarray(this.grad, this.grad + this.parameters);
  }

  /** Width of the last layer's output. */
  get outputs(): number {
    return this.layers[this.layers.length - 1].units;
  }

  /** Copies row `row` of the row-major `x` into input slot `slot`. */
  setRow(slot: number, x: Float32Array, row: number): void {
    // A plain loop: subarray() + set() allocates a view per row, which costs more than the copy.
    const cols = this.spec.inputs;
    const f = this.f;
    const to = this.x + slot * cols;
    const from = row * cols;
    for (let c = 0; c < cols; c++) f[to + c] = x[from + c];
  }

  /** Copies rows [start, start + n) of `x` into the input slots 0..n-1. */
  setRows(x: Float32Array, start: number, n: number): void {
    const cols = this.spec.inputs;
    this.f.set(x.subarray(start * cols, (start + n) * cols), this.x);
  }

  /** The forward pass over the first n input slots; returns the last layer's output (a view). */
  forward(n: number): Float32Array {
    const f = this.f;
    let input = this.x;
    for (const l of this.layers) {
      const relu = l.activation === 'relu';
      this.k.gemm(n, l.units, l.inputs, input * 4, l.inputs, 1, (this.theta + l.kernel) * 4, l.units, l.z * 4, l.units, 2, (this.theta + l.bias) * 4, relu ? 1 : 0, 0);
      if (l.activation !== 'linear' && !relu) activate(l.activation, f.subarray(l.z), f.subarray(l.h), n * l.units);
      input = l.h;
    }
    const last = this.layers[this.layers.length - 1];
    return f.subarray(last.h, last.h + n * last.units);
  }

  /**
   * Forward and backward over the first n input slots with labels y[0..n): fills the gradient of
   * the summed loss divided by `meanOver` (the whole batch's rows, when this is one shard of it)
   * and returns the summed loss.
   */
  lossAndGradient(task: TrainTask, y: Float32Array, n: number, meanOver = n): number {
    const f = this.f;
    const out = this.forward(n);
    const last = this.layers.length - 1;
    if (this.transposedStale) this.transposeKernels();
    let [d, spare] = this.d;
    const loss = lossAndGradient(task, out, y, n, this.layers[last].units, f.subarray(d, d + n * this.layers[last].units), meanOver);
    for (let i = last; i >= 0; i--) {
      const l = this.layers[i];
      const input = i === 0 ? this.x : this.layers[i - 1].h;
      // dW = input^T . dZ, and db = ones^T . dZ: the same kernel, the same summation order.
      this.k.gemm(l.inputs, l.units, n, input * 4, 1, l.inputs, d * 4, l.units, (this.grad + l.kernel) * 4, l.units, 0, 0, 0, 0);
      this.k.gemm(1, l.units, n, this.ones * 4, 0, 1, d * 4, l.units, (this.grad + l.bias) * 4, l.units, 0, 0, 0, 0);
      if (i === 0) break;
      // dH = dZ . W^T, from W transposed once per weight update (not once per shard).
      const below = this.layers[i - 1];
      const relu = below.activation === 'relu';
      this.k.gemm(n, l.inputs, l.units, d * 4, l.units, 1, this.transposed[i] * 4, l.inputs, spare * 4, l.inputs, 0, 0, relu ? 2 : 0, below.h * 4);
      if (!relu) backActivate(below.activation, f.subarray(below.z), f.subarray(below.h), f.subarray(spare), n * l.inputs);
      [d, spare] = [spare, d];
    }
    return loss;
  }

  /** W^T of every layer above the first, so the kernel reads both operands of dZ . W^T by rows. */
  private transposeKernels(): void {
    const f = this.f;
    for (let i = 1; i < this.layers.length; i++) {
      const l = this.layers[i];
      const w = this.theta + l.kernel;
      const t = this.transposed[i];
      for (let c = 0; c < l.units; c++) for (let r = 0; r < l.inputs; r++) f[t + c * l.inputs + r] = f[w + r * l.units + c];
    }
    this.transposedStale = false;
  }

  /** Summed loss over the first n input slots (no gradient). */
  loss(task: TrainTask, y: Float32Array, n: number): number {
    return lossAndGradient(task, this.forward(n), y, n, this.outputs);
  }

  /** Summed loss over `rows` rows of x and y, a capacity's worth at a time (validation). */
  totalLoss(task: TrainTask, x: Float32Array, y: Float32Array, rows: number): number {
    let total = 0;
    for (let start = 0; start < rows; start += this.capacity) {
      const n = Math.min(this.capacity, rows - start);
      this.setRows(x, start, n);
      total += this.loss(task, y.subarray(start, start + n), n);
    }
    return total;
  }

  /** predict()'s values for the first n input slots, copied out. */
  predict(n: number): Float32Array {
    const out = Float32Array.from(this.forward(n));
    applyHead(this.spec.head, out, n, this.outputs);
    return out;
  }
}
