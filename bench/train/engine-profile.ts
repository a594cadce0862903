/**
 * Where the wasm engine's step goes on one shape, in process and on one thread: times each kernel
 * call by role (forward, weight gradient, bias gradient, input gradient) and the rest of the step
 * (loss, element-wise passes, the batch copy, the shard sum and the optimizer): the fastest of three
 * epochs after a warm-up. MLPIPE_WASM_FMA=0 times the plain SIMD kernel.
 *
 *   npx tsx bench/train/engine-profile.ts [ROWS_PER_EPOCH=50000] [COLS=50] [LAYERS=256,128]
 */
import { NativeNetwork } from '../../server/backend/train/native/dense.js';
import { wasmAdam } from '../../server/backend/train/native/adamKernel.js';
import { SHARDS, shardRows } from '../../server/backend/train/native/shards.js';

const [rowsArg = '50000', colsArg = '50', layersArg = '256,128'] = process.argv.slice(2);
const rows = Number(rowsArg), cols = Number(colsArg), layers = layersArg.split(',').map(Number);
const batch = 512;
const spec = { inputs: cols, layers: [...layers.map((units) => ({ units, activation: 'relu' as const })), { units: 1, activation: 'linear' as const }], head: 'sigmoid' as const };
const net = NativeNetwork.init(spec as never, 1, Math.max(batch, 1024));
const x = new Float32Array(rows * cols).map((_, i) => Math.sin(i * 0.37));
const y = new Float32Array(rows).map((_, i) => i % 2);
const size = net.parameters;
// The session's path on one thread: shards straight into the Adam kernel's memory.
const adam = wasmAdam(0.001, size, SHARDS);
const xb = new Float32Array(batch * cols);

// Time the kernel by role: the call's shape tells which product it is.
const kernel = (net as unknown as { k: { gemm: (...a: number[]) => void } }).k;
const inner = kernel.gemm;
const spent = new Map<string, number>();
const now = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
kernel.gemm = (...a: number[]) => {
  const [m, , , , sAr, , , , , , init, , post] = a;
  const role = init === 2 ? 'forward' : m === 1 && sAr === 0 ? 'bias grad' : sAr === 1 ? 'weight grad' : post === 2 || a[12] === 0 ? 'input grad' : 'other';
  const t = process.hrtime.bigint();
  inner(...a);
  spent.set(role, (spent.get(role) ?? 0) + Number(process.hrtime.bigint() - t) / 1e6);
};

function epoch(): void {
  for (let start = 0; start + batch <= rows; start += batch) {
    xb.set(x.subarray(start * cols, (start + batch) * cols));
    for (let s = 0; s < SHARDS; s++) {
      const [a, b] = shardRows(batch, s);
      net.setRows(xb, a, b - a);
      net.lossAndGradient('binary', y.subarray(start + a, start + b), b - a, batch);
      adam.grads.set(net.gradient, s * size);
    }
    adam.step(net.weights);
  }
}

epoch();
// The fastest of three timed epochs: on a shared machine the others carry other work's noise.
let best = { cpu: Infinity, wall: Infinity, spent: new Map<string, number>() };
for (let i = 0; i < 3; i++) {
  spent.clear();
  const t0 = now();
  const w0 = process.hrtime.bigint();
  epoch();
  const cpu = now() - t0;
  if (cpu < best.cpu) best = { cpu, wall: Number(process.hrtime.bigint() - w0) / 1e6, spent: new Map(spent) };
}
const { cpu: total, wall } = best;
const flops = 2 * rows * layers.reduce((s, u, i) => s + u * (i === 0 ? cols : layers[i - 1]), layers[layers.length - 1]) * 3;
let kernels = 0;
for (const [role, ms] of best.spent) { kernels += ms; console.log(`${role.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms wall  ${((100 * ms) / wall).toFixed(1)}%`); }
console.log(`rest         ${(wall - kernels).toFixed(0).padStart(6)} ms wall  ${((100 * (wall - kernels)) / wall).toFixed(1)}%`);
console.log(`epoch of ${rows} rows: ${wall.toFixed(0)} ms wall, ${total.toFixed(0)} ms CPU; ${(flops / wall / 1e6).toFixed(1)} GFLOP/s; CPU s per 200k rows: ${((total / rows) * 200).toFixed(3)}`);
