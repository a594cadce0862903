/**
 * The training loop. A custom loop rather than tf.LayersModel.fit: fit's per-batch callbacks
 * and bookkeeping cost more than the arithmetic of a small network, and the loop controls the
 * batch order exactly (a seeded permutation per epoch, nothing else random), which is what makes
 * the same seed give bitwise-identical weights on the cpu and wasm backends.
 *
 * The engine behind the loop depends on the backend: `wasm` is mlpipe's own WebAssembly SIMD
 * engine (./native/), `webgpu` its own WGSL engine (./gpu/), the others are TensorFlow.js
 * backends (./tfjsSession.ts).
 */
import { Mulberry32, drawSeed, shuffleInPlace } from '../../mlpipe/data/prng.js';
import { selectBackend, selectedBackend } from './backends.js';
import { gpuSession } from './gpu/session.js';
import { nativeSession } from './native/session.js';
import type { TrainingSession } from './session.js';
import { architecture, outputsFor } from './spec.js';
import { modelFromWeights } from './persist.js';
import { foldTargetScale, scaledTarget, targetScaleOf } from './targetScale.js';
import { tfjsSession } from './tfjsSession.js';
import type { EpochEvent, TrainedModel, TrainInput } from './types.js';
import { validateTrainInput } from './validate.js';
import { isAllocationFailure, TrainInputError } from './errors.js';
import { trainSettings } from './defaults.js';

function abortError(): Error {
  const e = new Error('training was cancelled');
  e.name = 'AbortError';
  return e;
}

export async function train(input: TrainInput, onEpoch?: (e: EpochEvent) => void): Promise<TrainedModel> {
  validateTrainInput(input);
  const backend = selectedBackend() ?? (await selectBackend('auto')).name;
  const { epochs, batchSize, optimizer, learningRate } = trainSettings(input);
  const seed = input.seed ?? drawSeed();
  const spec = architecture(input);
  const { rows } = input;
  // Regression learns the standardized target and answers in its units (./targetScale.ts).
  const scale = input.task === 'regression' ? targetScaleOf(input.y) : null;
  const validation = scale && input.validation ? { ...input.validation, y: scaledTarget(input.validation.y, scale) } : input.validation;
  const common = {
    spec,
    task: input.task,
    x: input.x,
    y: scale ? scaledTarget(input.y, scale) : input.y,
    seed,
    batchSize,
    optimizer,
    learningRate,
    backend,
    threads: input.threads,
  };
  // 'webgpu' trains on mlpipe's own fused WGSL kernels (./gpu/), not on tfjs-backend-webgpu.
  const session: TrainingSession =
    backend === 'wasm' ? nativeSession(common) : backend === 'webgpu' ? await gpuSession(common) : tfjsSession({ ...common, classes: outputsFor(input), cols: input.cols });
  const order = new Int32Array(rows);
  const rng = new Mulberry32(seed);
  const history: EpochEvent[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const started = performance.now();
      for (let i = 0; i < rows; i++) order[i] = i;
      if (input.shuffle ?? true) shuffleInPlace(order, rng);
      for (let start = 0; start < rows; start += batchSize) {
        if (input.signal?.aborted) throw abortError();
        session.step(order, start, Math.min(batchSize, rows - start));
      }
      const loss = (await session.takeLoss()) / rows;
      const valLoss = validation ? await session.validationLoss(validation) : undefined;
      const event: EpochEvent = { epoch, epochs, loss, ...(valLoss === undefined ? {} : { valLoss }), seconds: (performance.now() - started) / 1000 };
      history.push(event);
      onEpoch?.(event);
      // Let the host process answer its messages between epochs.
      await new Promise((r) => setImmediate(r));
    }
  } catch (e) {
    session.dispose();
    // tfjs allocates each activation as it goes: 15,000 rows through [65536] ask for 3.9 GB at
    // once, which a machine without it (or `ulimit -v`) refuses. It was an internal error.
    if (isAllocationFailure(e)) throw new TrainInputError('batch_size', `${batchSize.toLocaleString('en-US')} rows at a time through layers up to ${Math.max(...spec.layers.map((l) => l.units)).toLocaleString('en-US')} wide need more memory than this machine gave the ${backend} engine (${(e as Error).message}): lower batch_size or narrow the layers`);
    throw e;
  }
  const trained = session.finish(history);
  if (!scale) return trained;
  try {
    const folded = foldTargetScale(trained.spec, await trained.weights(), scale);
    return modelFromWeights(trained.spec, folded, trained.backend, trained.seed, history);
  } finally {
    trained.dispose();
  }
}
