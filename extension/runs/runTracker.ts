import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { BackendEvent, EndpointInfo, JobOutcome } from '../../server/protocol/backend.js';
import { messageOf } from '../backend/backendCommand.js';
import { isCheckRefusal } from '../format/backendText.js';
import type { BackendSession } from '../backend/backendSession.js';
import type { BackendRpc } from '../backend/rpcClient.js';
import { formatMetric } from '../format/runText.js';
import { notRegisteredReason } from '../../server/mlpipe/evaluate/gateText.js';
import { savedNote } from './savedPipeline.js';
import { ServeStarts } from './serveStarts.js';

export interface ActiveJob {
  jobId: string;
  file: string;
  kind: 'train' | 'reproduce';
  runId?: string;
  epoch?: number;
  epochs?: number;
  loss?: number;
  stage?: string;
}

export const SHOW_RUN = 'mlpipe.showRun';

/**
 * Training jobs started from this window: their live state (for CodeLens and trees), their
 * VS Code progress (epoch, loss; cancellable) and the message at the end; and, the same way,
 * the model servers being started.
 */
export class RunTracker implements vscode.Disposable {
  private readonly jobs = new Map<string, ActiveJob>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChange = this.changed.event;
  /** Servers starting from this window: the `▶ Serve` lens says so until they listen or fail. */
  readonly serving = new ServeStarts(() => this.changed.fire());

  constructor(private readonly session: BackendSession) {
    this.subscriptions = [
      session.onEvent((e) => this.follow(e)),
      session.onDidChangeState((s) => {
        if (s.kind !== 'ready' && this.jobs.size) {
          this.jobs.clear();
          this.changed.fire();
        }
      }),
    ];
  }

  jobFor(file: string): ActiveJob | undefined {
    for (const j of this.jobs.values()) if (j.file === file) return j;
    return undefined;
  }

  get active(): ActiveJob[] {
    return [...this.jobs.values()];
  }

  /** `saved`: the editor's changes were saved for this run, which the progress says. */
  train(rpc: BackendRpc, file: string, model?: string, saved = false): Promise<JobOutcome | undefined> {
    return this.withJob(rpc, { jobId: randomUUID(), file, kind: 'train' }, `training ${basename(file)}${savedNote(saved)}`, (jobId) =>
      rpc.request('run/start', { jobId, file, ...(model ? { model } : {}) }),
    );
  }

  /** Retrains by hand through the drift retrain's path (staging only, 'trigger: manual'). */
  retrain(rpc: BackendRpc, file: string, saved = false): Promise<JobOutcome | undefined> {
    return this.withJob(rpc, { jobId: randomUUID(), file, kind: 'train' }, `retraining ${basename(file)}${savedNote(saved)}`, (jobId) => rpc.request('run/retrain', { jobId, file }));
  }

  reproduce(rpc: BackendRpc, folder: string, file: string, runId: string): Promise<JobOutcome | undefined> {
    return this.withJob(rpc, { jobId: randomUUID(), file, kind: 'reproduce' }, `reproducing ${runId}`, (jobId) =>
      rpc.request('run/reproduce', { jobId, folder, runId }),
    );
  }

  /** Starts `file`'s model server, with a progress notification until it listens or fails. */
  serve(rpc: BackendRpc, file: string, saved = false): Promise<EndpointInfo> {
    const title = `mlpipe: starting the server of ${basename(file)}${savedNote(saved)}`;
    return this.serving.track(file, () =>
      Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, (progress) => {
          progress.report({ message: 'loading the model and its history…' });
          return rpc.request('serve/start', { file });
        }),
      ),
    );
  }

  async cancel(rpc: BackendRpc, file: string): Promise<boolean> {
    const job = this.jobFor(file);
    if (!job) return false;
    return (await rpc.request('run/cancel', { jobId: job.jobId })).cancelled;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  private follow(e: BackendEvent): void {
    if (!('jobId' in e)) return;
    const job = this.jobs.get(e.jobId);
    if (!job) return;
    if (e.kind === 'runStarted') job.runId = e.runId;
    else if (e.kind === 'stage') job.stage = e.message;
    else if (e.kind === 'epoch') Object.assign(job, { runId: e.runId, epoch: e.epoch, epochs: e.epochs, loss: e.loss });
    else if (e.kind === 'runFinished') this.jobs.delete(e.jobId);
    this.changed.fire();
  }

  private withJob(rpc: BackendRpc, job: ActiveJob, title: string, request: (jobId: string) => Promise<JobOutcome>): Promise<JobOutcome | undefined> {
    if (this.jobFor(job.file)) {
      void vscode.window.showWarningMessage(`mlpipe: '${basename(job.file)}' is already training; cancel it first.`);
      return Promise.resolve(undefined);
    }
    this.jobs.set(job.jobId, job);
    this.changed.fire();
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `mlpipe: ${title}`, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => void rpc.request('run/cancel', { jobId: job.jobId }).catch(() => undefined));
        let shown = 0;
        const sub = this.session.onEvent((e) => {
          if (!('jobId' in e) || e.jobId !== job.jobId) return;
          if (e.kind === 'stage') progress.report({ message: e.message });
          else if (e.kind === 'epoch') {
            const done = (100 * e.epoch) / e.epochs;
            progress.report({ message: `epoch ${e.epoch}/${e.epochs} · loss ${formatMetric(e.loss)}`, increment: done - shown });
            shown = done;
          }
        });
        try {
          const outcome = await request(job.jobId);
          void this.announce(outcome, job.file);
          return outcome;
        } catch (e) {
          const message = messageOf(e);
          if (/cancelled/.test(message)) void vscode.window.showInformationMessage(`mlpipe: ${message}.`);
          else if (isCheckRefusal(e)) void this.showProblems(message, job.file);
          else void vscode.window.showErrorMessage(`mlpipe: ${message}`, 'Show Output').then((c) => c && vscode.commands.executeCommand('mlpipe.showOutput'));
          return undefined;
        } finally {
          sub.dispose();
          if (this.jobs.delete(job.jobId)) this.changed.fire();
        }
      }),
    );
  }

  /**
   * A run the check refused: its errors are the Problems view's, which lists a file's diagnostics
   * once it is open (a file trained from the Experiments tree may not be), so it is opened first.
   */
  private async showProblems(message: string, file: string): Promise<void> {
    if ((await vscode.window.showErrorMessage(`mlpipe: ${message}`, 'Show Problems')) !== 'Show Problems') return;
    await vscode.workspace.openTextDocument(file).then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  private async announce(o: JobOutcome, file: string): Promise<void> {
    const metrics = Object.entries(o.metrics)
      .slice(0, 3)
      .map(([k, v]) => `${k} ${formatMetric(v)}`)
      .join(', ');
    let text: string;
    if (o.reproduce) {
      const changed = o.reproduce.changed?.length ? ` (${o.reproduce.changed.join('; ')})` : '';
      text = `reproduced ${o.reproduce.of} as ${o.runId}: weights ${o.reproduce.identical ? 'identical' : 'DIFFERENT'}${changed}`;
    }
    else {
      const reg = o.registered ? `; registered ${o.registered.name} v${o.registered.version} (${o.registered.stage})` : o.gates.passed ? '' : `; ${notRegisteredReason(o.gates)}, nothing registered`;
      text = `run ${o.runId} finished in ${o.seconds.toFixed(1)} s: ${metrics}${reg}${o.sharedName ? `. ${o.sharedName}` : ''}`;
    }
    // A name shared with another pipeline's versions is worth the warning's colour too.
    const good = o.reproduce ? o.reproduce.identical : o.gates.passed && !o.sharedName;
    const show = good ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const choice = await show(`mlpipe: ${text}`, 'Show Run');
    if (choice === 'Show Run') await vscode.commands.executeCommand(SHOW_RUN, o.runId, dirname(file));
  }
}
