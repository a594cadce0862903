/**
 * Retrain on drift (`on_drift = retrain`): a run on the sources' current content, through the
 * gates and `compare_to`, registered in staging only when they pass (never promoted by itself),
 * with `trigger: drift:<target>` recorded in the run. One retrain at a time per pipeline file;
 * an alert while one runs is recorded as such, not queued.
 *
 * The run happens in a child process (`retrainChild.ts`) so training never takes the serving
 * process's event loop; a child that crashes or is killed ends the retrain as failed, with the
 * reason, and serving goes on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { retrainResult, type DriftAlert, type RetrainRequest } from '../../protocol/serving.js';
import type { RunRecord } from '../../protocol/tracking.js';
import { DB_DIR, DB_FILE, openStore } from '../tracking/store.js';
import { ownerState, type Owner } from '../tracking/liveness.js';
import { takeRetrainLock } from './retrainLock.js';

export interface RetrainOutcome {
  target: string;
  runId?: string;
  registered: { name: string; version: number; stage: string } | null;
  gatesPassed: boolean;
  /** Why nothing was registered: a failed gate, or worse than the compare_to stage. */
  notRegistered?: string;
  /** Why no retrain ran: nothing changed since the last run of the model. */
  skipped?: string;
  error?: string;
}

/**
 * Retrains in progress, by pipeline file (shared by every server in this process), with the
 * trigger that started each (`manual`, `drift:<target>`): an alert recorded meanwhile names it, so
 * the other alerts of one evaluation point at the retrain their first alert started.
 */
const running = new Map<string, { job: Promise<unknown>; trigger: string }>();

/**
 * One retrain at a time per pipeline, whoever starts it: a retrain started by hand (the editor's
 * Retrain now) holds the pipeline through this, so a drift alert meanwhile is recorded, not run,
 * and a manual retrain is refused while a drift retrain runs. Returns the job's promise, or null
 * (the job not started) when a retrain of `file` is already running.
 */
export function holdRetrain<T>(file: string, job: () => Promise<T>, trigger = 'manual', root?: string): Promise<T> | null {
  if (running.has(file)) return null;
  // With the store's root, a server of the pipeline in another process holds it too.
  const lock = root === undefined ? () => {} : takeRetrainLock(root, file, trigger);
  if (typeof lock !== 'function') return null;
  let started: Promise<T>;
  try {
    started = job();
  } catch (e) {
    lock();
    throw e;
  }
  const tracked = started.finally(() => {
    running.delete(file);
    lock();
  });
  running.set(file, { job: tracked, trigger });
  return tracked;
}

/** What started the retrain of `file` running now, in words (`started by hand`, `drift:<target>`); undefined when none runs. */
export function runningRetrain(file: string): string | undefined {
  const by = running.get(file)?.trigger;
  return by === undefined ? undefined : by === 'manual' ? 'started by hand' : by;
}

/** What an alert records when a retrain of its pipeline is already running. */
function alreadyRunningAction(file: string): string {
  const by = runningRetrain(file);
  return `recorded: a retrain of this pipeline is already running${by ? ` (${by})` : ''}`;
}

/** What an alert records while its retrain runs, until the outcome replaces it. */
const STARTED = 'retrain started (';
const startedAction = (trigger: string): string => `${STARTED}${trigger})`;
const CUT_SHORT = 'the server stopped before the retrain finished';
export const RETRAIN_CUT_SHORT = `retrain failed: ${CUT_SHORT}`;

/** Whether an alert's action still says its retrain runs ('retrain started (…)'). */
export function saysRetrainStarted(action: string | null): boolean {
  return action?.startsWith(STARTED) === true;
}

/** A run as `retrainActionNow` reads it: `listRuns` records, of the alert's pipeline. */
export type RetrainRun = Pick<RunRecord, 'id' | 'status' | 'startedAt' | 'params' | 'error'>;

/**
 * What an alert whose action still says 'retrain started (TRIGGER)' means now, read from the run
 * store: the retrain's run is the first run with that `trigger` that started at or after the
 * alert (a server retrains one at a time, so a later one of the same trigger started only after
 * this one's outcome was recorded). A run still running (its process alive: the store marks a dead
 * owner's run interrupted when it opens) keeps the action; an interrupted one ended with its server
 * (retrainChild.ts), a failed one failed, and a completed one finished after its server stopped,
 * none of which that server lived to record. Without such a run, or with one still running, a
 * report keeps the action (its process may not have created the run yet); `serverGone` (a server
 * starting, which settles what an earlier one left, or a report that found the alert's server
 * process dead) says the retrain did not finish, as its process ends with the channel to its
 * server. `mlpipe drift` showed 'retrain started' for a server killed with kill -9 until a server
 * of the pipeline started again, and, when the kill came before the retrain had made its run,
 * until then even with the run store read.
 */
export function retrainActionNow(alert: { at: string; action: string | null }, runs: readonly RetrainRun[], serverGone = false): string | null {
  if (!saysRetrainStarted(alert.action)) return alert.action;
  const trigger = alert.action!.slice(STARTED.length, -1);
  const from = Date.parse(alert.at);
  let run: RetrainRun | undefined;
  for (const r of runs) {
    const at = Date.parse(r.startedAt);
    if (r.params?.trigger !== trigger || !(at >= from)) continue;
    if (run === undefined || at < Date.parse(run.startedAt)) run = r;
  }
  if (run === undefined || run.status === 'running') return serverGone ? RETRAIN_CUT_SHORT : alert.action;
  switch (run.status) {
    case 'interrupted':
      return RETRAIN_CUT_SHORT;
    case 'failed':
      return `retrain failed: ${run.error ?? 'no reason recorded'}`;
    case 'completed':
      return `retrain ${run.id}: finished after the server stopped, so its outcome was not recorded here ('mlpipe runs' shows the run)`;
  }
}

/** The runs of `pipeline` in the store at `root` that started at or after the earliest of `alerts`. */
export function retrainRuns(root: string, pipeline: string, alerts: ReadonlyArray<{ at: string }>): RetrainRun[] {
  const from = Math.min(...alerts.map((a) => Date.parse(a.at)));
  // Only reads: a store this user may not write (`mlpipe drift` on a CI artifact) is read read-only.
  const store = openStore(root, { readOnly: true });
  try {
    return store.listRuns({ pipelineName: pipeline, ...(Number.isFinite(from) ? { startedFrom: from } : {}) });
  } finally {
    store.close();
  }
}

/**
 * A report's alerts with what the run store knows of each retrain still marked started
 * (`retrainActionNow`), for a report read without the server that recorded them (`mlpipe drift`,
 * the editor's Drift panel). `servers`: per alert id, the server process that set its action
 * (log format 5); one certainly gone took its retrain with it, run or no run yet. A store that
 * cannot be read leaves the alerts as logged.
 */
export function withRetrainOutcomes(alerts: DriftAlert[], root: string, pipeline: string, servers: ReadonlyMap<number, Owner | null> = new Map()): DriftAlert[] {
  const started = alerts.filter((a) => saysRetrainStarted(a.action));
  if (started.length === 0) return alerts;
  let runs: RetrainRun[];
  try {
    runs = retrainRuns(root, pipeline, started);
  } catch {
    return alerts;
  }
  const gone = (id: number): boolean => {
    const server = servers.get(id);
    return server != null && ownerState(server) === 'dead';
  };
  return alerts.map((a) => (saysRetrainStarted(a.action) ? { ...a, action: retrainActionNow(a, runs, gone(a.id)) } : a));
}

/**
 * A server that was killed during a retrain never recorded its outcome, and its retrain process
 * ended with it (retrainChild.ts): at the next start those alerts say what the run store knows
 * of their retrain (`retrainActionNow`: a run that finished or failed after all says so), else that
 * the server stopped before the retrain finished, instead of 'retrain started' for ever.
 */
export function settleUnfinishedRetrains(
  alerts: ReadonlyArray<{ id: number; at: string; action: string | null }>,
  runs: (started: ReadonlyArray<{ at: string }>) => readonly RetrainRun[],
  setAction: (id: number, action: string) => void,
): void {
  const started = alerts.filter((a) => saysRetrainStarted(a.action));
  if (started.length === 0) return;
  let known: readonly RetrainRun[];
  try {
    known = runs(started);
  } catch {
    known = []; // a store that cannot be read: each says the server stopped, as before the store was asked
  }
  for (const a of started) {
    const now = retrainActionNow(a, known, true);
    if (now !== null && now !== a.action) setAction(a.id, now);
  }
}

/** Lines of the child's stderr kept for a crash's reason. */
const STDERR_TAIL = 20;

/**
 * Forks the retrain process: the bundled dist/retrainWorker.js (beside dist/backend.js, or one
 * folder up from the CLI's per-command bundles), or, running from source, the TypeScript entry
 * through tsx's loader.
 */
function forkRetrain(): ChildProcess {
  const bundled = [join(__dirname, 'retrainWorker.js'), join(__dirname, '..', 'retrainWorker.js')].find((p) => existsSync(p));
  const stdio: ['ignore', 'ignore', 'pipe', 'ipc'] = ['ignore', 'ignore', 'pipe', 'ipc'];
  if (bundled) return fork(bundled, [], { stdio, execArgv: [] });
  // A computed name: esbuild must not try to bundle the development-only tsx.
  const tsx = pathToFileURL(require.resolve(['tsx'].join(''))).href;
  return fork(join(__dirname, 'retrainChild.ts'), [], { stdio, execArgv: ['--import', tsx] });
}

/** Runs one retrain in a child process; resolves with its outcome, never rejects. */
function retrainInChild(request: RetrainRequest, target: string, started: (child: ChildProcess) => void): Promise<RetrainOutcome> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = forkRetrain();
    } catch (e) {
      resolve({ target, registered: null, gatesPassed: false, error: `the retrain process could not start: ${(e as Error).message}` });
      return;
    }
    started(child);
    let settled = false;
    const settle = (outcome: RetrainOutcome): void => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const stderr: string[] = [];
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr.push(...chunk.split('\n').filter((l) => l.trim()));
      stderr.splice(0, Math.max(0, stderr.length - STDERR_TAIL));
    });
    child.on('message', (message: unknown) => {
      const parsed = retrainResult.safeParse(message);
      if (!parsed.success) return settle({ target, registered: null, gatesPassed: false, error: 'the retrain process answered a malformed message' });
      const m = parsed.data;
      settle(
        m.type === 'done'
          ? { target, runId: m.runId, registered: m.registered, gatesPassed: m.gatesPassed, notRegistered: m.notRegistered }
          : m.type === 'skipped'
            ? { target, registered: null, gatesPassed: false, skipped: m.reason }
            : { target, registered: null, gatesPassed: false, error: m.error },
      );
    });
    child.on('error', (e) => settle({ target, registered: null, gatesPassed: false, error: `the retrain process failed: ${e.message}` }));
    child.on('exit', (code, signal) => {
      // An answer arrives before the exit it triggers; an exit without one is a crash.
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      const last = stderr.filter((l) => !/^\s+at /.test(l)).at(-1);
      settle({ target, registered: null, gatesPassed: false, error: `the retrain process ${how} before it finished${last ? `: ${last.trim()}` : ''}` });
    });
    child.send(request);
  });
}

/** A file as a skipped retrain's verdict depends on it: identity, size and times ('-' when missing). */
function fileState(path: string): string {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return '-';
  }
}

export class Retrainer {
  /** The latest retrain this retrainer started (tests and the editor wait on it). */
  last: Promise<RetrainOutcome> | null = null;
  /** The process of the retrain running now, if any. */
  child: ChildProcess | null = null;

  /** The pipeline file as the server started with it: `inputs` name the sources it read then. */
  private readonly startedWith: string;
  /**
   * The last child's "nothing changed since the last retrain", with the state of every file that
   * verdict read: while none has changed, the next alert gets the same answer without a child.
   * A drift that persists alerted every window, and each alert forked a process that loaded the
   * bundle and hashed every source again (0.9 s a time on 3,000 rows; 64 children in 220 windows).
   */
  private unchanged: { state: string; reason: string } | null = null;

  constructor(
    private readonly file: string,
    private readonly root: string,
    /** Records how an alert's retrain ended. */
    private readonly onDone: (alertId: number, action: string, outcome: RetrainOutcome) => void,
    /** The sources the pipeline reads (absolute); without them every alert asks a child. */
    private readonly inputs: readonly string[] = [],
    /** The registered model being served: a retrain trains the model its `register` block takes. */
    private readonly registeredAs?: string,
  ) {
    this.startedWith = fileState(file);
  }

  /**
   * The pipeline file, the run store (a training run or a reproduction changes the verdict) and
   * every source; null when the file is not the one whose sources `inputs` names.
   */
  private inputsState(): string | null {
    if (this.inputs.length === 0 || fileState(this.file) !== this.startedWith) return null;
    const store = join(this.root, DB_DIR, DB_FILE);
    return [this.file, store, `${store}-wal`, ...this.inputs].map(fileState).join('|');
  }

  private stopped = false;
  /**
   * Alerts recorded as waiting on this retrainer's running retrain ('already running'): when that
   * retrain is skipped (nothing changed since the last), theirs would have been too, and they say
   * so instead of naming a retrain that never ran.
   */
  private joined: number[] = [];
  private readonly doneFollowers = new Set<(action: string, outcome: RetrainOutcome, alertIds: readonly number[]) => void>();

  /**
   * Calls `f` with each retrain's recorded action once it has ended, and the alerts it was recorded
   * on (the one that started it; for a skip, those that waited on it too): a reader that showed
   * those alerts' earlier actions can show what was recorded. Returns the unfollow.
   */
  followDone(f: (action: string, outcome: RetrainOutcome, alertIds: readonly number[]) => void): () => void {
    this.doneFollowers.add(f);
    return () => this.doneFollowers.delete(f);
  }

  /** No further retrains (the server is closing). */
  stop(): void {
    this.stopped = true;
  }

  /** Set by `cancel`: the running retrain's end is the server's stop, not a crash. */
  private cancelled = false;

  /**
   * No further retrains, and the running one stops: its process sees its channel close, ends its
   * run as interrupted (between batches) and exits; its alert records RETRAIN_CUT_SHORT once it
   * has. `mlpipe serve` stopped by Ctrl-C or SIGTERM waited for the whole retrain to finish,
   * saying nothing (minutes for a large model), and then did not say how it ended.
   * Returns whether a retrain was running.
   */
  cancel(): boolean {
    this.stopped = true;
    const child = this.child;
    if (child === null || !child.connected) return false;
    this.cancelled = true;
    child.disconnect();
    return true;
  }

  get busy(): boolean {
    return running.has(this.file);
  }

  /** Starts a retrain for an alert unless one runs; returns what to record on the alert. */
  trigger(alertId: number, target: string): string {
    if (this.stopped) return 'recorded: the server is closing';
    if (running.has(this.file)) {
      if (this.last !== null && running.get(this.file)?.job === this.last) this.joined.push(alertId);
      return alreadyRunningAction(this.file);
    }
    const before = this.inputsState();
    if (this.unchanged && before !== null && before === this.unchanged.state) return `no retrain: ${this.unchanged.reason}`;
    const trigger = `drift:${target}`;
    const lock = takeRetrainLock(this.root, this.file, trigger);
    if (typeof lock !== 'function') return `recorded: a retrain of this pipeline is already running in another process (${lock.heldBy})`;
    const job = retrainInChild({ type: 'retrain', file: this.file, root: this.root, trigger, ...(this.registeredAs !== undefined ? { registeredAs: this.registeredAs } : {}) }, target, (child) => (this.child = child));
    const tracked = job.then((result) => {
      // Cut short by cancel(): its process exits without an answer, which reads as a crash.
      const outcome = this.cancelled && result.error !== undefined ? { ...result, error: CUT_SHORT } : result;
      running.delete(this.file);
      lock();
      this.child = null;
      // Kept only when nothing changed while the child looked (its own reads write nothing).
      this.unchanged = outcome.skipped !== undefined && before !== null && this.inputsState() === before ? { state: before, reason: outcome.skipped } : null;
      const action = outcome.error
        ? `retrain failed: ${outcome.error}`
        : outcome.skipped !== undefined
          ? `no retrain: ${outcome.skipped}`
          : outcome.registered
          ? `retrain ${outcome.runId}: registered ${outcome.registered.name} v${outcome.registered.version} (${outcome.registered.stage})`
          : `retrain ${outcome.runId}: ${outcome.notRegistered ?? 'a gate failed'}, nothing registered`;
      const joined = this.joined;
      this.joined = [];
      const recordedOn = outcome.skipped !== undefined ? [alertId, ...joined] : [alertId];
      try {
        for (const id of recordedOn) this.onDone(id, action, outcome);
      } catch {
        // The log closed under a killed server's retrain: the run itself is in the store.
      }
      for (const f of this.doneFollowers) f(action, outcome, recordedOn);
      return outcome;
    });
    running.set(this.file, { job: tracked, trigger });
    this.last = tracked;
    return startedAction(trigger);
  }
}
