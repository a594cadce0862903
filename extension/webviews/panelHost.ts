import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { KeepState, PanelKind, PanelKinds } from '../../server/protocol/webview.js';
import type { BackendSession } from '../backend/backendSession.js';

type ToView<K extends PanelKind> = PanelKinds[K]['toView'];
type ToHost<K extends PanelKind> = PanelKinds[K]['toHost'];
type State<K extends PanelKind> = PanelKinds[K]['state'];

/**
 * The panels' message schemas, loaded on the first message a panel sends: required, not
 * imported, as `lensParser` loads the parser (the extension's bundle is a script with no dynamic
 * import), so activation does not compile zod.
 */
let messages: typeof import('./panelMessages.js') | undefined;
const panelMessages = (): typeof import('./panelMessages.js') => (messages ??= require('./panelMessages.js') as typeof import('./panelMessages.js'));

/** Webview script names by panel kind: `dist/webviews/<name>.js`. */
const SCRIPT: Record<PanelKind, string> = { 'mlpipe.experiments': 'experiments', 'mlpipe.run': 'run', 'mlpipe.drift': 'drift', 'mlpipe.readiness': 'readiness' };

/** Scripts on; the only local files a panel may load are the webview bundles and media/. */
export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The page: a strict nonce-based CSP (no unsafe-eval, no unsafe-inline), theme CSS, one script. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, kind: PanelKind, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'uPlot.min.css')}">
<link rel="stylesheet" href="${asset('media', 'webview.css')}">
<title>${title.replace(/[<&>"]/g, '')}</title>
</head>
<body data-panel="${SCRIPT[kind]}">
<div id="app" aria-live="polite"></div>
<script nonce="${nonce}" src="${asset('dist', 'webviews', `${SCRIPT[kind]}.js`)}"></script>
</body>
</html>`;
}

/**
 * One webview panel and its typed messages. Nothing is posted before the page says `ready`:
 * until then the latest message of each type waits (a snapshot replaces the one before it).
 * Each `ready` is answered first with `keep`: the state the page saves for the serializer to
 * restore the panel by, so a reload before the first data (the backend starting) restores it.
 */
export class PanelHost<K extends PanelKind> implements vscode.Disposable {
  private ready = false;
  private readonly pending = new Map<string, ToView<K>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly readied = new vscode.EventEmitter<ToHost<K>>();
  private readonly closed = new vscode.EventEmitter<void>();
  /** Fires with the `ready` message each time the page (re)loads. */
  readonly onReady = this.readied.event;
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly kind: K,
    extensionUri: vscode.Uri,
    onMessage: (m: ToHost<K>) => void,
    private readonly keep: Partial<State<K>>,
  ) {
    panel.webview.options = panelOptions(extensionUri);
    panel.webview.html = panelHtml(panel.webview, extensionUri, kind, panel.title);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const m = panelMessages().readToHost(kind, raw);
        if ('refused' in m) return void panel.webview.postMessage({ type: 'error', message: m.refused } satisfies ToView<K>);
        const message = m.message as ToHost<K>;
        if (message.type === 'ready') {
          this.ready = true;
          this.readied.fire(message);
          void panel.webview.postMessage({ type: 'keep', state: this.keep } satisfies KeepState<State<K>>);
          for (const msg of this.pending.values()) void panel.webview.postMessage(msg);
          this.pending.clear();
        }
        onMessage(message);
      }),
      // A hidden panel's page is unloaded; it says ready again when shown, and gets a fresh snapshot.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.closed.fire();
        this.dispose();
      }),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  post(message: ToView<K>): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.pending.set(message.type, message);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.readied.dispose();
    this.closed.dispose();
  }
}

function isReady(m: { type: string }): boolean {
  return m.type === 'ready';
}

/** What one kind of keyed panel does: the rest (open, reveal, restore, refresh, dispose) is `KeyedPanels`'. */
export interface KeyedPanelKind<K extends PanelKind> {
  readonly kind: K;
  readonly column: vscode.ViewColumn;
  /** The panel's key (a URL, a file) from the state its page kept, for restoring after a reload. */
  keyOf(state: unknown): string | undefined;
  /** The state the page keeps for `key`: what `keyOf` reads back. */
  stateOf(key: string): Partial<PanelKinds[K]['state']>;
  title(key: string): string;
  /** Sends the panel a full snapshot. */
  send(key: string, host: PanelHost<K>): Promise<void>;
  /** The page's messages but 'ready', which `KeyedPanels` answers with a snapshot. */
  onMessage(key: string, message: Exclude<ToHost<K>, { type: 'ready' }>, host: PanelHost<K>): Promise<void>;
  /** The panel for `key` was closed: drop what was kept for it. */
  closed?(key: string): void;
}

/**
 * Panels of one kind, one per key: shown or revealed, restored after a reload through the
 * kind's serializer, sent a fresh snapshot after each `ready`, when the backend is ready again
 * and (debounced) when something they show changed.
 */
export class KeyedPanels<K extends PanelKind> implements vscode.Disposable {
  private readonly panels = new Map<string, PanelHost<K>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    session: BackendSession,
    private readonly spec: KeyedPanelKind<K>,
  ) {
    this.subscription = session.onDidChangeState((s) => s.kind === 'ready' && [...this.panels.keys()].forEach((key) => void this.refresh(key)));
  }

  /** The panels that are open, by key. */
  get open(): ReadonlyMap<string, PanelHost<K>> {
    return this.panels;
  }

  show(key: string): void {
    const open = this.panels.get(key);
    if (open) {
      open.panel.reveal();
      void this.refresh(key);
      return;
    }
    this.adopt(vscode.window.createWebviewPanel(this.spec.kind, this.spec.title(key), this.spec.column, { enableScripts: true }), key);
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(this.spec.kind, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const key = this.spec.keyOf(state);
        if (key) this.adopt(panel, key);
        else panel.dispose();
      },
    });
  }

  /** A fresh snapshot now, if the panel is open. */
  async refresh(key: string): Promise<void> {
    const host = this.panels.get(key);
    if (host) await this.spec.send(key, host);
  }

  /** A fresh snapshot after `ms` of quiet: changes come in bursts (alerts per target, keystrokes). */
  later(key: string, ms: number): void {
    if (!this.panels.has(key)) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(key);
      }, ms),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.subscription.dispose();
    for (const p of [...this.panels.values()]) p.panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, key: string): void {
    this.panels.get(key)?.panel.dispose();
    panel.title = this.spec.title(key);
    const host: PanelHost<K> = new PanelHost(panel, this.spec.kind, this.extensionUri, (m) =>
      isReady(m) ? void this.refresh(key) : void this.spec.onMessage(key, m as Exclude<ToHost<K>, { type: 'ready' }>, host),
      this.spec.stateOf(key),
    );
    this.panels.set(key, host);
    host.onDidClose(() => {
      // A panel replaced by a newer one for the same key (a restore) leaves that one's state alone.
      if (this.panels.get(key) !== host) return;
      this.panels.delete(key);
      clearTimeout(this.timers.get(key));
      this.timers.delete(key);
      this.spec.closed?.(key);
    });
    void this.refresh(key);
  }
}
