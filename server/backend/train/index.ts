/** The training engine's public API: the runner and the server import from here only. */
export { refuseUndeterministic, selectBackend, selectedBackend, NoBackendError, BACKEND_REQUESTS, DETERMINISTIC, deterministicRequests } from './backends.js';
export type { BackendInfo, BackendAttempt, BackendName, BackendRequest, SelectOptions } from './backends.js';
export { train } from './trainer.js';
export { TRAIN_DEFAULTS, TRAIN_DEFAULTS_BEFORE_0_2, trainSettings } from './defaults.js';
export type { TrainDefaultsOverride, TrainSettings } from './defaults.js';
export { chooseBackend } from './choose.js';
export type { ChooseOptions, ModelShape, StepTiming } from './choose.js';
export { saveModel, loadModel, MODEL_FILE, WEIGHTS_FILE } from './persist.js';
export { weightsHash } from './weights.js';
export { architecture, DEFAULT_LAYERS } from './spec.js';
export { TrainInputError, ModelFileError } from './errors.js';
export type {
  TrainInput,
  TrainTask,
  ModelKind,
  Activation,
  OptimizerName,
  EpochEvent,
  TrainedModel,
  ModelSpec,
  LayerSpec,
  WeightSpec,
  WeightsSnapshot,
} from './types.js';
