import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary } from '../../server/protocol/backend.js';
import { gatesSummary } from '../../server/mlpipe/evaluate/gateText.js';
import { formatMetric, runLine } from '../format/runText.js';
import type { RunTracker } from '../runs/runTracker.js';
import type { WorkspaceRuns } from '../runs/workspaceRuns.js';

export type ExperimentNode = { kind: 'pipeline'; uri: vscode.Uri } | { kind: 'run'; run: RunSummary; file: string };

const STATUS_ICON: Record<RunSummary['status'], vscode.ThemeIcon> = {
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  interrupted: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('testing.iconSkipped')),
  running: new vscode.ThemeIcon('sync~spin'),
};

/** The Experiments view: pipelines of the workspace, each with its runs (status, key metric, age). */
export class ExperimentsTree implements vscode.TreeDataProvider<ExperimentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExperimentNode | undefined>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly runs: WorkspaceRuns,
    private readonly tracker: RunTracker,
  ) {
    this.subscriptions = [runs.onDidChange(() => this.changed.fire(undefined)), tracker.onDidChange(() => this.changed.fire(undefined))];
  }

  async getChildren(node?: ExperimentNode): Promise<ExperimentNode[]> {
    if (!node) return (await this.runs.listPipelines()).map((uri) => ({ kind: 'pipeline', uri }));
    if (node.kind === 'pipeline') return (await this.runs.listRuns(node.uri.fsPath)).map((run) => ({ kind: 'run', run, file: node.uri.fsPath }));
    return [];
  }

  getTreeItem(node: ExperimentNode): vscode.TreeItem {
    if (node.kind === 'pipeline') {
      const item = new vscode.TreeItem(basename(node.uri.fsPath), vscode.TreeItemCollapsibleState.Expanded);
      item.resourceUri = node.uri;
      item.description = vscode.workspace.asRelativePath(dirname(node.uri.fsPath));
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = this.tracker.jobFor(node.uri.fsPath) ? 'pipeline.training' : 'pipeline';
      item.id = `pipeline:${node.uri.fsPath}`;
      return item;
    }
    const { run } = node;
    const item = new vscode.TreeItem(run.id, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${run.id}`;
    const job = this.tracker.active.find((j) => j.runId === run.id);
    item.description = job?.epoch ? `epoch ${job.epoch}/${job.epochs} · loss ${formatMetric(job.loss ?? NaN)}` : runLine(run);
    item.iconPath = STATUS_ICON[run.status];
    item.contextValue = `run.${run.status}`;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${run.id}** (${run.status})`,
        `pipeline '${run.pipelineName}' on ${run.backend ?? '?'}`,
        Object.entries(run.metrics)
          .map(([k, v]) => `${k} ${formatMetric(v)}`)
          .join(', '),
        gatesSummary(run),
        run.error ? `error: ${run.error}` : '',
        run.parentRunId ? `reproduces ${run.parentRunId}` : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    );
    item.command = { title: 'Show Run', command: 'mlpipe.showRun', arguments: [run.id, vscode.Uri.file(node.file)] };
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
