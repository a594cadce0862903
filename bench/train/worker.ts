/**
 * One tfjs measurement in its own process (tfjs's backend is process-global state):
 *   worker.ts BACKEND MODE DATA_FILE ROWS COLS EPOCHS
 * MODE `loop` is mlpipe's trainer; `fit` is tf.LayersModel.fit on the same network (the
 * "before" figure). Prints one JSON line: { backend, mode, adapter, epochSeconds, hash }.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend, train, weightsHash, type BackendRequest } from '../../server/backend/train/index.js';
import { readData, type BenchData } from './data.js';

export const BENCH_MODEL = { layers: [64, 32], batchSize: 512, learningRate: 0.001, seed: 1234 };

async function viaFit(d: BenchData, epochs: number): Promise<number[]> {
  const model = tf.sequential();
  BENCH_MODEL.layers.forEach((units, i) =>
    model.add(tf.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [d.cols] : undefined, kernelInitializer: tf.initializers.glorotUniform({ seed: i + 1 }) })),
  );
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }) }));
  model.compile({ optimizer: tf.train.adam(BENCH_MODEL.learningRate), loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(d.x, [d.rows, d.cols]);
  const y = tf.tensor2d(d.y, [d.rows, 1]);
  const seconds: number[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: BENCH_MODEL.batchSize, shuffle: true, verbose: 0 });
    seconds.push((performance.now() - t0) / 1000);
  }
  return seconds;
}

async function main(): Promise<void> {
  const [backend, mode, file, rows, cols, epochs] = process.argv.slice(2);
  const info = await selectBackend(backend as BackendRequest);
  const d = readData(file, Number(rows), Number(cols));
  let epochSeconds: number[];
  let hash: string | undefined;
  if (mode === 'fit') epochSeconds = await viaFit(d, Number(epochs));
  else {
    const model = await train({ ...d, task: 'binary', kind: 'mlp', epochs: Number(epochs), ...BENCH_MODEL });
    epochSeconds = model.history.map((e) => e.seconds);
    hash = weightsHash(await model.weights());
  }
  process.stdout.write(JSON.stringify({ backend: info.name, mode, adapter: info.adapter, epochSeconds, hash }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(1);
});
