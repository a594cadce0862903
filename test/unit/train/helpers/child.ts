/**
 * Runs in a separate process for the determinism and serving tests:
 *   train BACKEND SEED        prints the weights hash of a model trained on the fixed problem
 *   predict BACKEND MODEL_DIR prints the predictions on the fixed problem as base64 float32
 */
import { loadModel, selectBackend, train, weightsHash, type BackendRequest } from '../../../../server/backend/train/index.js';
import { binaryProblem } from './synthetic.js';

export const CHILD_PROBLEM = () => binaryProblem(600, 6, 21);
export const childTrainInput = (seed: number) => ({ ...CHILD_PROBLEM(), task: 'binary' as const, kind: 'mlp' as const, layers: [16, 8], epochs: 3, batchSize: 64, learningRate: 0.01, seed });

async function main(): Promise<void> {
  const [mode, backend, arg] = process.argv.slice(2);
  await selectBackend(backend as BackendRequest);
  if (mode === 'train') {
    const model = await train(childTrainInput(Number(arg)));
    process.stdout.write(weightsHash(await model.weights()) + '\n');
  } else if (mode === 'predict') {
    const model = await loadModel(arg);
    const p = CHILD_PROBLEM();
    const out = await model.predict(p.x, p.rows);
    process.stdout.write(Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('base64') + '\n');
  } else throw new Error(`unknown mode ${mode}`);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exit(1);
  });
}
