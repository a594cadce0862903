// Times the training benchmark's model (dense MLP 64-32-1, batch 512, Adam, binary) on one
// backend, through the engine's own `selectBackend` and `train`: one JSON line on stdout.
// Usage: node train-gpu.js BACKEND [ROWS] [EPOCHS]   (BACKEND: gpu | wasm | cpu)
// Bundled by scripts/gpu/pack.sh for the rented GPU machine, where there is no npm.
import { Mulberry32 } from '../../server/mlpipe/data/prng.js';
import { selectBackend, train, weightsHash } from '../../server/backend/train/index.js';

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? 'gpu') as 'gpu' | 'wasm' | 'cpu';
  const rows = Number(process.argv[3] ?? 100_000);
  const epochs = Number(process.argv[4] ?? 3);
  const cols = 20;
  const rng = new Mulberry32(20261128);
  const w = Float32Array.from({ length: cols }, () => rng.float() * 2 - 1);
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let z = 0;
    for (let c = 0; c < cols; c++) {
      const v = rng.float() * 2 - 1;
      x[r * cols + c] = v;
      z += v * w[c];
    }
    y[r] = z + (rng.float() - 0.5) > 0 ? 1 : 0;
  }
  const info = await selectBackend(backend);
  const times: number[] = [];
  const losses: number[] = [];
  const model = await train(
    { x, rows, cols, y, task: 'binary', kind: 'mlp', layers: [64, 32], epochs, batchSize: 512, learningRate: 0.001, optimizer: 'adam', seed: 7 },
    (e) => {
      times.push(e.seconds);
      losses.push(e.loss);
    },
  );
  const hash = weightsHash(await model.weights());
  model.dispose();
  const steady = times.slice(1);
  const median = [...steady].sort((a, b) => a - b)[Math.floor(steady.length / 2)] ?? times[0];
  console.log(JSON.stringify({ backend: info.name, adapter: info.adapter ?? null, rows, epochs, secondsPerEpoch: times, medianAfterWarmup: median, losses, weightsHash: hash, tried: info.tried }));
}

main().catch((e) => {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
  process.exitCode = 1;
});
