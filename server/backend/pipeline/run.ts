import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { drawSeed } from '../../mlpipe/data/prng.js';
import { modelSeedFor } from '../../mlpipe/language/determinism.js';
import { getColumn } from '../../mlpipe/data/table.js';
import type { Comparison, GateOutcome } from '../../mlpipe/evaluate/gates.js';
import type { Binding, TableSymbol } from '../../mlpipe/binder.js';
import { monitorDriftLines, servedModel } from '../../mlpipe/served.js';
import type { Diagnostic } from '../../mlpipe/index.js';
import { compilePlan, historyColumns, FLOAT32_SQUARE_LIMIT, hugeInputReason, largestInput, completeRows, fitPlan, leftOutMessage, planInputOf, transformBatch, windowTables, type EngineData, type FeaturePlan, type FittedState, type SplitSides } from '../../mlpipe/features/index.js';
import { keyOverlap, noSharedKeyNote, noTimesNote } from '../../mlpipe/features/keyOverlap.js';
import { windowJoinColumn } from '../../mlpipe/features/windowJoin.js';
import { checkDocument, resolveFromPipeline } from '../check/checkDocument.js';
import { readPipelineFile } from '../check/pipelineFile.js';
import { ioReason } from '../data/fileCalls.js';
import { HashCache } from '../data/hash.js';
import { DataInspector } from '../data/inspect.js';
import { openRegistry } from '../registry/registry.js';
import { sharedNameNote } from './sharedName.js';
import { captureEnvironment } from '../tracking/environment.js';
import { MetricBuffer } from '../tracking/metricBuffer.js';
import { DB_DIR, openStore, type Store } from '../tracking/store.js';
import { architecture, chooseBackend, refuseUndeterministic, MODEL_FILE, train, trainSettings, WEIGHTS_FILE, type BackendRequest, type EpochEvent, type TrainDefaultsOverride, type TrainTask } from '../train/index.js';
import type { JsonValue } from '../../protocol/tracking.js';
import { REFERENCE_FILE, unmeasurableDriftLines } from '../monitor/reference.js';
import { saveTrainingReference } from '../monitor/trainingReference.js';
import { FILES, inRunFolder, saveRunArtifacts } from './artifacts.js';
import { recordStoppedRun } from './stoppedRun.js';
import { rowFingerprints, saveTrainedRows, TRAINED_ROWS_FILE } from './trainedRows.js';
import { evaluateRun } from './evaluation.js';
import { runConfig } from './config.js';
import { PipelineError } from './errors.js';
import { findProjectRoot } from './projectRoot.js';
import { encodeTarget, type EncodedTarget } from './target.js';
import { refuseKeptRows } from './keptRows.js';
import { loadPipelineData } from './loadData.js';
import { partitionRows } from './partition.js';
import { TEST } from '../../mlpipe/data/split.js';
import { gatherRows } from './rows.js';
import { beforeRun, interrupted, isAbort } from '../abort.js';
import { interruptionPoint, predictInSlices } from '../interruptible.js';

export interface RunOptions {
  /** The pipeline file; sources resolve against its folder. */
  file: string;
  /** Pipeline text to run instead of the file's (reproduce). */
  text?: string;
  backend?: BackendRequest;
  model?: string;
  /** Without `model`: train the model this registered name's `register` block takes (a drift retrain of the served model). */
  registeredAs?: string;
  /** Folder that holds `.mlpipe/` (default: the project root of the file). */
  root?: string;
  /** Refuse unless every source still has this hash (reproduce). */
  expectDataVersions?: Record<string, string>;
  /** The hash cache to read sources through (reproduce shares its own, so each file is read once). */
  hashes?: HashCache;
  /** Seeds to use where the pipeline names none (reproduce of a run whose seeds were drawn). */
  seeds?: { split?: number; model?: number };
  /** Training settings to use where the model block names none, in place of today's defaults (reproduce: the run's own). */
  training?: TrainDefaultsOverride;
  parentRunId?: string;
  /** Register the model when its gates pass (default true; reproduce does not). */
  register?: boolean;
  onEpoch?: (e: EpochEvent) => void;
  onStage?: (message: string) => void;
  /**
   * The check's warnings, once, when the check lets the run go on (before any data loads): the
   * run does not stop for them, but the user running it should see what 'mlpipe check' says.
   */
  onWarnings?: (warnings: Diagnostic[]) => void;
  /** Stops training between batches; the run is then recorded as `interrupted`. */
  signal?: AbortSignal;
  /** Called once the run is recorded, before data loads (the editor shows it as running). */
  onRunCreated?: (runId: string, pipelineName: string) => void;
  /** Why the run started when not by hand (`drift:<target>`); recorded, and it registers in staging only. */
  trigger?: string;
}

export interface RunResult {
  runId: string;
  status: 'completed';
  pipeline: string;
  model: string;
  task: TrainTask;
  backend: string;
  backendTried: Array<{ name: string; ok: boolean; reason?: string }>;
  /** Why the backend was chosen. */
  backendReason: string;
  metrics: Record<string, number>;
  gates: { passed: boolean; results: GateOutcome[]; comparisons: Comparison[] };
  registered: { name: string; version: number; stage: string } | null;
  /**
   * Why a run whose gates passed registered nothing while the pipeline registers other models
   * (`--model` chose one no `register` block takes): the summary said only "registered nothing".
   */
  notRegistered?: string;
  /** The registered name also holds versions of other pipelines (`sharedNameNote`). */
  sharedName?: string;
  weightsHash: string;
  dataVersions: Record<string, string>;
  seeds: { split: number | null; model: number };
  /**
   * Rows per side, and the rows left out: for a missing target, or for model inputs still
   * missing after every transform (`missingInputs`: per input, how many of those rows miss it).
   */
  rows: {
    train: number;
    test: number;
    validation: number;
    droppedMissingTarget: number;
    droppedMissingFeatures: number;
    missingInputs: Array<{ feature: string; count: number }>;
  };
  /** What the run says of the rows it left out (also the run's recorded notes), when it left some out. */
  leftOut?: string;
  /** Per history table no primary row shares a key with: every window over it is empty (also in the notes). */
  emptyWindows?: string[];
  /** The monitor's `drift` lines the training reference cannot measure (serving refuses them; also in the notes). */
  unmeasurableDrift?: string[];
  artifactDir: string;
  seconds: number;
}



/**
 * Runs a pipeline end to end: check, load and hash the data, split with the seeded split,
 * fit and apply the one feature plan, train, evaluate on the test split, gate, save every
 * artifact and register. Every step is recorded in the run store; a failure marks the run
 * failed with its reason.
 */
export async function runPipeline(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const stage = opts.onStage ?? (() => undefined);
  const file = resolve(opts.file);
  let text: string;
  try {
    text = opts.text ?? (await readPipelineFile(file));
  } catch (e) {
    throw new PipelineError(`cannot read ${opts.file}: ${ioReason(e)}`);
  }

  stage('checking the pipeline');
  // The run's own cache stops its reads when the run is interrupted; a shared one (the editor's
  // backend) is left to finish them, since another caller may be waiting on the same read.
  const hashes = opts.hashes ?? HashCache.interruptible(opts.signal);
  const { binding, pipelineName } = await checkForRun(file, text, hashes, opts).catch((e: unknown) => {
    throw isAbort(e) ? beforeRun(e as Error) : e;
  });
  // A retrain (drift, or the editor's Retrain now) trains the served model, not the first registered one.
  const retrained = opts.trigger !== undefined && opts.model === undefined && opts.registeredAs === undefined ? servedModel(binding)?.name : undefined;
  const cfg = runConfig(binding, pipelineName, opts.model ?? retrained, opts.registeredAs);
  const primary = binding.primary!;
  // The check refuses the file's own backend when it cannot keep 'deterministic = true'; one
  // asked for on the command line ('--backend gpu') is refused here, before any data is read.
  refuseUndeterministic(opts.backend ?? cfg.environment.backend, cfg.environment.deterministic);

  const root = opts.root ?? findProjectRoot(dirname(file));
  const store = openStore(root);
  try {
    const lockfile = cfg.environment.lockfile ? resolveFromPipeline(file, cfg.environment.lockfile) : undefined;
    const environment = captureEnvironment({ root, lockfile });
    const run = store.createRun({
      pipelineName,
      pipelinePath: file,
      pipelineText: text,
      params: runParams(cfg, opts.trigger),
      environment,
      parentRunId: opts.parentRunId,
      notes: opts.trigger ? `trigger: ${opts.trigger}` : undefined,
    });
    try {
      opts.onRunCreated?.(run.id, pipelineName);
      return await execute(store, run.id, { opts, cfg, file, text, hashes, primaryName: primary.name, root, started, stage, environment, binding });
    } catch (e) {
      recordStoppedRun(store, run.id, isAbort(e) ? 'interrupted' : 'failed', e);
      throw e;
    }
  } finally {
    store.close();
  }
}

/**
 * The pipeline's check, as a run needs it: its errors stop the run; only the binding and the
 * name come back. The check's data facts (every cell of a sample of each source as a key) are
 * left behind here: held through the run, they were most of its memory before the data loaded.
 */
async function checkForRun(file: string, text: string, hashes: HashCache, opts: RunOptions): Promise<{ binding: Binding; pipelineName: string }> {
  const checked = await checkDocument(file, text, new DataInspector({ hashCache: hashes }));
  // A triggered retrain reads the sources' current content on purpose: a pinned version that no
  // longer matches is what it expects (the spec: the user re-pins later), not a reason to refuse.
  // A reproduction is judged by the hashes its run recorded (`expectDataVersions`, checked when
  // the data is loaded), not by the pin: a retrain on newer data could not be reproduced.
  const pinIsNotTheRecord = Boolean(opts.trigger) || opts.expectDataVersions !== undefined;
  const errors = checked.diagnostics.filter((d) => d.severity === 'error' && !(pinIsNotTheRecord && d.code === 'repro/data-changed'));
  if (errors.length) {
    const count = `${errors.length} error${errors.length > 1 ? 's' : ''}`;
    // A reproduction checks the text its run recorded, which an older mlpipe let run: 'fix the
    // file' would send the user to a file that is not what is checked here (and may be fixed).
    if (opts.parentRunId !== undefined)
      throw new PipelineError(
        `the pipeline run ${opts.parentRunId} recorded has ${count} under this mlpipe's check, by a rule added since the mlpipe that trained it: ` +
          `it cannot be retrained as recorded; reproduce it with that mlpipe, or fix ${opts.file} and run it again`,
        errors,
      );
    throw new PipelineError(`${opts.file} has ${count}: fix ${errors.length > 1 ? 'them' : 'it'} before running`, errors);
  }
  const warnings = checked.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length) opts.onWarnings?.(warnings);
  return { binding: checked.binding, pipelineName: checked.file.pipeline?.name?.name ?? 'pipeline' };
}

/** What a run records of its settings: plain JSON, absent settings left out. */
function runParams(cfg: ReturnType<typeof runConfig>, trigger: string | undefined): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { model: cfg.model.name };
  if (trigger) out.trigger = trigger;
  for (const [k, v] of Object.entries(cfg.modelParams)) if (v !== undefined) out[k] = v;
  const { test, validation, seed, by, order } = cfg.split;
  const split: Record<string, JsonValue> = { test, validation, order };
  // deterministic's fixed seed is no setting of the file's: the run's `seeds.split` records it.
  if (seed !== undefined && !cfg.split.fixedSeed) split.seed = seed;
  if (by !== undefined) split.by = by;
  out.split = split;
  out.requirements = cfg.requirements.map((r) => `${r.metric} ${r.op} ${r.threshold}`);
  return out;
}

interface ExecuteContext {
  opts: RunOptions;
  cfg: ReturnType<typeof runConfig>;
  file: string;
  text: string;
  hashes: HashCache;
  primaryName: string;
  root: string;
  started: number;
  stage: (m: string) => void;
  environment: ReturnType<typeof captureEnvironment>;
  binding: Parameters<typeof planInputOf>[0];
}

async function execute(store: Store, runId: string, c: ExecuteContext): Promise<RunResult> {
  const { opts, cfg, file, binding, stage } = c;
  // Training stops between batches on its own; the steps around it look here, so Ctrl-C during
  // evaluation or while saving ends the run as interrupted instead of going on to register.
  const stopIfInterrupted = (step: string) => {
    if (opts.signal?.aborted) throw interrupted(`before ${step}`);
  };

  // Data: load every table and record the hash of the bytes actually read.
  stopIfInterrupted('loading data');
  stage('loading data');
  // The plan first: it names the columns of each history table the model's windows read, the
  // only ones loaded of an event log. Not with 'compare_to': the incumbent scored on the same
  // tables is another plan, whose windows may read other columns.
  const plan = compilePlan(planInputOf(binding, cfg.model.name));
  const historyKept = cfg.compareTo && cfg.register ? undefined : historyColumns(plan);
  const { tables, dataVersions } = await loadPipelineData(binding, file, c.hashes, opts.expectDataVersions, opts.signal, historyKept);
  store.updateRun(runId, { dataVersions });
  const table = tables.get(c.primaryName)!;
  const primary = binding.primary!;

  const targetColumn = getColumn(table, primary.target!);
  if (!targetColumn) throw new PipelineError(`${primary.source} has no target column '${primary.target}'`);
  const target = encodeTarget(targetColumn, primary.source!, cfg.modelParams.task, { name: cfg.model.name, kind: cfg.modelParams.kind });
  // As for the model: a stated seed, else a reproduced run's, else deterministic's fixed one, else drawn.
  const splitSeed = (cfg.split.fixedSeed ? undefined : cfg.split.seed) ?? opts.seeds?.split ?? cfg.split.seed;
  const { assignment, seedUsed, ...parts } = partitionRows(table, primary, cfg.split, target, splitSeed);

  // Features: one plan, fitted on the training split only, applied to every row.
  stopIfInterrupted('computing features');
  stage('computing features');
  const data = { tables };
  const state = fitPlan(plan, data, assignment);
  const { batch, kept, trainSet, testSet, validationSet } = featureSides(plan, state, data, parts, target, primary);
  const droppedMissingFeatures = kept.dropped;
  // Rows left out are said, in the output and in the run's record, never dropped silently.
  const firstNoTarget = target.missing > 0 ? target.y.findIndex((v) => Number.isNaN(v)) : -1;
  let onTest = 0;
  if (cfg.split.order === 'time' && target.missing > 0) for (let i = 0; i < assignment.length; i++) if (assignment[i] === TEST && Number.isNaN(target.y[i])) onTest++;
  const timeSplit = cfg.split.order === 'time' ? { timeSplit: { onTest, testRows: parts.test.length } } : {};
  const leftOut = leftOutMessage(primary.source!, { name: primary.target!, missing: target.missing, ...(firstNoTarget >= 0 ? { first: firstNoTarget } : {}), ...timeSplit }, kept);
  if (leftOut) stage(leftOut);
  // A history table whose keys no example shares is read by every window as empty: said too.
  // Only tables a window of this model reads: a data block no input reads has no window to be empty.
  const emptyWindows = windowTables(plan).flatMap((name) => {
    const hist = plan.histories.get(name)!;
    const history = tables.get(name);
    const primaryKey = windowJoinColumn(primary.key, hist.key);
    const a = getColumn(table, primaryKey);
    const b = history && getColumn(history, hist.key);
    const note = a && b ? noSharedKeyNote({ source: primary.source!, key: primaryKey }, { name, source: history.source || name, key: hist.key }, keyOverlap(a, b)) : undefined;
    const times = !note && history && hist.time !== undefined ? getColumn(history, hist.time) : undefined;
    const untimed = times ? noTimesNote({ name, source: history!.source || name, time: hist.time! }, times, history!.rowCount) : undefined;
    return note ? [note] : untimed ? [untimed] : [];
  });
  for (const note of emptyWindows) stage(note);
  const notes = [...(opts.trigger ? [`trigger: ${opts.trigger}`] : []), ...(leftOut ? [leftOut] : []), ...emptyWindows];
  if (leftOut || emptyWindows.length) store.updateRun(runId, { notes: notes.join('; ') });

  // Compute backend and training.
  // 'auto' times a step of this very model on each candidate (cached per machine and shape).
  const spec = architecture({ ...trainSet, cols: batch.width, task: target.task, classes: target.classes, kind: cfg.modelParams.kind, layers: cfg.modelParams.layers, activation: cfg.modelParams.activation });
  // deterministic = true trains on one thread: two-thread wasm runs at 1M x 50 once failed to
  // repeat bitwise and the cause is not pinned down (docs/training.md, Determinism).
  const threads = cfg.environment.deterministic ? 1 : availableParallelism();
  // The settings the model trains with, defaults filled in once: recorded, so that reproduce
  // retrains with them even after the defaults change.
  const p = cfg.modelParams;
  const training = trainSettings({ kind: p.kind, rows: trainSet.rows, epochs: p.epochs, batchSize: p.batchSize, learningRate: p.learningRate, optimizer: p.optimizer }, opts.training);
  const backend = await chooseBackend(opts.backend ?? cfg.environment.backend, {
    deterministic: cfg.environment.deterministic,
    shape: { spec, batchSize: training.batchSize, optimizer: training.optimizer, threads },
    cacheFile: join(c.root, DB_DIR, 'backend-timings.json'),
  });
  const modelSeed = modelSeedFor(cfg.modelParams.seed, opts.seeds?.model, cfg.environment.deterministic, drawSeed);
  const seeds = { split: seedUsed, model: modelSeed };
  store.updateRun(runId, {
    backend: backend.name,
    seeds: { ...(seedUsed === null ? {} : { split: seedUsed }), model: modelSeed },
    environment: {
      ...c.environment,
      backend: { name: backend.name, version: backend.versions.backend, adapter: backend.adapter, reason: backend.reason, deterministic: backend.deterministic, threads },
      training,
    },
  });
  // A regression learns its target standardized (train/targetScale.ts): its losses read in those units.
  stage(`training ${cfg.model.name} on ${backend.name} (${trainSet.rows} rows, ${batch.width} inputs${target.task === 'regression' ? '; losses of the standardized target' : ''})`);
  const metricsBuffer = new MetricBuffer(store, runId);
  const model = await train(
    {
      x: trainSet.x,
      rows: trainSet.rows,
      cols: batch.width,
      y: trainSet.y,
      task: target.task,
      classes: target.classes,
      kind: cfg.modelParams.kind,
      layers: cfg.modelParams.layers,
      activation: cfg.modelParams.activation,
      epochs: training.epochs,
      batchSize: training.batchSize,
      learningRate: training.learningRate,
      optimizer: training.optimizer,
      seed: modelSeed,
      // The wasm engine's weights do not depend on the thread count (fixed shards); one thread
      // under deterministic = true, see above.
      threads,
      validation: validationSet,
      signal: opts.signal,
    },
    (e) => {
      metricsBuffer.addStep(e.epoch, e.valLoss === undefined ? { loss: e.loss, epoch_seconds: e.seconds } : { loss: e.loss, val_loss: e.valLoss, epoch_seconds: e.seconds });
      opts.onEpoch?.(e);
    },
  );
  metricsBuffer.close();
  try {
    // Diverged training leaves weights that are not numbers: its predictions are NaN (null over
    // HTTP), yet a gate such as accuracy still passes (NaN is never above 0.5), so it would be
    // registered and served. Such a run fails, saying where the loss went.
    const huge = () => hugeTrainingInput(trainSet, batch.width, parts.train, batch.columns, primary.source!);
    const diverged = divergedMessage(model.history, (await model.weights()).data, training.learningRate, huge);
    if (diverged) throw new PipelineError(diverged);
    // Evaluation on the test split.
    stopIfInterrupted('evaluating');
    stage('evaluating on the test split');
    const predictions = await predictInSlices((x, n) => model.predict(x, n), testSet.x, testSet.rows, batch.width, interruptionPoint(opts.signal, 'while evaluating on the test split'));
    const registry = openRegistry(store);
    const { metrics, results, comparisons } = await evaluateRun(cfg, target, { rows: parts.test, y: testSet.y, predictions, tables }, registry, opts.signal);
    const passed = results.every((r) => r.passed) && comparisons.every((r) => r.passed);

    // Artifacts: the model, the fitted feature state, the pipeline snapshot.
    const dir = store.artifactDir(runId);
    const header = table.columns.map((col) => col.name);
    // A write that fails (a full disk) names the run's folder: node's own error names no path.
    const { weightsHash, files, reference } = await inRunFolder(dir, async () => {
      const { weightsHash, files } = await saveRunArtifacts(dir, {
        model,
        state,
        pipelineText: c.text,
        meta: {
          format: 'mlpipe-run/1',
          pipelineName: cfg.pipelineName,
          model: cfg.model.name,
          task: target.task,
          labels: target.labels,
          target: primary.target!,
          primary: primary.name,
          columns: batch.columns,
          dataColumns: header,
        },
      });
      // The rows this version learned from, so a later compare_to leaves them out of its judgement.
      await saveTrainedRows(dir, rowFingerprints(table, header, [...parts.train, ...parts.validation])!);
      files.push(TRAINED_ROWS_FILE);
      // The drift reference: what the monitor compares served traffic with.
      const reference = await saveTrainingReference({ dir, binding, modelName: cfg.model.name, plan, state, data, rows: parts.train, x: trainSet.x, model, task: target.task, labels: target.labels, signal: opts.signal });
      files.push(REFERENCE_FILE);
      return { weightsHash, files, reference };
    });
    // Known now, not when serving refuses to start after the version was registered.
    const driftLines = monitorDriftLines(binding).map((e) => ({ target: e.target.name, statistic: e.stat.name }));
    const unmeasurable = unmeasurableDriftLines(driftLines, reference);
    for (const note of unmeasurable) stage(note);
    if (unmeasurable.length) store.updateRun(runId, { notes: [...notes, ...unmeasurable].join('; ') });
    // Nothing below awaits: past this check the run completes and registers as one step.
    stopIfInterrupted('completing the run');
    const gates = results.map((r) => ({ metric: r.metric, op: r.op, threshold: r.threshold, actual: r.actual, passed: r.passed, ...(r.reason ? { reason: r.reason } : {}) }));
    // One transaction too: a process killed between the run's completion and its registration
    // (kill -9, a crash) left a completed run whose gates passed and no version of it, which no
    // command registers; a registration the store refused left the same, after an error. Now the
    // run is completed and registered, or neither (still running: the next open marks it
    // interrupted, or the error marks it failed).
    const { registered, sharedName } = store.db
      .transaction((): { registered: RunResult['registered']; sharedName?: string } => {
        for (const f of [...files, join(FILES.model, MODEL_FILE), join(FILES.model, WEIGHTS_FILE)]) store.recordArtifact(runId, f, f);
        store.finishRun(runId, { status: 'completed', metrics, gates, comparisons, weightsHash });
        if (!(passed && cfg.register && opts.register !== false)) return { registered: null };
        const sharedName = sharedNameNote(store, registry, cfg.register.name, cfg.pipelineName, file);
        // A triggered run never promotes by itself: a person moves it to production.
        const stage = opts.trigger ? 'staging' : cfg.register.stage;
        const v = registry.register(cfg.register.name, runId, stage, { actor: opts.trigger ? `mlpipe (${opts.trigger})` : 'mlpipe run', reason: 'every gate passed' });
        return { registered: { name: v.name, version: v.version, stage: v.stage }, sharedName };
      })
      .immediate();
    const takers = [...binding.registered.values()].flatMap((r) => (r.from ? [`'${r.name}' registers '${r.from.name}'`] : []));
    // Why a passing run registered nothing: another model's block, or none at all (a pipeline
    // that only compares models), with how to register this run by hand.
    const notRegistered =
      passed && !cfg.register && opts.register !== false
        ? takers.length
          ? `no register block takes model '${cfg.model.name}' (${takers.join('; ')})`
          : `the pipeline has no 'register' block ('mlpipe register NAME ${runId}' registers this run by hand)`
        : undefined;
    return {
      runId,
      status: 'completed',
      pipeline: file,
      model: cfg.model.name,
      task: target.task,
      backend: backend.name,
      backendTried: backend.tried,
      backendReason: backend.reason,
      metrics,
      gates: { passed, results, comparisons },
      registered,
      ...(notRegistered ? { notRegistered } : {}),
      ...(sharedName ? { sharedName } : {}),
      weightsHash,
      dataVersions,
      seeds,
      rows: { train: trainSet.rows, test: testSet.rows, validation: validationSet?.rows ?? 0, droppedMissingTarget: target.missing, droppedMissingFeatures, missingInputs: kept.leftOut },
      ...(leftOut ? { leftOut } : {}),
      ...(emptyWindows.length ? { emptyWindows } : {}),
      ...(unmeasurable.length ? { unmeasurableDrift: unmeasurable } : {}),
      artifactDir: dir,
      seconds: (Date.now() - c.started) / 1000,
    };
  } finally {
    model.dispose();
  }
}

/**
 * Every row's model inputs, and the training, test and validation sides as matrices of their
 * own rows. Rows whose features are still missing after every transform are left out, as rows
 * with a missing target are ('skew/implicit-missing' warns of it, a warning: the run goes on,
 * and says how many rows it left out; `parts` is narrowed to the rows kept); a side left empty
 * is refused (the checker reports that case with the same 'completeRows'). The matrix of every
 * row is not returned: held through training beside the sides' copies, it was the data's
 * float32 size again at the run's peak.
 */
function featureSides(plan: FeaturePlan, state: FittedState, data: EngineData, parts: SplitSides, target: EncodedTarget, primary: TableSymbol) {
  const { y } = target;
  const { x, ...batch } = transformBatch(plan, state, data);
  const kept = completeRows({ x, ...batch }, parts);
  refuseKeptRows(kept, plan, batch.missing, target, primary);
  Object.assign(parts, kept.sides);
  const side = (rows: number[]) => ({ x: gatherRows(x, batch.width, rows), y: Float32Array.from(rows, (r) => y[r]), rows: rows.length });
  return { batch, kept, trainSet: side(parts.train), testSet: side(parts.test), validationSet: parts.validation.length ? side(parts.validation) : undefined };
}

/**
 * Why trained weights cannot be used, or undefined when every weight is a finite number.
 * `huge`: the training input of largest magnitude, when its square is beyond float32's range
 * (looked for only once training diverged): then no learning rate helps, and the message names
 * that input's row instead.
 */
export function divergedMessage(
  history: ReadonlyArray<{ epoch: number; loss: number }>,
  weights: ArrayLike<number>,
  learningRate: number,
  huge?: () => { row: number; feature: string; value: number; source: string } | undefined,
): string | undefined {
  for (let i = 0; i < weights.length; i++) {
    if (Number.isFinite(weights[i])) continue;
    const first = history.find((e) => !Number.isFinite(e.loss));
    const when = first ? `; the loss was ${first.loss} from epoch ${first.epoch}` : '';
    const input = huge?.();
    if (input) return `training diverged: the trained weights are not finite numbers${when}: ${hugeInputReason(input, input.source)}`;
    return `training diverged: the trained weights are not finite numbers${when}: lower 'learning_rate' (${learningRate}) or scale the inputs (standardize, min_max, log1p)`;
  }
  return undefined;
}

/** The training input of largest magnitude, by data row, when its square is beyond float32's range. */
function hugeTrainingInput(train: { x: Float32Array }, width: number, rows: readonly number[], columns: readonly string[], source: string) {
  const at = largestInput(train.x, 0, train.x.length);
  const value = train.x[at];
  if (!(Math.abs(value) >= FLOAT32_SQUARE_LIMIT)) return undefined;
  return { row: rows[Math.floor(at / width)], feature: columns[at % width], value, source };
}
