/**
 * Retrain on drift (`on_drift = retrain`): a run on the sources' current content, through the
 * gates and `compare_to`, registered in staging only when they pass (never promoted by itself),
 * with `trigger: drift:<target>` recorded in the run. One retrain at a time per pipeline file;
 * an alert while one runs is recorded as such, not queued.
 */
import { runPipeline, type RunResult } from '../pipeline/run.js';

export interface RetrainOutcome {
  target: string;
  runId?: string;
  registered: RunResult['registered'];
  gatesPassed: boolean;
  error?: string;
}

/** Retrains in progress, by pipeline file (shared by every server in this process). */
const running = new Map<string, Promise<RetrainOutcome>>();

export class Retrainer {
  /** The latest retrain this retrainer started (tests and the editor wait on it). */
  last: Promise<RetrainOutcome> | null = null;

  constructor(
    private readonly file: string,
    private readonly root: string,
    /** Records how an alert's retrain ended. */
    private readonly onDone: (alertId: number, action: string, outcome: RetrainOutcome) => void,
  ) {}

  private stopped = false;

  /** No further retrains (the server is closing). */
  stop(): void {
    this.stopped = true;
  }

  get busy(): boolean {
    return running.has(this.file);
  }

  /** Starts a retrain for an alert unless one runs; returns what to record on the alert. */
  trigger(alertId: number, target: string): string {
    if (this.stopped) return 'recorded: the server is closing';
    if (running.has(this.file)) return 'recorded: a retrain of this pipeline is already running';
    const trigger = `drift:${target}`;
    const job = (async (): Promise<RetrainOutcome> => {
      // Let the request that crossed the window finish before training takes the thread.
      await new Promise((r) => setImmediate(r));
      try {
        const r = await runPipeline({ file: this.file, root: this.root, trigger });
        return { target, runId: r.runId, registered: r.registered, gatesPassed: r.gates.passed };
      } catch (e) {
        return { target, registered: null, gatesPassed: false, error: e instanceof Error ? e.message : String(e) };
      }
    })();
    const tracked = job.then((outcome) => {
      running.delete(this.file);
      const action = outcome.error
        ? `retrain failed: ${outcome.error}`
        : outcome.registered
          ? `retrain ${outcome.runId}: registered ${outcome.registered.name} v${outcome.registered.version} (${outcome.registered.stage})`
          : `retrain ${outcome.runId}: a gate failed, nothing registered`;
      this.onDone(alertId, action, outcome);
      return outcome;
    });
    running.set(this.file, tracked);
    this.last = tracked;
    return `retrain started (${trigger})`;
  }
}
