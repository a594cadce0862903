import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BackendEvent } from '../../server/protocol/backend.js';
import type { ExperimentsState, ExperimentsToHost, RunToHost, RunViewState } from '../../server/protocol/webview.js';
import { findProjectRoot } from '../../server/backend/pipeline/projectRoot.js';
import { messageOf, notRunningText } from '../format/backendText.js';
import type { BackendSession } from '../backend/backendSession.js';
import { PanelHost } from './panelHost.js';

const CURVE_BUCKETS = 500;

/** The store whose runs a folder's Experiments panel shows: the one a run from that folder records in (reads only, makes nothing). */
function storeOf(folder: string): string {
  return findProjectRoot(folder, { make: false });
}

/**
 * The webview panels: one Experiments panel (reused, keyed by the store it shows: pipelines in
 * two folders of one project share it) and one Run panel per run. Each gets a
 * full snapshot after its `ready`, and again when backend events say its data changed. Both
 * come back after a window reload through their serializers.
 */
export class Panels implements vscode.Disposable {
  private experiments: { host: PanelHost<'mlpipe.experiments'>; folder: string; select?: string[] } | undefined;
  private readonly runPanels = new Map<string, { host: PanelHost<'mlpipe.run'>; folder: string; runId: string }>();
  private readonly subscription: vscode.Disposable;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly session: BackendSession,
  ) {
    this.subscription = vscode.Disposable.from(
      session.onEvent((e) => this.follow(e)),
      session.onDidChangeState((s) => s.kind === 'ready' && this.refreshAll()),
    );
  }

  /** For the end-to-end suite: the panels that are open. */
  get open(): { experiments?: PanelHost<'mlpipe.experiments'>; runs: PanelHost<'mlpipe.run'>[] } {
    return { experiments: this.experiments?.host, runs: [...this.runPanels.values()].map((r) => r.host) };
  }

  showExperiments(from: string, select?: string[]): void {
    const folder = storeOf(from);
    if (this.experiments && this.experiments.folder === folder) {
      this.experiments.select = select;
      this.experiments.host.panel.reveal();
      void this.sendRuns();
      return;
    }
    this.experiments?.host.panel.dispose();
    const panel = vscode.window.createWebviewPanel('mlpipe.experiments', 'mlpipe Experiments', vscode.ViewColumn.Active, { enableScripts: true });
    this.adoptExperiments(panel, folder, select);
  }

  showRun(folder: string, runId: string): void {
    const open = this.runPanels.get(runId);
    if (open) return open.host.panel.reveal();
    const panel = vscode.window.createWebviewPanel('mlpipe.run', `Run ${runId}`, vscode.ViewColumn.Active, { enableScripts: true });
    this.adoptRun(panel, { folder, runId });
  }

  registerSerializers(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.window.registerWebviewPanelSerializer('mlpipe.experiments', {
        deserializeWebviewPanel: async (panel, state: ExperimentsState | undefined) => {
          const folder = state?.folder || vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
          if (folder) this.adoptExperiments(panel, storeOf(folder));
          else panel.dispose();
        },
      }),
      vscode.window.registerWebviewPanelSerializer('mlpipe.run', {
        deserializeWebviewPanel: async (panel, state: RunViewState | undefined) => {
          if (state?.runId && state.folder) this.adoptRun(panel, state);
          else panel.dispose();
        },
      }),
    );
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.experiments?.host.panel.dispose();
    for (const r of this.runPanels.values()) r.host.panel.dispose();
  }

  private adoptExperiments(panel: vscode.WebviewPanel, folder: string, select?: string[]): void {
    const host = new PanelHost(panel, 'mlpipe.experiments', this.context.extensionUri, (m) => void this.onExperiments(m), { folder });
    this.experiments = { host, folder, select };
    host.onDidClose(() => {
      if (this.experiments?.host === host) this.experiments = undefined;
    });
    void this.sendRuns();
  }

  private adoptRun(panel: vscode.WebviewPanel, state: RunViewState): void {
    panel.title = `Run ${state.runId}`;
    const host = new PanelHost(panel, 'mlpipe.run', this.context.extensionUri, (m) => void this.onRun(state, m), { folder: state.folder, runId: state.runId });
    this.runPanels.set(state.runId, { host, ...state });
    host.onDidClose(() => this.runPanels.delete(state.runId));
    void this.sendRun(state.runId);
  }

  private async onExperiments(m: ExperimentsToHost): Promise<void> {
    const e = this.experiments;
    if (!e) return;
    const s = this.session.state;
    if (m.type === 'ready') return this.sendRuns();
    if (m.type === 'openRun') return this.showRun(e.folder, m.runId);
    if (m.type === 'compare') {
      if (s.kind !== 'ready') return e.host.post({ type: 'error', message: notRunningText(s) });
      try {
        const curves = await s.rpc.request('runs/curves', { folder: e.folder, runIds: m.runIds, key: m.key, buckets: CURVE_BUCKETS });
        e.host.post({ type: 'curves', key: m.key, curves });
      } catch (err) {
        e.host.post({ type: 'error', message: messageOf(err) });
      }
    }
  }

  private async onRun(state: RunViewState, m: RunToHost): Promise<void> {
    if (m.type === 'ready') return this.sendRun(state.runId);
    if (m.type === 'reproduce') await vscode.commands.executeCommand('mlpipe.reproduceRun', m.runId, state.folder);
    else if (m.type === 'openArtifacts') await vscode.commands.executeCommand('mlpipe.openArtifacts', m.runId, state.folder);
    else if (m.type === 'openRun') this.showRun(state.folder, m.runId);
  }

  private async sendRuns(): Promise<void> {
    const e = this.experiments;
    const s = this.session.state;
    if (!e) return;
    if (s.kind !== 'ready') return e.host.post({ type: 'error', message: notRunningText(s) });
    try {
      const runs = await s.rpc.request('runs/list', { folder: e.folder });
      e.host.post({ type: 'runs', folder: e.folder, runs, now: Date.now(), ...(e.select ? { select: e.select } : {}) });
      e.select = undefined;
    } catch (err) {
      e.host.post({ type: 'error', message: messageOf(err) });
    }
  }

  private async sendRun(runId: string): Promise<void> {
    const r = this.runPanels.get(runId);
    const s = this.session.state;
    if (!r) return;
    if (s.kind !== 'ready') return r.host.post({ type: 'error', message: notRunningText(s) });
    try {
      const detail = await s.rpc.request('runs/get', { folder: r.folder, runId, buckets: CURVE_BUCKETS });
      r.host.panel.title = `Run ${runId} (${basename(detail.run.pipelinePath)})`;
      r.host.post({ type: 'run', folder: r.folder, detail, now: Date.now() });
    } catch (err) {
      r.host.post({ type: 'error', message: messageOf(err) });
    }
  }

  private follow(e: BackendEvent): void {
    if (e.kind === 'runFinished' || e.kind === 'runStarted' || e.kind === 'storeChanged' || e.kind === 'registryChanged') {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => this.refreshAll(), 200);
    }
  }

  private refreshAll(): void {
    void this.sendRuns();
    for (const id of this.runPanels.keys()) void this.sendRun(id);
  }
}
