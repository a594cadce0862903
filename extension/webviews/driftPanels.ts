import * as vscode from 'vscode';
import type { BackendEvent } from '../../server/protocol/backend.js';
import type { DriftToHost, DriftViewState } from '../../server/protocol/webview.js';
import { messageOf, notRunningText } from '../format/backendText.js';
import type { BackendSession } from '../backend/backendSession.js';
import { KeyedPanels, type PanelHost } from './panelHost.js';

export const RETRAIN_NOW = 'mlpipe.retrainNow';

/** The URL of the served model an event concerns, if any. */
function urlOf(e: BackendEvent): string | undefined {
  // retrainDone: the alerts' action the panel shows changed in the store ('retrain started' no more).
  if (e.kind === 'alert' || e.kind === 'serverDown' || e.kind === 'driftChanged' || e.kind === 'retrainDone') return e.url;
  return e.kind === 'serverUp' ? e.endpoint.url : undefined;
}

/**
 * Drift panels, one per served model (by URL). Each gets a full snapshot after its `ready` and
 * again when an alert, a drift change or a server change concerns it; it comes back after a
 * reload through its serializer.
 */
export class DriftPanels implements vscode.Disposable {
  /** The titles callers gave, until the first snapshot names the model and version. */
  private readonly titles = new Map<string, string>();
  private readonly panels: KeyedPanels<'mlpipe.drift'>;
  private readonly subscription: vscode.Disposable;

  constructor(context: vscode.ExtensionContext, session: BackendSession) {
    this.panels = new KeyedPanels(context.extensionUri, session, {
      kind: 'mlpipe.drift',
      column: vscode.ViewColumn.Active,
      keyOf: (state) => (state as DriftViewState | undefined)?.url,
      stateOf: (url) => ({ url }),
      title: (url) => this.titles.get(url) ?? 'Drift',
      send: (url, host) => this.send(session, url, host),
      onMessage: async (url, m: Exclude<DriftToHost, { type: 'ready' }>, host) => {
        if (m.type === 'refresh') return this.send(session, url, host);
        if (m.type === 'retrain') await vscode.commands.executeCommand(RETRAIN_NOW, url);
      },
    });
    // Alerts come in bursts (one per target of a window): refresh once per burst.
    this.subscription = session.onEvent((e) => {
      const url = urlOf(e);
      if (url) this.panels.later(url, 200);
    });
  }

  /** For the end-to-end suite: the panels that are open, by URL. */
  get open(): ReadonlyMap<string, PanelHost<'mlpipe.drift'>> {
    return this.panels.open;
  }

  show(url: string, title: string): void {
    this.titles.set(url, title);
    this.panels.show(url);
  }

  registerSerializer(): vscode.Disposable {
    return this.panels.registerSerializer();
  }

  dispose(): void {
    this.subscription.dispose();
    this.panels.dispose();
  }

  private async send(session: BackendSession, url: string, host: PanelHost<'mlpipe.drift'>): Promise<void> {
    const s = session.state;
    if (s.kind !== 'ready') return host.post({ type: 'error', message: notRunningText(s) });
    try {
      const detail = await s.rpc.request('drift/detail', { url });
      host.panel.title = `Drift: ${detail.model}${detail.version === null ? '' : ` v${detail.version}`}`;
      host.post({ type: 'drift', detail, now: Date.now() });
    } catch (err) {
      host.post({ type: 'error', message: messageOf(err) });
    }
  }
}
