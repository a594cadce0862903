import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PanelKind } from '../../../server/protocol/webview.js';
import { Channel } from '../../../webviews/common/channel.js';
import type * as PanelsModule from '../../../extension/webviews/panels.js';
import type * as DriftPanelsModule from '../../../extension/webviews/driftPanels.js';
import type * as ReadinessPanelsModule from '../../../extension/webviews/readinessPanels.js';
import type * as RunViewModule from '../../../webviews/run/view.js';
import type * as DriftViewModule from '../../../webviews/drift/view.js';
import type * as ReadinessViewModule from '../../../webviews/readiness/view.js';
import { FakeApi, simulatedDom, stubCanvas } from './simulatedDom.js';
import { EventEmitter } from './fakeEvents.js';

// The real panel hosts (with a 'vscode' stub: panels, serializers, events) talking to the real
// pages (their Channel and view in a simulated DOM, the page's state kept by a fake webview
// API). A window reload is the serializer called with the state the page kept.

/** A webview panel whose page, once mounted, gets what the host posts. */
class FakePanel {
  title = '';
  visible = true;
  disposed = false;
  readonly posted: Array<{ type: string }> = [];
  private readonly toHost = new EventEmitter<unknown>();
  private readonly closed = new EventEmitter<void>();
  /** The page's window: its 'message' listeners. */
  private readonly pageListeners: Array<(e: { data: unknown }) => void> = [];
  readonly page = { addEventListener: (_type: string, l: (e: { data: unknown }) => void) => void this.pageListeners.push(l) };
  readonly webview = {
    options: {},
    html: '',
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: { path: string }) => ({ toString: () => u.path }),
    onDidReceiveMessage: this.toHost.event,
    postMessage: async (m: { type: string }) => {
      this.posted.push(m);
      for (const l of this.pageListeners) l({ data: JSON.parse(JSON.stringify(m)) });
      return true;
    },
  };
  readonly onDidChangeViewState = new EventEmitter<void>().event;
  readonly onDidDispose = this.closed.event;
  constructor(readonly viewType: string) {}
  reveal(): void {}
  /** The page posts a message to its host. */
  say(m: unknown): void {
    this.toHost.fire(m);
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed.fire();
  }
}

const created: FakePanel[] = [];
const serializers = new Map<string, { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }>();
const none = { dispose: () => {} };
const vscodeStub = {
  EventEmitter,
  Disposable: { from: (...ds: Array<{ dispose(): void }>) => ({ dispose: () => ds.forEach((d) => d.dispose()) }) },
  Uri: { joinPath: (u: { path: string }, ...p: string[]) => ({ path: [u.path, ...p].join('/') }), file: (fsPath: string) => ({ fsPath, path: fsPath }) },
  ViewColumn: { One: 1, Active: -1, Beside: -2 },
  window: {
    createWebviewPanel: (viewType: string) => {
      const p = new FakePanel(viewType);
      created.push(p);
      return p;
    },
    registerWebviewPanelSerializer: (viewType: string, s: { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }) => {
      serializers.set(viewType, s);
      return none;
    },
  },
  workspace: { onDidChangeTextDocument: () => none, textDocuments: [], workspaceFolders: undefined },
  languages: { onDidChangeDiagnostics: () => none },
  commands: { executeCommand: async () => undefined },
};

let dom: ReturnType<typeof simulatedDom>;
let Panels: typeof PanelsModule.Panels;
let DriftPanels: typeof DriftPanelsModule.DriftPanels;
let ReadinessPanels: typeof ReadinessPanelsModule.ReadinessPanels;
let RunView: typeof RunViewModule.RunView;
let DriftView: typeof DriftViewModule.DriftView;
let ReadinessView: typeof ReadinessViewModule.ReadinessView;
before(async () => {
  dom = simulatedDom();
  stubCanvas(dom.window);
  const m = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = m._load;
  m._load = (request, ...rest) => (request === 'vscode' ? vscodeStub : load(request, ...rest));
  ({ Panels } = await import('../../../extension/webviews/panels.js'));
  ({ DriftPanels } = await import('../../../extension/webviews/driftPanels.js'));
  ({ ReadinessPanels } = await import('../../../extension/webviews/readinessPanels.js'));
  ({ RunView } = await import('../../../webviews/run/view.js'));
  ({ DriftView } = await import('../../../webviews/drift/view.js'));
  ({ ReadinessView } = await import('../../../webviews/readiness/view.js'));
});
after(() => dom.close());

const context = { extensionUri: { path: '/ext' } } as never;

/** A backend that is still starting: every panel is answered with the error that says so. */
function startingSession() {
  return { state: { kind: 'starting' }, onDidChangeState: () => none, onEvent: () => none } as never;
}

interface Page {
  api: FakeApi<unknown>;
  root: HTMLElement;
}

/** Loads a panel's real page (entry as its main.ts does) on `panel`: it says `ready`. */
function mount(panel: FakePanel, kind: PanelKind, saved?: unknown): Page {
  const api = new FakeApi<unknown>(kind, saved);
  const post = api.postMessage.bind(api);
  api.postMessage = (m: unknown) => {
    post(m);
    panel.say(m);
  };
  const root = document.createElement('div');
  const channel = new Channel<{ type: string }, never, unknown>(api, panel.page as never);
  const view =
    kind === 'mlpipe.run' ? new RunView(root, channel as never) : kind === 'mlpipe.drift' ? new DriftView(root, channel as never) : new ReadinessView(root, channel as never);
  channel.start(
    (m) => view.receive(m as never),
    (state) => ({ type: 'ready', ...(state ? { state } : {}) }) as never,
  );
  return { api, root };
}

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** Each panel kind: opened (its serializer registered) while the backend starts; `open` lists what is open (run panels by title). */
const cases: Array<{ kind: PanelKind; open: () => { open: () => ReadonlyMap<string, unknown> | string[] }; key: string }> = [
  {
    kind: 'mlpipe.run',
    key: 'r-1',
    open: () => {
      const p = new Panels(context, startingSession());
      p.registerSerializers();
      p.showRun('/ws', 'r-1');
      return { open: () => p.open.runs.map((h) => h.panel.title) };
    },
  },
  {
    kind: 'mlpipe.drift',
    key: 'http://127.0.0.1:8080',
    open: () => {
      const p = new DriftPanels(context, startingSession());
      p.registerSerializer();
      p.show('http://127.0.0.1:8080', 'Drift: churn');
      return { open: () => p.open };
    },
  },
  {
    kind: 'mlpipe.readiness',
    key: '/ws/churn.mlpipe',
    open: () => {
      const p = new ReadinessPanels(context, startingSession());
      p.registerSerializer();
      p.show('/ws/churn.mlpipe');
      return { open: () => p.open };
    },
  },
];

for (const c of cases) {
  test(`a ${c.kind} panel opened while the backend starts comes back after a window reload before its first data`, async () => {
    const panels = c.open();
    const panel = created.at(-1)!;
    const page = mount(panel, c.kind);
    await settled();
    assert.match(page.root.textContent!, /the backend is starting/, 'the page shows why it has no data');

    // The window reloads: VS Code hands the serializer a new panel and the state the page kept.
    const restored = new FakePanel(c.kind);
    await serializers.get(c.kind)!.deserializeWebviewPanel(restored, page.api.saved);
    assert.equal(restored.disposed, false, `the serializer restored the panel instead of closing it (the page kept ${JSON.stringify(page.api.saved)})`);
    const open = panels.open();
    const keys = Array.isArray(open) ? open : [...open.keys()];
    assert.equal(keys.length, 1);
    assert.match(keys[0]!, new RegExp(c.key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    const again = mount(restored, c.kind, page.api.saved);
    await settled();
    assert.match(again.root.textContent!, /the backend is starting/);
  });
}

test('Show Experiments from two folders of one project keeps one panel: it is keyed by the store, not the folder', async () => {
  const home = process.env.MLPIPE_HOME;
  delete process.env.MLPIPE_HOME;
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-store-'));
  try {
    mkdirSync(join(root, '.mlpipe'));
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    const requests: unknown[] = [];
    const session = { state: { kind: 'ready', rpc: { request: async (_m: string, p: unknown) => (requests.push(p), []) } }, onDidChangeState: () => none, onEvent: () => none };
    const p = new Panels(context, session as never);
    p.showExperiments(join(root, 'a'));
    const first = created.at(-1)!;
    first.say({ type: 'ready' });
    await settled();
    p.showExperiments(join(root, 'b'));
    assert.equal(first.disposed, false, "the panel of root's store stays open");
    assert.equal(created.at(-1), first, 'no second panel');
    assert.equal(p.open.experiments?.panel, first as never);
    await settled();
    assert.ok(requests.length > 0 && requests.every((r) => (r as { folder: string }).folder === root), 'it lists the store at the project root');
    p.dispose();
  } finally {
    rmSync(root, { recursive: true, force: true });
    if (home !== undefined) process.env.MLPIPE_HOME = home;
  }
});
