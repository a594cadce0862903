import * as vscode from 'vscode';
import type { BackendSession } from './backend/backendSession.js';
import { keyMetric, formatMetric, age } from './format/runText.js';
import { monitorLensTitle } from './format/driftTargetText.js';
import type { RunTracker } from './runs/runTracker.js';
import type { WorkspaceRuns } from './runs/workspaceRuns.js';
import { COMMANDS } from './pipelineCommands.js';
import { lensParser } from './lensParser.js';

/**
 * `▶ Train` / `⏹ Cancel` over the pipeline and its models, the last run's key metric and age,
 * `↻ Reproduce`, and serving lenses when the backend can serve. They follow backend events.
 */
export class PipelineCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly session: BackendSession,
    private readonly tracker: RunTracker,
    private readonly runs: WorkspaceRuns,
  ) {
    const fire = () => this.changed.fire();
    this.subscriptions = [session.onDidChangeState(fire), tracker.onDidChange(fire), runs.onDidChange(fire), session.onEvent((e) => (e.kind === 'serverUp' || e.kind === 'serverDown' || e.kind === 'alert' || e.kind === 'driftChanged') && fire())];
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (doc.uri.scheme !== 'file') return [];
    const file = doc.uri.fsPath;
    const ready = this.session.state.kind === 'ready';
    const state = this.session.state;
    const canServe = state.kind === 'ready' && state.hello.features.serve;
    const job = this.tracker.jobFor(file);
    const last = ready ? await this.runs.lastRun(file) : undefined;
    const lenses: vscode.CodeLens[] = [];
    const { lensBlocks } = lensParser();
    for (const b of lensBlocks(doc.getText())) {
      const range = new vscode.Range(doc.positionAt(b.offset), doc.positionAt(b.offset));
      const add = (title: string, command: string, args: unknown[] = [], tooltip?: string) => lenses.push(new vscode.CodeLens(range, { title, command, arguments: args, tooltip }));
      if (b.kind === 'pipeline' || b.kind === 'model') {
        if (job) {
          const progress = job.epoch ? ` (epoch ${job.epoch}/${job.epochs}, loss ${formatMetric(job.loss ?? NaN)})` : job.stage ? ` (${job.stage})` : '';
          if (b.kind === 'pipeline') add(`$(debug-stop) Cancel${progress}`, COMMANDS.cancelRun, [doc.uri], 'Stop training between batches; the run is kept as interrupted');
          continue;
        }
        if (b.kind === 'model') add(`▶ Train ${b.name ?? ''}`.trimEnd(), COMMANDS.runPipeline, [doc.uri, b.name], 'Check, train, evaluate and register (mlpipe run --model)');
        else if (b.each) add('▶ Train each model', COMMANDS.runPipeline, [doc.uri], `Several models and no register block: ${b.each.join(', ')}, a run each, in turn (mlpipe run)`);
        else add('▶ Train', COMMANDS.runPipeline, [doc.uri], 'Check, train, evaluate and register (mlpipe run)');
        if (b.kind === 'pipeline' && last) {
          const k = keyMetric(last);
          const what = last.status === 'completed' && k ? `${k.name} ${formatMetric(k.value)}` : last.status;
          add(`${what} · ${age(last.startedAt)}`, COMMANDS.showRun, [last.id, doc.uri], `Last run ${last.id}: open it`);
          if (last.status === 'completed') add('↻ Reproduce', COMMANDS.reproduceRun, [last.id, doc.uri], 'Retrain from the record and compare the weights bit for bit');
        }
      } else if (canServe && b.kind === 'serve') {
        const served = (await state.rpc.request('serve/list', {}).catch(() => [])).find((e) => e.file === file);
        if (served) add(`● Serving on :${served.port}`, COMMANDS.stopServing, [served.url], 'Stop serving');
        // No command while starting: a second click would be refused anyway.
        else if (this.tracker.serving.isStarting(file)) add('$(loading~spin) Starting the server…', '', [], 'Loading the model and its history; the lens changes when it listens');
        else add('▶ Serve', COMMANDS.serve, [doc.uri]);
      } else if (canServe && b.kind === 'monitor') {
        const served = (await state.rpc.request('serve/list', {}).catch(() => [])).find((e) => e.file === file);
        if (served) {
          add(monitorLensTitle(served.drift, served.window), COMMANDS.showDrift, [served.url]);
        }
      }
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
