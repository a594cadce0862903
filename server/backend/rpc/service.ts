import { dirname, resolve } from 'node:path';
import type { BackendEvent, BackendMethod, CheckedFile, Curve, HelloResult, JobOutcome, ParamsOf, RefusalData, ResultOf, RunSummary } from '../../protocol/backend.js';
import type { RunRecord } from '../../protocol/tracking.js';
import { checkDocument } from '../check/checkDocument.js';
import { checkFiles, unreadableReason } from '../check/checkFiles.js';
import { readPipelineFile } from '../check/pipelineFile.js';
import { projectInspector } from '../check/projectInspector.js';
import { holdRetrain, runningRetrain } from '../monitor/retrain.js';
import { environmentChanges } from '../pipeline/environmentChanges.js';
import { errorLine, PipelineError } from '../pipeline/errors.js';
import { reproduceRun } from '../pipeline/reproduce.js';
import { runPipeline, type RunOptions, type RunResult } from '../pipeline/run.js';
import { scoreReadiness } from '../../mlpipe/readiness/index.js';
import { readDriftDetail } from '../monitor/driftDetail.js';
import { LogReader } from '../serve/log.js';
import { isStage } from '../registry/registry.js';
import { REGISTER_STAGES, STAGES } from '../../mlpipe/language/keywords.js';
import { BACKEND_REQUESTS, type BackendRequest } from '../train/index.js';
import type { Store } from '../tracking/store.js';
import { deleteRunsRequest } from './deleteRuns.js';
import { downsampleMinMax } from './downsample.js';
import { Jobs } from './jobs.js';
import { probeNativeModules } from './nativeModules.js';
import { unavailableServing, type Serving } from './serving.js';
import { Stores } from './stores.js';
import { isAbort } from '../abort.js';

export type Handlers = { [M in BackendMethod]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/** A request that cannot be answered for a reason the user can fix: its message is shown as is. */
export class RequestError extends Error {
  constructor(
    message: string,
    /** Sent as the JSON-RPC error's `data`: what the editor offers besides the message. */
    readonly data?: RefusalData,
  ) {
    super(message);
  }
}

const DEFAULT_BUCKETS = 500;
const MAX_PROBLEMS = 5;

function summary(r: RunRecord): RunSummary {
  const { pipelineText: _t, environment: _e, ...rest } = r;
  return rest;
}

function need(cond: unknown, message: string): asserts cond {
  if (!cond) throw new RequestError(message);
}

function curveOf(store: Store, runId: string, key: string, buckets: number): Curve {
  const points = store.getMetricSeries(runId, key).map((p) => ({ step: p.step, value: p.value }));
  return { runId, key, points: downsampleMinMax(points, buckets), total: points.length };
}

/**
 * Everything the backend process does, with no transport: `main.ts` wires these handlers to
 * JSON-RPC over stdio, and tests call them directly or over a real connection. Events go to
 * `emit`.
 */
export class BackendService {
  readonly jobs = new Jobs();
  readonly stores: Stores;

  constructor(
    private readonly emit: (event: BackendEvent) => void,
    private readonly version: string,
    private readonly serving: Serving = unavailableServing,
  ) {
    this.stores = new Stores((root) => emit({ kind: 'storeChanged', root }), (root) => this.jobs.busy(root));
  }

  readonly handlers: Handlers = {
    'mlpipe/hello': async (): Promise<HelloResult> => ({
      version: this.version,
      pid: process.pid,
      node: process.version,
      abi: Number(process.versions.modules),
      modules: probeNativeModules(),
      features: { serve: this.serving.available, drift: this.serving.available },
    }),

    'runs/list': async ({ folder, pipelinePath, limit }) => {
      const { store } = this.stores.get(folder);
      return store.listRuns({ pipelinePath: pipelinePath && resolve(pipelinePath), limit }).map(summary);
    },

    'runs/get': async ({ folder, runId, buckets }) => {
      const { store } = this.stores.get(folder);
      const run = store.getRun(runId);
      need(run, `no run '${runId}' in this project`);
      const curves = store.metricKeys(runId).map((key) => curveOf(store, runId, key, buckets ?? DEFAULT_BUCKETS));
      const artifacts = store.listArtifacts(runId).map((a) => ({ name: a.name, path: a.path, bytes: a.bytes }));
      const reproductions = store
        .listRuns({ pipelinePath: run.pipelinePath })
        .filter((r) => r.parentRunId === runId)
        .map((r) => {
          const identical = r.weightsHash && run.weightsHash ? r.weightsHash === run.weightsHash : null;
          const changed = identical === false ? environmentChanges(run.environment, r.environment) : [];
          return { runId: r.id, status: r.status, identical, ...(changed.length ? { changed } : {}) };
        });
      return { run, curves, artifacts, reproductions };
    },

    'runs/curves': async ({ folder, runIds, key, buckets }) => {
      need(Number.isInteger(buckets) && buckets >= 1, `buckets must be a whole number >= 1, got ${buckets}`);
      const { store } = this.stores.get(folder);
      return runIds.filter((id) => store.getRun(id)).map((id) => curveOf(store, id, key, buckets));
    },

    'runs/delete': async (params) => deleteRunsRequest(this.stores, this.emit, params),

    'run/start': async ({ jobId, file, backend, model }) => {
      need(backend === undefined || (BACKEND_REQUESTS as readonly string[]).includes(backend), `backend must be one of ${BACKEND_REQUESTS.join(', ')}, not '${backend}'`);
      const abs = resolve(file);
      return this.track(jobId, abs, undefined, (hooks) =>
        runPipeline({ file: abs, backend: backend as BackendRequest | undefined, model, root: this.stores.rootOf(dirname(abs)), ...hooks }),
      );
    },

    'run/reproduce': async ({ jobId, folder, runId }) => {
      const { root, store } = this.stores.get(folder);
      const original = store.getRun(runId);
      need(original, `no run '${runId}' in this project`);
      return this.track(jobId, original.pipelinePath, runId, async (hooks) => {
        const r = await reproduceRun(runId, { root, ...hooks });
        return { ...r.run, reproduce: { of: runId, identical: r.identical, originalWeightsHash: r.originalWeightsHash, ...(r.changed.length ? { changed: r.changed } : {}) } };
      });
    },

    'run/retrain': async ({ jobId, file }) => {
      const abs = resolve(file);
      // The drift retrain's own path: runPipeline with a trigger reads the sources as they are now,
      // runs the gates and compare_to, and registers in staging only.
      return this.track(jobId, abs, undefined, (hooks) => {
        const root = this.stores.rootOf(dirname(abs));
        const held = holdRetrain(abs, () => runPipeline({ file: abs, root, trigger: 'manual', ...hooks }), 'manual', root);
        if (!held) throw new RequestError(`a retrain of '${abs}' is already running (${runningRetrain(abs) ?? 'started by a server in another process'}); wait for it to finish`);
        return held;
      });
    },

    'run/cancel': async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),

    'check/files': async ({ files }) =>
      (await checkFiles(files)).map((c): CheckedFile =>
        c.unreadable !== undefined
          ? { file: c.file, errors: 1, warnings: 0, problems: [`cannot read: ${c.unreadable}`] }
          : {
              file: c.file,
              errors: c.diagnostics.filter((d) => d.severity === 'error').length,
              warnings: c.diagnostics.filter((d) => d.severity === 'warning').length,
              problems: c.diagnostics.slice(0, MAX_PROBLEMS).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`),
            },
      ),

    'readiness/score': async ({ file, text }) => {
      const abs = resolve(file);
      let source = text;
      if (source === undefined) {
        try {
          source = await readPipelineFile(abs);
        } catch (e) {
          throw new RequestError(`cannot read '${abs}': ${unreadableReason(e)}`);
        }
      }
      return scoreReadiness(await checkDocument(abs, source, projectInspector()));
    },

    'models/list': async ({ folder }) => this.stores.get(folder).registry.listModels(),

    'models/promote': async ({ folder, name, version, stage, reason }) => {
      need(isStage(stage), `stage must be one of ${STAGES.join(', ')}, not '${stage}'`);
      const v = this.stores.get(folder).registry.promote(name, version, stage, { actor: 'mlpipe editor', reason: reason || `promoted to ${stage} from the editor` });
      this.emit({ kind: 'registryChanged', folder, name });
      return v;
    },

    'models/rollback': async ({ folder, name, reason }) => {
      const v = this.stores.get(folder).registry.rollback(name, { actor: 'mlpipe editor', ...(reason ? { reason } : {}) });
      this.emit({ kind: 'registryChanged', folder, name });
      return v;
    },

    'models/register': async ({ folder, name, runId, stage, reason }) => {
      need(stage === undefined || (REGISTER_STAGES as readonly string[]).includes(stage), `stage must be one of ${REGISTER_STAGES.join(', ')}, not '${stage}'`);
      // The registry's own refusals (unknown, unfinished or already registered run; a bad name), in the CLI's words.
      const v = this.stores.get(folder).registry.register(name, runId, stage ?? 'staging', { actor: 'mlpipe editor', reason: reason || 'registered by hand from the editor' });
      this.emit({ kind: 'registryChanged', folder, name });
      return v;
    },

    'models/history': async ({ folder, name }) => this.stores.get(folder).registry.auditLog(name),

    'serve/list': async () => this.serving.list(),
    'serve/start': async ({ file, port }) => {
      const endpoint = await this.serving.start(resolve(file), port);
      this.emit({ kind: 'serverUp', endpoint });
      return endpoint;
    },
    'serve/stop': async ({ url }) => {
      const stopped = await this.serving.stop(url);
      if (stopped) this.emit({ kind: 'serverDown', url, reason: 'stopped from the editor' });
      return { stopped };
    },

    'drift/detail': async ({ url, history }) => {
      need(history === undefined || (Number.isInteger(history) && history >= 0), `history must be a whole number >= 0, got ${history}`);
      const found = this.serving.find(url);
      // A Drift panel outlives its server (restored after a reload, or the backend restarted): say how to get it back.
      need(found, `no model is served on ${url} by this window now (its server stopped, or the window reloaded): serve the pipeline again, then 'mlpipe: Show Drift'`);
      const { server, file } = found;
      const served = server.served;
      const head = { url, file, model: served.name, version: served.version };
      if (!server.log) return { ...head, window: served.config.monitor.window, filled: 0, targets: [], alerts: [], note: 'prediction logging is off for this server, so nothing is measured' };
      // Rows still queued for the log belong to the window the user is looking at.
      await server.log.flush();
      const reader = LogReader.toRead(served.root);
      try {
        return { ...head, ...readDriftDetail(served, reader, history) };
      } finally {
        reader.close();
      }
    },
  };

  /** Runs one training job with its events: started, stages, epochs, finished. */
  private async track(
    jobId: string,
    file: string,
    reproduces: string | undefined,
    work: (hooks: Pick<RunOptions, 'signal' | 'onEpoch' | 'onStage' | 'onRunCreated'>) => Promise<RunResult & { reproduce?: JobOutcome['reproduce'] }>,
  ): Promise<JobOutcome> {
    const root = this.stores.rootOf(dirname(file));
    let job;
    try {
      job = this.jobs.start(jobId, file, root);
    } catch (e) {
      throw new RequestError((e as Error).message);
    }
    let runId: string | null = null;
    let pipelineName = '';
    try {
      const r = await work({
        signal: job.controller.signal,
        onRunCreated: (id, name) => {
          runId = job.runId = id;
          pipelineName = name;
          this.emit({ kind: 'runStarted', jobId, runId: id, file, pipelineName, ...(reproduces ? { reproduces } : {}) });
        },
        onStage: (message) => this.emit({ kind: 'stage', jobId, message }),
        onEpoch: (e) => runId && this.emit({ kind: 'epoch', jobId, runId, epoch: e.epoch, epochs: e.epochs, loss: e.loss, ...(e.valLoss === undefined ? {} : { valLoss: e.valLoss }), seconds: e.seconds }),
      });
      this.emit({ kind: 'runFinished', jobId, runId: r.runId, file, status: 'completed', metrics: r.metrics });
      if (r.registered) this.emit({ kind: 'registryChanged', folder: root, name: r.registered.name });
      return {
        jobId,
        runId: r.runId,
        status: 'completed',
        pipelineName,
        model: r.model,
        backend: r.backend,
        metrics: r.metrics,
        gates: { passed: r.gates.passed, results: r.gates.results.map((g) => ({ metric: g.metric, op: g.op, threshold: g.threshold, actual: g.actual, passed: g.passed })), comparisons: r.gates.comparisons },
        registered: r.registered,
        ...(r.sharedName ? { sharedName: r.sharedName } : {}),
        weightsHash: r.weightsHash,
        seconds: r.seconds,
        artifactDir: r.artifactDir,
        ...(r.reproduce ? { reproduce: r.reproduce } : {}),
      };
    } catch (e) {
      const interrupted = isAbort(e);
      // A check refusal names its first error: the editor's notification shows no diagnostics,
      // and a file trained from the tree may not be open to show them.
      const error = interrupted ? 'cancelled' : errorLine(e);
      this.emit({ kind: 'runFinished', jobId, runId, file, status: interrupted ? 'interrupted' : 'failed', error, metrics: {} });
      // The editor offers the Problems view for a check refusal of the user's file; a
      // reproduction's refusal is about the text its run recorded, which no editor shows.
      const check = !interrupted && !reproduces && e instanceof PipelineError && e.diagnostics.some((d) => d.severity === 'error');
      throw new RequestError(interrupted ? `the run${runId ? ` ${runId}` : ''} was cancelled` : error, check ? { reason: 'check' } : undefined);
    } finally {
      this.jobs.end(jobId);
      this.stores.watch(root);
    }
  }

  async close(): Promise<void> {
    this.jobs.cancelAll();
    await this.serving.closeAll();
    this.stores.close();
  }
}
