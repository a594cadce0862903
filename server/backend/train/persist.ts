/**
 * A trained model on disk, servable in another process without retraining:
 *   DIR/model.json   the architecture, weight specs, weights hash, seed and training backend
 *   DIR/weights.bin  the weights as little-endian float32, in spec order
 * Files are written under temporary names and renamed into place, so a crash never leaves a
 * half-written model; loading checks sizes and the hash, so a damaged file is refused by name.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectBackend, selectedBackend, type BackendName } from './backends.js';
import { ModelFileSchema } from '../../protocol/modelFile.js';
import { readArtifact } from './artifactFile.js';
import { ModelFileError } from './errors.js';
import { Network, sizeOf, weightSpecs } from './network.js';
import { NativeModel } from './native/model.js';
import { DenseModel } from './trained.js';
import type { EpochEvent, ModelSpec, TrainedModel, WeightSpec, WeightsSnapshot } from './types.js';
import { fromLittleEndianBytes, littleEndianBytes, weightsHash } from './weights.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export interface ModelFile {
  format: 'mlpipe-dense/1';
  spec: ModelSpec;
  weights: { file: string; specs: WeightSpec[]; hash: string };
  seed: number;
  trainedOn: string;
  history: TrainedModel['history'];
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, data);
  await rename(temp, path);
}

/** Writes the model into `dir` (created if needed) and returns its weights hash. */
export async function saveModel(dir: string, model: TrainedModel): Promise<string> {
  const snapshot = await model.weights();
  const hash = weightsHash(snapshot);
  const file: ModelFile = {
    format: 'mlpipe-dense/1',
    spec: model.spec,
    weights: { file: WEIGHTS_FILE, specs: snapshot.specs, hash },
    seed: model.seed,
    trainedOn: model.backend,
    history: model.history,
  };
  await mkdir(dir, { recursive: true });
  // Weights first: model.json is what marks a complete model.
  await writeAtomically(join(dir, WEIGHTS_FILE), littleEndianBytes(snapshot.data));
  await writeAtomically(join(dir, MODEL_FILE), JSON.stringify(file, null, 1) + '\n');
  return hash;
}

function parseModelFile(path: string, text: string): ModelFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(path, `not JSON (${(e as Error).message})`);
  }
  const f = (parsed as { format?: unknown } | null)?.format;
  if (f !== 'mlpipe-dense/1') throw new ModelFileError(path, `unknown format ${JSON.stringify(f)} (expected "mlpipe-dense/1")`);
  const checked = ModelFileSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new ModelFileError(path, `${issue.path.length ? `'${issue.path.join('.')}': ` : ''}${issue.message}`);
  }
  const file: ModelFile = checked.data;
  const expected = JSON.stringify(weightSpecs(file.spec));
  if (JSON.stringify(file.weights.specs) !== expected) throw new ModelFileError(path, 'weight shapes do not match the architecture');
  return file;
}

/** Reads a saved model onto the selected backend (or what `auto` finds). */
export async function loadModel(dir: string): Promise<TrainedModel> {
  const modelPath = join(dir, MODEL_FILE);
  const file = await readArtifact(modelPath, (b) => parseModelFile(modelPath, b.toString('utf8')));
  const weightsPath = join(dir, file.weights.file);
  const expectedValues = file.weights.specs.reduce((n, w) => n + sizeOf(w.shape), 0);
  const bytes = await readArtifact(weightsPath, (b) => {
    if (b.length !== expectedValues * 4) throw new Error(`${b.length} bytes, expected ${expectedValues * 4} (${expectedValues} float32 values)`);
    return b;
  });
  const snapshot = { specs: file.weights.specs, data: fromLittleEndianBytes(bytes) };
  const hash = weightsHash(snapshot);
  if (hash !== file.weights.hash) throw new ModelFileError(weightsPath, `weights hash ${hash} does not match ${file.weights.hash} in ${MODEL_FILE}`);
  const backend = selectedBackend() ?? (await selectBackend('auto')).name;
  return modelFromWeights(file.spec, snapshot, backend, file.seed, file.history ?? []);
}

/** A model computing with these weights on `backend` (the one already selected), as a loaded model does. */
export function modelFromWeights(spec: ModelSpec, snapshot: WeightsSnapshot, backend: BackendName, seed: number, history: EpochEvent[]): TrainedModel {
  if (backend === 'wasm') return NativeModel.fromWeights(spec, snapshot, backend, seed, history);
  return new DenseModel(Network.fromWeights(spec, snapshot), backend, seed, history);
}
