/**
 * A registered model made ready to serve: its run's feature plan and fitted state, its weights
 * as a plain-JS forward pass, the history tables its windows read (current content of the
 * sources), the pipeline's serve and monitor settings, and the reference profiles saved with it.
 */
import { modelsARunTrains } from '../../mlpipe/language/trainedModels.js';
import { basename, dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { bareName, type Binding } from '../../mlpipe/binder.js';
import type { Table } from '../../mlpipe/data/table.js';
import { buildHistoryIndex, compilePlan, planInputOf, windowTables, type FeaturePlan, type HistoryIndex } from '../../mlpipe/features/index.js';
import { serveDefaultProblems } from '../../mlpipe/features/row.js';
import { analyze, type Analysis, type Diagnostic } from '../../mlpipe/index.js';
import { unknownServingDefaults } from '../../mlpipe/checker/rules/unknownReference.js';
import { resolveFromPipeline } from '../check/checkDocument.js';
import { readPipelineFile } from '../check/pipelineFile.js';
import { ioReason } from '../data/fileCalls.js';
import { loadRunArtifacts, type LoadedRun } from '../pipeline/artifacts.js';
import { findProjectRoot } from '../pipeline/projectRoot.js';
import { openRegistry, RegistryError } from '../registry/registry.js';
import { NoVersionInStage, resolveServedModel } from '../registry/served.js';
import { openStore } from '../tracking/store.js';
import { storeExists } from '../tracking/database.js';
import { readReference, unmeasurableDriftLines, type ReferenceFile } from '../monitor/reference.js';
import { modelRefText, parseModelRef, servingConfig, ServeError, type ModelRef, type ServingConfig } from './config.js';
import { DenseForward } from './forward.js';
import { fileSignature, loadHistoryTable, type HistoryFile } from './historyFile.js';
import { selectBackend, selectedBackend } from '../train/index.js';
import { DATA_FORMATS, oneOf, PREDICTION_TARGET } from '../../mlpipe/language/keywords.js';
import { defaultMismatchMessage, fillsNothing, laterFillMismatchMessage, sameFill } from '../../mlpipe/features/defaultMismatch.js';
import { requiredRequestFields } from '../../mlpipe/features/request.js';

export interface ServedModel {
  /** Absolute path of the pipeline file. */
  file: string;
  pipelineName: string;
  /** Folder that holds `.mlpipe/`. */
  root: string;
  config: ServingConfig;
  name: string;
  version: number;
  stage: string;
  runId: string;
  weightsHash: string;
  run: Omit<LoadedRun, 'model' | 'binding'>;
  forward: DenseForward;
  /**
   * Read once per row, never kept across an await: a server replaces it whole when a history file
   * changes (`HistoryReloader`), so a request finishes on the index it started with.
   */
  history: HistoryIndex;
  /** Features the monitor reads that are not model inputs (drift lines on inner features). */
  innerPlan: FeaturePlan | null;
  /**
   * The same features one plan each, by name: a request where one of them is missing (a column
   * before its fill_missing, an empty window) still gives the others, as the batch path does.
   */
  innerEach: ReadonlyMap<string, FeaturePlan>;
  reference: ReferenceFile | null;
  /** Absolute paths of the data files the pipeline and the run's snapshot name as `source`s. */
  sources: string[];
  /** The history tables' files its windows read at start (`source` as written, absolute `path`). */
  historyFiles: HistoryFile[];
  /** Set when another pipeline registered the version served (`mlpipe serve` warns of it). */
  foreign?: Omit<ForeignVersion, 'reads'>;
}

export interface LoadOptions {
  /** Folder holding `.mlpipe/` (default: the file's project root). */
  root?: string;
  /** Overrides the serve block's model (`name@stage`). */
  model?: string;
  /**
   * Whether the monitor's parts are read (default true): the drift reference and the inner
   * drift targets. Batch scoring reads neither, so a damaged reference does not stop it.
   */
  monitor?: boolean;
}

async function readPipeline(file: string): Promise<Analysis> {
  let text: string;
  try {
    text = await readPipelineFile(file);
  } catch (e) {
    throw new ServeError(`cannot read ${file}: ${ioReason(e)}`);
  }
  // The checker without data: its errors inside the blocks serving reads are refused below.
  return analyze(text);
}

/**
 * The first error the check reports inside a block serving reads (`serve`, and `monitor` when
 * the monitor is read), in the check's words: served anyway, a port out of range failed as an
 * internal error, and a default given twice or not as a literal was dropped without a word.
 * The checker is the one judge of what these blocks may hold; errors that need the data (a
 * default's type or its fill) are judged again against the run below.
 */
function refuseBlockErrors(a: Analysis, file: string, blocks: readonly string[], diagnostics: readonly Diagnostic[] = a.diagnostics): void {
  for (const name of blocks) {
    const block = a.binding.blocks.get(name)?.[0];
    const errors = block ? diagnostics.filter((d) => d.severity === 'error' && d.start >= block.start && d.start < block.end) : [];
    if (errors.length === 0) continue;
    const more = errors.length > 1 ? `; ${errors.length - 1} more error${errors.length > 2 ? 's' : ''} there` : '';
    throw new ServeError(`the ${name} block of ${basename(file)} cannot be served as written: line ${errors[0]!.range.start.line + 1}: ${errors[0]!.message}${more} ('mlpipe check ${basename(file)}' lists them)`);
  }
}

/** The history tables a plan's windows read, with the sources' current content, and their files. */
async function loadHistories(plan: FeaturePlan, binding: Binding, file: string): Promise<{ tables: Map<string, Table>; files: HistoryFile[] }> {
  const tables = new Map<string, Table>();
  const files: HistoryFile[] = [];
  // Not every history table of the plan: a data block no input's window reads is neither loaded
  // nor followed, so its file may be gone or broken without stopping the server.
  for (const name of windowTables(plan)) {
    const t = binding.tables.get(name);
    if (!t?.source) throw new ServeError(`the served model reads history table '${name}', which the pipeline no longer defines`);
    const format = oneOf(DATA_FORMATS, bareName(t.attrs.get('format')?.value)?.name);
    const h = { table: name, source: t.source, path: resolveFromPipeline(file, t.source), format };
    // Before reading: a change made while it is read is then seen as one by the server's reloads.
    const signature = fileSignature(h.path);
    const table = await loadHistoryTable(h, file, plan);
    tables.set(name, table);
    files.push({ ...h, rows: table.rowCount, signature });
  }
  return { tables, files };
}

/**
 * The command that trains and registers `name` from `file`'s own `register` block: `mlpipe run
 * FILE`, with `--model M` when a plain run trains another model (`modelsARunTrains`: the first
 * register block's). A plain run never trains a second registered model, so advising it alone
 * left such a model 'not registered yet' however often the user ran it.
 */
export function trainCommand(binding: Binding, file: string, name: string): string {
  const from = binding.registered.get(name)?.from?.name;
  const plain = modelsARunTrains(
    [...binding.models.keys()],
    [...binding.registered.values()].flatMap((r) => (r.from ? [r.from.name] : [])),
  );
  return from !== undefined && binding.models.has(from) && !plain.includes(from) ? `mlpipe run ${file} --model ${from}` : `mlpipe run ${file}`;
}

/**
 * The registry's version for `ref`. `registeredBy` is the command that trains it (`trainCommand`)
 * when the pipeline's own `register` block names the model: a model the store does not have is
 * then one not trained yet, and the refusal says to train it instead of listing the models other
 * pipelines registered.
 */
export function resolveVersion(root: string, ref: ModelRef, registeredBy?: string, fromOption = false) {
  // Read-only where this user may not write the store (drift, parity and score only read it; a
  // server's writes go to the prediction log).
  const store = openStore(root, { recover: false, readOnly: true });
  try {
    const v = resolveServedModel(store, ref);
    const run = store.getRun(v.runId);
    // Read while the store is open: the run's files are checked against them as they load.
    const artifacts = openRegistry(store).recordedArtifacts(v);
    return { version: v, weightsHash: run?.weightsHash ?? '', origin: run ? { pipelineName: run.pipelineName, pipelinePath: run.pipelinePath } : undefined, artifacts };
  } catch (e) {
    if (!(e instanceof RegistryError)) throw e;
    if (registeredBy !== undefined && !openRegistry(store).listModels().some((m) => m.name === ref.name)) {
      throw new ServeError(`cannot load '${modelRefText(ref)}': '${ref.name}' is not registered yet: train the pipeline first with '${registeredBy}' (it registers '${ref.name}' when its gates pass)`);
    }
    if (e instanceof NoVersionInStage) {
      // drift, parity and score read what a server logged or would serve, so 'serve it' read as
      // the wrong advice there: name where the reference is written, and the option every
      // serving command takes.
      const other = `${e.model}@${e.latest.stage}`;
      const instead = fromOption ? `'--model ${other}' or '--model ${e.model}@${e.latest.version}'` : `'model = ${other}' in the serve block, or '--model ${other}'`;
      throw new ServeError(`cannot load '${modelRefText(ref)}': ${e.what}: promote it with '${e.promote}', or name another version: ${instead}`);
    }
    throw new ServeError(`cannot load '${modelRefText(ref)}': ${e.message}`);
  } finally {
    store.close();
  }
}

/**
 * A `drift` line whose statistic cannot measure its target as the model's reference holds it
 * (`chi2` of a numeric feature with hundreds of distinct values; a kind the checker could not
 * see without data) is refused at start, in the monitor's words, instead of failing every window.
 */
function refuseUnmeasurable(config: ServingConfig, reference: ReferenceFile | null, version: { name: string; version: number }, binding: Binding, foreignOf?: () => ForeignVersion | undefined): void {
  // A line newer than the served version (a feature it does not compute, or one no line named when
  // it trained) has no profile: served, every window said 'not measured', with "drifted": false.
  const newer = reference && config.monitor.drift.find((d) => !Object.hasOwn(reference.targets, d.target));
  if (newer) {
    // The version another pipeline registered under this name does not read the feature: no
    // version of that pipeline will have a profile of it, however new, so "newer" was wrong advice.
    const foreign = foreignOf?.();
    if (foreign && !foreign.reads(newer.target)) {
      throw new ServeError(
        `monitor: 'drift ${newer.target} ${newer.statistic}' cannot be measured: '${version.name}' v${version.version} was registered by another pipeline, ${foreign.who}, whose model '${foreign.model}' does not read '${newer.target}': ${foreign.instead}, register each pipeline's model under a name of its own, or remove the line`,
      );
    }
    // A line on a feature of another model of the file (`serve --model ra@staging` where the block
    // watches the served rb's features) is not newer than the version: no version of it will have one.
    const from = binding.registered.get(version.name)?.from?.name;
    const model = from !== undefined ? binding.models.get(from) : undefined;
    const reads = (m: NonNullable<typeof model>) => binding.featureClosure(m.inputs.map((i) => i.name)).has(newer.target);
    if (model && !reads(model)) {
      const others = [...binding.models.values()].filter((m) => m !== model && reads(m)).map((m) => `'${m.name}'`);
      throw new ServeError(
        `monitor: 'drift ${newer.target} ${newer.statistic}' cannot be measured: '${version.name}' is registered from model '${model.name}', which does not read '${newer.target}'${others.length ? ` (${others.join(', ')} ${others.length === 1 ? 'does' : 'do'})` : ''}: this monitor block watches another model; serve that one, or remove the line`,
      );
    }
    throw new ServeError(
      `monitor: 'drift ${newer.target} ${newer.statistic}' cannot be measured: '${version.name}' v${version.version} saved no drift reference for '${newer.target}' (the line is newer than that version): serve a version trained with this monitor block, or remove the line`,
    );
  }
  const [first] = unmeasurableDriftLines(config.monitor.drift, reference);
  if (first) throw new ServeError(first);
}

/** A served version that another pipeline registered under the name this file serves. */
export interface ForeignVersion {
  /** The pipeline that registered it, in words: `'narrow' (narrow.mlpipe)`. */
  who: string;
  /** The model it was trained from, and whether that model reads a feature (its own text's closure). */
  model: string;
  reads(feature: string): boolean;
  /** What to serve instead: this pipeline's latest version of the name, or training one. */
  instead: string;
}

/**
 * The served version's origin when another pipeline registered it, else undefined. Only another
 * `pipeline` name counts: the same name in another file is this pipeline moved, or a copy of it
 * being edited, whose version a newer line may well have outgrown.
 */
function foreignVersion(
  root: string,
  file: string,
  pipelineName: string,
  version: { name: string; version: number },
  origin: { pipelineName: string; pipelinePath: string } | undefined,
  loaded: LoadedRun,
): ForeignVersion | undefined {
  if (!origin || origin.pipelineName === pipelineName) return undefined;
  const runModel = loaded.binding.models.get(loaded.meta.model);
  const closure = runModel ? loaded.binding.featureClosure(runModel.inputs.map((i) => i.name)) : new Set<string>();
  const own = ownLatestVersion(root, file, version.name);
  const ref = own === undefined ? undefined : `${version.name}@${own}`;
  return {
    who: `'${origin.pipelineName}' (${basename(origin.pipelinePath)})`,
    model: loaded.meta.model,
    reads: (feature) => closure.has(feature),
    instead: ref
      ? `serve a version of '${pipelineName}' ('model = ${ref}' in the serve block, or '--model ${ref}')`
      : `train '${pipelineName}' ('mlpipe run ${basename(file)}') and serve its version`,
  };
}

/** The latest version of `name` that a run of `file` registered, or undefined. */
function ownLatestVersion(root: string, file: string, name: string): number | undefined {
  const store = openStore(root, { recover: false, readOnly: true });
  try {
    let latest: number | undefined;
    for (const v of openRegistry(store).listVersions(name, true)) {
      const run = store.getRun(v.runId);
      if (run && resolve(run.pipelinePath) === file && (latest === undefined || v.version > latest)) latest = v.version;
    }
    return latest;
  } catch {
    return undefined; // a damaged record: the advice falls back to training
  } finally {
    store.close();
  }
}

/**
 * Whether the served version's features read their request fields as this file's text does. A
 * model this file no longer defines, or a plan it cannot compile, reads them otherwise.
 */
function readsLikeThisFile(loaded: LoadedRun, binding: Binding): boolean {
  try {
    const current = requiredRequestFields(compilePlan(planInputOf(binding, loaded.meta.model)));
    return isDeepStrictEqual(current, requiredRequestFields(loaded.plan));
  } catch {
    return false;
  }
}

/**
 * A default the served version cannot take while this file's check passes: the version was
 * trained from an earlier text (say, before a fill_missing was added). Said so, or the refusal
 * names a missing fill that the file now holds.
 */
function olderVersionRefusal(version: { name: string; version: number; runId: string }, problem: string, file: string): ServeError {
  return new ServeError(
    `'${version.name}' v${version.version} (run ${version.runId}), the version served, was trained from another text of this pipeline and cannot take this serve block's default: ${problem}; or train the pipeline again ('mlpipe run ${basename(file)}') and serve that version`,
  );
}

export async function loadServedModel(pipelineFile: string, opts: LoadOptions = {}): Promise<ServedModel> {
  const file = resolve(pipelineFile);
  const analysis = await readPipeline(file);
  const { binding } = analysis;
  refuseBlockErrors(analysis, file, opts.monitor === false ? ['serve'] : ['serve', 'monitor']);
  const sourcesOf = (b: Binding) => [...b.tables.values()].flatMap((t) => (t.source ? [resolveFromPipeline(file, t.source)] : []));
  const config = servingConfig(binding, opts.model ? parseModelRef(opts.model) : undefined);
  const root = opts.root ?? findProjectRoot(dirname(file), { make: false });
  // The run store, not the folder: `.mlpipe/` also holds caches that a check alone makes. A file
  // where the store's folder belongs is not "no runs": `storeExists` refuses it.
  if (!storeExists(root)) throw new ServeError(`no runs in ${root}: train the pipeline first with 'mlpipe run ${pipelineFile}'`);
  const { version, weightsHash, origin, artifacts } = resolveVersion(root, config.model, binding.registered.has(config.model.name) ? trainCommand(binding, pipelineFile, config.model.name) : undefined, Boolean(opts.model));
  // Serving computes with the plain-JS forward pass; tfjs only reads the weights back, and the
  // cpu backend does that without probing for GPUs (seconds of startup).
  if (!selectedBackend()) await selectBackend('cpu');
  const loaded = await loadRunArtifacts(version.artifactDir, artifacts);
  const snapshot = await loaded.model.weights();
  loaded.model.dispose();
  // A version registered before runs refused a diverged training answers null for every row:
  // refused at start instead, with what to do.
  if (!snapshot.data.every(Number.isFinite)) {
    throw new ServeError(`'${version.name}' v${version.version} has weights that are not finite numbers (its training diverged): serve another version ('mlpipe rollback ${version.name}' or 'mlpipe promote'), and retrain with a lower 'learning_rate'`);
  }
  const forward = new DenseForward(loaded.model.spec, snapshot);
  // The run's own pipeline text defines the features; the current file says how to serve.
  const runBinding = loaded.binding;
  const monitor = opts.monitor ?? true;
  const modelInputs = new Set(loaded.plan.outputs.map((o) => o.feature));
  const inner = !monitor ? [] : config.monitor.drift.map((d) => d.target).filter((t) => t !== PREDICTION_TARGET && !modelInputs.has(t) && runBinding.features.has(t));
  const innerPlan = inner.length ? compilePlan({ ...planInputOf(runBinding, loaded.meta.model), inputs: [...new Set(inner)] }) : null;
  const innerEach = new Map([...new Set(inner)].map((t) => [t, compilePlan({ ...planInputOf(runBinding, loaded.meta.model), inputs: [t] })]));
  const { tables, files: historyFiles } = await loadHistories(loaded.plan, runBinding, file);
  // Times parsed by the engine's default rule, as training reads them.
  const history = buildHistoryIndex(loaded.plan, { tables });
  const reference = monitor ? await readReference(version.artifactDir) : null;
  const foreign = foreignVersion(root, file, analysis.file.pipeline?.name?.name ?? 'pipeline', version, origin, loaded);
  if (monitor) refuseUnmeasurable(config, reference, version, binding, () => foreign);
  // A default for no column of the data the served version trained on: the check's own
  // unknown-reference, which the check without data above could not make.
  if (loaded.meta.dataColumns) refuseBlockErrors(analysis, file, ['serve'], unknownServingDefaults(analysis, loaded.meta.dataColumns));
  // A default no request could use is refused once, here, rather than in every request's 400.
  const badDefault = serveDefaultProblems(loaded.plan, loaded.state, config.defaults)[0];
  if (badDefault) throw readsLikeThisFile(loaded, binding) ? new ServeError(badDefault) : olderVersionRefusal(version, badDefault, file);
  // A default unlike training's fill is skew the check reports as an error: served, every request
  // without the field would get a value training never filled in.
  for (const f of requiredRequestFields(loaded.plan)) {
    if ((f.default === undefined && f.filledAfter === undefined) || !Object.hasOwn(config.defaults, f.column)) continue;
    const served = config.defaults[f.column]!;
    // A missing-text default ("NA") fills nothing: the request reaches this fill, as training's rows did.
    if (fillsNothing(served)) continue;
    // The file's own fills passed the check above, so the version was trained from another text:
    // say so, or the message names a fill the file no longer holds.
    const trainedOtherwise = (why: string) =>
      new ServeError(`'${version.name}' v${version.version} (run ${version.runId}) was trained with another fill than this serve block's: ${why}, or train the pipeline again ('mlpipe run ${basename(file)}') and serve that version`);
    if (f.default !== undefined && !sameFill(served, f.default, loaded.state.columns[f.column]))
      throw trainedOtherwise(defaultMismatchMessage(f.column, served, f.defaultIn ?? f.features[0] ?? f.column, f.default));
    if (f.filledAfter !== undefined) throw trainedOtherwise(laterFillMismatchMessage(f.column, served, f.filledAfter.feature, f.filledAfter.value));
  }
  return {
    file,
    pipelineName: loaded.meta.pipelineName,
    root,
    config,
    name: version.name,
    version: version.version,
    stage: version.stage,
    runId: version.runId,
    weightsHash,
    run: { meta: loaded.meta, plan: loaded.plan, state: loaded.state },
    forward,
    history,
    innerPlan,
    innerEach,
    reference,
    sources: [...new Set([...sourcesOf(binding), ...sourcesOf(runBinding)])],
    historyFiles,
    ...(foreign ? { foreign: { who: foreign.who, model: foreign.model, instead: foreign.instead } } : {}),
  };
}
