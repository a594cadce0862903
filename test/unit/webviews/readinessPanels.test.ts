import assert from 'node:assert/strict';
import Module from 'node:module';
import { before, test } from 'node:test';
import type { ReadinessReport } from '../../../server/protocol/webviewReadiness.js';
import type * as Panels from '../../../extension/webviews/readinessPanels.js';
import { EventEmitter } from './fakeEvents.js';

// The extension host's 'vscode' module exists only inside VS Code: this stub has just what the
// readiness panels touch (panels that record what they are sent, events, commands), so the unit
// is tested alone. The real panels are exercised in the code-server suite.

class FakePanel {
  title = '';
  visible = true;
  readonly posted: Array<{ type: string }> = [];
  private readonly messages = new EventEmitter<unknown>();
  private readonly disposed = new EventEmitter<void>();
  private gone = false;
  readonly webview = {
    options: {},
    html: '',
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: { path: string }) => ({ toString: () => u.path }),
    onDidReceiveMessage: this.messages.event,
    postMessage: async (m: { type: string }) => {
      if (this.gone) throw new Error('Webview is disposed');
      this.posted.push(m);
      return true;
    },
  };
  readonly onDidChangeViewState = new EventEmitter<void>().event;
  readonly onDidDispose = this.disposed.event;
  reveal(): void {}
  /** The page says something. */
  say(m: unknown): void {
    this.messages.fire(m);
  }
  dispose(): void {
    if (this.gone) return;
    this.gone = true;
    this.disposed.fire();
  }
}

const panels: FakePanel[] = [];
const commands: unknown[][] = [];
const none = { dispose: () => {} };
const vscodeStub = {
  EventEmitter,
  Disposable: { from: (...ds: Array<{ dispose(): void }>) => ({ dispose: () => ds.forEach((d) => d.dispose()) }) },
  Uri: { joinPath: (u: { path: string }, ...p: string[]) => ({ path: [u.path, ...p].join('/') }), file: (fsPath: string) => ({ fsPath, path: fsPath }) },
  ViewColumn: { One: 1, Beside: -2 },
  window: {
    createWebviewPanel: () => {
      const p = new FakePanel();
      panels.push(p);
      return p;
    },
    registerWebviewPanelSerializer: () => none,
  },
  workspace: { onDidChangeTextDocument: () => none, textDocuments: [] },
  languages: { onDidChangeDiagnostics: () => none },
  commands: { executeCommand: async (...args: unknown[]) => void commands.push(args) },
};

let ReadinessPanels: typeof Panels.ReadinessPanels;
before(async () => {
  const m = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = m._load;
  m._load = (request, ...rest) => (request === 'vscode' ? vscodeStub : load(request, ...rest));
  ({ ReadinessPanels } = await import('../../../extension/webviews/readinessPanels.js'));
});

const FILE = '/ws/churn.mlpipe';
const report: ReadinessReport = {
  items: [{ id: 'monitoring.drift', section: 'monitoring', title: 'Drift is monitored', status: 'missing', detail: 'no monitor block', fix: { kind: 'command', command: 'mlpipe.addMonitor', title: 'Add a monitor' } }],
  counts: { automated: 0, manual: 0, missing: 1 },
};

/** A backend whose scoring answers through `score` (replaceable per step). */
function backend() {
  const b = {
    score: (): Promise<ReadinessReport> => Promise.resolve(report),
    session: undefined as unknown,
  };
  b.session = { state: { kind: 'ready', rpc: { request: () => b.score() } }, onDidChangeState: () => none };
  return b;
}

function open(rp: Panels.ReadinessPanels): FakePanel {
  rp.show(FILE);
  return panels.at(-1)!;
}

/** Resolves once the panel has been sent a message of `type`. */
async function sent(panel: FakePanel, type: string): Promise<void> {
  while (!panel.posted.some((m) => m.type === type)) await new Promise((r) => setImmediate(r));
}

test('a closed panel takes its last report with it: reopened, it has none until scored again', async () => {
  const b = backend();
  const rp = new ReadinessPanels({ extensionUri: { path: '/ext' } } as never, b.session as never);
  const first = open(rp);
  first.say({ type: 'ready' });
  await sent(first, 'readiness');
  assert.deepEqual(rp.open.get(FILE)?.report, report, 'kept while open');
  first.say({ type: 'fix', item: 'monitoring.drift' });
  await new Promise((r) => setImmediate(r));
  assert.equal(commands.length, 1, "the item's fix runs from the kept report");

  first.dispose();
  assert.equal(rp.open.size, 0);
  b.score = () => Promise.reject(new Error('backend busy'));
  const second = open(rp);
  second.say({ type: 'ready' });
  await sent(second, 'error');
  assert.equal(rp.open.get(FILE)?.report, undefined, 'the closed panel left no report behind');
  second.say({ type: 'fix', item: 'monitoring.drift' });
  await new Promise((r) => setImmediate(r));
  assert.equal(commands.length, 1, 'no fix runs from a report the panel never showed');
  rp.dispose();
});

test('a report that arrives after its panel closed is not kept', async () => {
  const b = backend();
  let answer: (r: ReadinessReport) => void = () => {};
  b.score = () => new Promise((r) => (answer = r));
  const rp = new ReadinessPanels({ extensionUri: { path: '/ext' } } as never, b.session as never);
  const panel = open(rp);
  panel.dispose();
  answer(report);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(panel.posted, [], 'nothing is posted to a closed panel');
  b.score = () => Promise.reject(new Error('backend busy'));
  const again = open(rp);
  again.say({ type: 'ready' });
  await sent(again, 'error');
  assert.equal(rp.open.get(FILE)?.report, undefined);
  rp.dispose();
});
