/**
 * One mlpipe measurement in its own process (backend selection is process-global state):
 *   worker.ts BACKEND DATA_FILE ROWS COLS EPOCHS LAYERS [THREADS]
 * Prints one JSON line: { backend, engine, adapter, threads, epochSeconds, cpuSeconds, maxRssKb, startRssKb, hash, losses }.
 */
import { selectBackend, train, weightsHash, type BackendRequest } from '../../server/backend/train/index.js';
import { readData } from './data.js';

export const BENCH_MODEL = { batchSize: 512, learningRate: 0.001, seed: 1234 };

async function main(): Promise<void> {
  const [backend, file, rows, cols, epochs, layers, threads] = process.argv.slice(2);
  // Resident memory once the code is loaded: the peak minus this is data + model + working set.
  const startRssKb = process.memoryUsage().rss / 1024;
  const info = await selectBackend(backend as BackendRequest);
  const d = readData(file, Number(rows), Number(cols));
  const cpuSeconds: number[] = [];
  let cpu = process.cpuUsage();
  const model = await train(
    { ...d, task: 'binary', kind: 'mlp', layers: layers.split(',').map(Number), epochs: Number(epochs), ...BENCH_MODEL, ...(threads ? { threads: Number(threads) } : {}) },
    () => {
      const used = process.cpuUsage(cpu);
      cpuSeconds.push((used.user + used.system) / 1e6);
      cpu = process.cpuUsage();
    },
  );
  const hash = weightsHash(await model.weights());
  const out = {
    backend: info.name,
    /** The engine's own version line: for wasm, whether its matrix product ran natively. */
    engine: info.versions.backend,
    adapter: info.adapter,
    threads: threads ? Number(threads) : 1,
    epochSeconds: model.history.map((e) => e.seconds),
    cpuSeconds,
    losses: model.history.map((e) => e.loss),
    maxRssKb: process.resourceUsage().maxRSS,
    startRssKb,
    hash,
  };
  model.dispose();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
