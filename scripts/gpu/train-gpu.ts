// Times the training benchmark's model (dense MLP, batch 512, Adam, binary) on one backend,
// through the engine's own backend choice and `train`: one JSON line on stdout.
// Usage: node train-gpu.js BACKEND [ROWS] [EPOCHS] [COLS] [LAYERS] [THREADS]
//   BACKEND: gpu | wasm | cpu | auto (auto: the measured choice for this model, with its reason)
//   LAYERS like 64,32 (default) or 256,128
// Bundled by scripts/gpu/pack.sh for the rented GPU machine, where there is no npm.
import { Mulberry32 } from '../../server/mlpipe/data/prng.js';
import { architecture, chooseBackend, train, weightsHash, type BackendRequest } from '../../server/backend/train/index.js';

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? 'gpu') as BackendRequest;
  const rows = Number(process.argv[3] ?? 100_000);
  const epochs = Number(process.argv[4] ?? 3);
  const cols = Number(process.argv[5] ?? 20);
  const layers = (process.argv[6] ?? '64,32').split(',').map(Number);
  const threads = Number(process.argv[7] ?? 1);
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
  const input = { x, rows, cols, y, task: 'binary' as const, kind: 'mlp' as const, layers, epochs, batchSize: 512, learningRate: 0.001, optimizer: 'adam' as const, seed: 7, threads };
  const chooseStarted = performance.now();
  const info = await chooseBackend(backend, { shape: { spec: architecture(input), batchSize: 512, threads } });
  const chooseMs = performance.now() - chooseStarted;
  const times: number[] = [];
  const losses: number[] = [];
  const model = await train(input, (e) => {
    times.push(e.seconds);
    losses.push(e.loss);
  });
  const hash = weightsHash(await model.weights());
  model.dispose();
  const steady = times.slice(1);
  const median = [...steady].sort((a, b) => a - b)[Math.floor(steady.length / 2)] ?? times[0];
  console.log(
    JSON.stringify({ requested: backend, backend: info.name, engine: info.versions.backend, adapter: info.adapter ?? null, deterministic: info.deterministic, reason: info.reason, chooseMs, rows, cols, layers, threads, epochs, secondsPerEpoch: times, medianAfterWarmup: median, losses, weightsHash: hash, tried: info.tried }),
  );
}

main().catch((e) => {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
  process.exitCode = 1;
});
