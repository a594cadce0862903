import * as vscode from 'vscode';
import type { BackendEvent, DriftTargetStatus, EndpointInfo } from '../../server/protocol/backend.js';
import type { BackendSession } from '../backend/backendSession.js';
import { servedVersionMark } from '../format/modelText.js';
import { driftTargetDescription, driftTargetState } from '../format/driftTargetText.js';

const STATE_ICONS: Record<ReturnType<typeof driftTargetState>, vscode.ThemeIcon> = {
  drifted: new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.red')),
  ok: new vscode.ThemeIcon('check'),
  held: new vscode.ThemeIcon('watch'),
  unmeasured: new vscode.ThemeIcon('circle-slash'),
};

export type EndpointNode = { kind: 'endpoint'; endpoint: EndpointInfo } | { kind: 'drift'; drift: DriftTargetStatus; url: string };

/**
 * The Endpoints view: running model servers, then drift status per monitored target. The list
 * comes from 'serve/list' when servers come, go or alert; between those, each 'driftChanged'
 * event the backend pushes as predictions are logged carries the endpoint's new values. A server
 * whose model reference the registry moved ('servedVersionChanged') says so until it stops or
 * restarts: the notice with Restart Serving is dismissed and gone, the view is where one looks.
 */
export class EndpointsTree implements vscode.TreeDataProvider<EndpointNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  private readonly subscriptions: vscode.Disposable[];
  /** The last list, with the drift events since applied; undefined: ask the backend. */
  private endpoints: EndpointInfo[] | undefined;
  /** Per URL, the last registry move of what its server serves; dropped when that server stops or (re)starts. */
  private readonly moved = new Map<string, Extract<BackendEvent, { kind: 'servedVersionChanged' }>>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly session: BackendSession) {
    const reload = () => {
      this.endpoints = undefined;
      this.changed.fire(undefined);
    };
    this.subscriptions = [
      session.onDidChangeState((s) => {
        // A backend that stopped or restarted took its servers with it.
        if (s.kind !== 'ready') this.moved.clear();
        reload();
      }),
      session.onEvent((e) => {
        if (e.kind === 'driftChanged') return this.apply(e);
        if (e.kind === 'servedVersionChanged') {
          this.moved.set(e.url, e);
          return this.changed.fire(undefined);
        }
        // Restart Serving stops the server ('serverDown') and starts it again, on the same URL or not.
        if (e.kind === 'serverDown') this.moved.delete(e.url);
        if (e.kind === 'serverUp') this.moved.delete(e.endpoint.url);
        if (e.kind === 'serverUp' || e.kind === 'serverDown' || e.kind === 'alert') reload();
      }),
    ];
  }

  private apply(e: Extract<BackendEvent, { kind: 'driftChanged' }>): void {
    const i = this.endpoints?.findIndex((x) => x.url === e.url) ?? -1;
    if (!this.endpoints || i < 0) return;
    this.endpoints = this.endpoints.map((x, k) => (k === i ? { ...x, drift: e.drift, window: e.window } : x));
    this.changed.fire(undefined);
  }

  async getChildren(node?: EndpointNode): Promise<EndpointNode[]> {
    const s = this.session.state;
    if (s.kind !== 'ready') return [];
    if (!node) {
      this.endpoints ??= await s.rpc.request('serve/list', {}).catch(() => undefined);
      return (this.endpoints ?? []).map((endpoint) => ({ kind: 'endpoint', endpoint }));
    }
    if (node.kind === 'endpoint') return node.endpoint.drift.map((drift) => ({ kind: 'drift', drift, url: node.endpoint.url }));
    return [];
  }

  getTreeItem(node: EndpointNode): vscode.TreeItem {
    if (node.kind === 'endpoint') {
      const e = node.endpoint;
      const item = new vscode.TreeItem(`${e.model}${e.version === null ? '' : ` v${e.version}`}`, e.drift.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.description = e.window && e.window.filled < e.window.size ? `${e.url} · ${e.window.filled} of ${e.window.size} predictions` : e.url;
      item.iconPath = new vscode.ThemeIcon('radio-tower', new vscode.ThemeColor('charts.green'));
      item.contextValue = 'endpoint';
      const moved = this.moved.get(e.url);
      const mark = moved && servedVersionMark(moved);
      if (mark) item.description = `${item.description} · ${mark.description}`;
      // Another pipeline's version ('mlpipe serve' warns): said for as long as it serves, not only in the start's notification.
      if (e.foreign) item.description = `${item.description} · another pipeline's model`;
      const tooltip = [e.note && `${e.url}: ${e.note}`, e.foreign, mark?.tooltip].filter(Boolean);
      if (tooltip.length) item.tooltip = tooltip.join('\n');
      // A new identity once it has targets: VS Code keeps an item's first collapsible state (None
      // while nothing is logged) for as long as its id lives.
      item.id = `${e.url}${e.drift.length ? '#monitored' : ''}`;
      return item;
    }
    const d = node.drift;
    const item = new vscode.TreeItem(d.target, vscode.TreeItemCollapsibleState.None);
    item.description = driftTargetDescription(d);
    item.iconPath = STATE_ICONS[driftTargetState(d)];
    item.contextValue = d.drifted ? 'drift.drifted' : 'drift';
    item.command = { command: 'mlpipe.showDrift', title: 'Show Drift', arguments: [node.url] };
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
