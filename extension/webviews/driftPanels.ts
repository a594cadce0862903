import * as vscode from 'vscode';
import type { BackendEvent } from '../../server/protocol/backend.js';
import type { DriftToHost, DriftViewState } from '../../server/protocol/webview.js';
import { messageOf } from '../backend/backendCommand.js';
import type { BackendSession } from '../backend/backendSession.js';
import { PanelHost } from './panelHost.js';

export const RETRAIN_NOW = 'mlpipe.retrainNow';

/**
 * Drift panels, one per served model (by URL). Each gets a full snapshot after its `ready` and
 * again when an alert or a server change concerns it; it comes back after a reload through
 * its serializer.
 */
export class DriftPanels implements vscode.Disposable {
  private readonly panels = new Map<string, PanelHost<'mlpipe.drift'>>();
  private readonly subscription: vscode.Disposable;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly session: BackendSession,
  ) {
    this.subscription = vscode.Disposable.from(
      session.onEvent((e) => this.follow(e)),
      session.onDidChangeState((s) => s.kind === 'ready' && [...this.panels.keys()].forEach((url) => void this.send(url))),
    );
  }

  /** For the end-to-end suite: the panels that are open, by URL. */
  get open(): ReadonlyMap<string, PanelHost<'mlpipe.drift'>> {
    return this.panels;
  }

  show(url: string, title: string): void {
    const open = this.panels.get(url);
    if (open) {
      open.panel.reveal();
      void this.send(url);
      return;
    }
    const panel = vscode.window.createWebviewPanel('mlpipe.drift', title, vscode.ViewColumn.Active, { enableScripts: true });
    this.adopt(panel, { url });
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer('mlpipe.drift', {
      deserializeWebviewPanel: async (panel, state: DriftViewState | undefined) => {
        if (state?.url) this.adopt(panel, state);
        else panel.dispose();
      },
    });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.subscription.dispose();
    for (const p of this.panels.values()) p.panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, state: DriftViewState): void {
    this.panels.get(state.url)?.panel.dispose();
    const host = new PanelHost(panel, 'mlpipe.drift', this.context.extensionUri, (m) => void this.onMessage(state.url, m));
    this.panels.set(state.url, host);
    host.onDidClose(() => {
      if (this.panels.get(state.url) === host) this.panels.delete(state.url);
    });
    void this.send(state.url);
  }

  private async onMessage(url: string, m: DriftToHost): Promise<void> {
    if (m.type === 'ready' || m.type === 'refresh') return this.send(url);
    if (m.type === 'retrain') await vscode.commands.executeCommand(RETRAIN_NOW, url);
  }

  private async send(url: string): Promise<void> {
    const host = this.panels.get(url);
    const s = this.session.state;
    if (!host) return;
    if (s.kind !== 'ready') return host.post({ type: 'error', message: 'the backend is not running' });
    try {
      const detail = await s.rpc.request('drift/detail', { url });
      host.panel.title = `Drift: ${detail.model}${detail.version === null ? '' : ` v${detail.version}`}`;
      host.post({ type: 'drift', detail, now: Date.now() });
    } catch (err) {
      host.post({ type: 'error', message: messageOf(err) });
    }
  }

  /** Alerts come in bursts (one per target of a window): refresh once per burst. */
  private follow(e: BackendEvent): void {
    const url = e.kind === 'alert' || e.kind === 'serverDown' ? e.url : e.kind === 'serverUp' ? e.endpoint.url : undefined;
    if (!url || !this.panels.has(url)) return;
    clearTimeout(this.timers.get(url));
    this.timers.set(
      url,
      setTimeout(() => {
        this.timers.delete(url);
        void this.send(url);
      }, 200),
    );
  }
}
