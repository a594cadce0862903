import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ReadinessToHost, ReadinessViewState } from '../../server/protocol/webview.js';
import type { ReadinessItem, ReadinessReport } from '../../server/protocol/webviewReadiness.js';
import { messageOf } from '../backend/backendCommand.js';
import type { BackendSession } from '../backend/backendSession.js';
import { PanelHost } from './panelHost.js';

function toRange(r: NonNullable<ReadinessItem['range']>): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/**
 * Readiness panels, one per pipeline file: scored by the backend from the editor's text, scored
 * again as the file changes, with each item's fix applied through the language server's own
 * quick fix at the diagnostic's range.
 */
export class ReadinessPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { host: PanelHost<'mlpipe.readiness'>; report?: ReadinessReport }>();
  private readonly subscription: vscode.Disposable;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly session: BackendSession,
  ) {
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidChangeTextDocument((e) => this.later(e.document.uri.fsPath)),
      // The language server's diagnostics settle after an edit: score again when they do.
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.forEach((u) => this.later(u.fsPath))),
      session.onDidChangeState((s) => s.kind === 'ready' && [...this.panels.keys()].forEach((f) => void this.send(f))),
    );
  }

  /** For the end-to-end suite: the panels that are open, by file. */
  get open(): ReadonlyMap<string, { host: PanelHost<'mlpipe.readiness'>; report?: ReadinessReport }> {
    return this.panels;
  }

  show(file: string): void {
    const open = this.panels.get(file);
    if (open) {
      open.host.panel.reveal();
      void this.send(file);
      return;
    }
    const panel = vscode.window.createWebviewPanel('mlpipe.readiness', `Readiness: ${basename(file)}`, vscode.ViewColumn.Beside, { enableScripts: true });
    this.adopt(panel, { file });
  }

  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer('mlpipe.readiness', {
      deserializeWebviewPanel: async (panel, state: ReadinessViewState | undefined) => {
        if (state?.file) this.adopt(panel, state);
        else panel.dispose();
      },
    });
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.subscription.dispose();
    for (const p of this.panels.values()) p.host.panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, state: ReadinessViewState): void {
    this.panels.get(state.file)?.host.panel.dispose();
    panel.title = `Readiness: ${basename(state.file)}`;
    const host = new PanelHost(panel, 'mlpipe.readiness', this.context.extensionUri, (m) => void this.onMessage(state.file, m));
    this.panels.set(state.file, { host });
    host.onDidClose(() => {
      if (this.panels.get(state.file)?.host === host) this.panels.delete(state.file);
    });
    void this.send(state.file);
  }

  private later(file: string): void {
    if (!this.panels.has(file)) return;
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        void this.send(file);
      }, 300),
    );
  }

  private async onMessage(file: string, m: ReadinessToHost): Promise<void> {
    if (m.type === 'ready') return this.send(file);
    const item = this.panels.get(file)?.report?.items.find((i) => i.id === m.item);
    if (!item) return;
    if (m.type === 'reveal' && item.range) {
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One, selection: toRange(item.range) });
      editor.revealRange(toRange(item.range), vscode.TextEditorRevealType.InCenter);
    } else if (m.type === 'fix' && item.fix) {
      if (item.fix.kind === 'command') await vscode.commands.executeCommand(item.fix.command, vscode.Uri.file(file));
      else await this.applyQuickFix(file, item.fix.code, toRange(item.fix.range));
    }
  }

  /** Runs the quick fix the language server offers for `code` at `range`, as the lightbulb would. */
  private async applyQuickFix(file: string, code: string, range: vscode.Range): Promise<void> {
    const uri = vscode.Uri.file(file);
    await vscode.workspace.openTextDocument(uri);
    const actions = (await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const action = actions.find((a): a is vscode.CodeAction => 'diagnostics' in a && !!a.diagnostics?.some((d) => codeOf(d) === code)) ?? actions.find((a): a is vscode.CodeAction => 'kind' in a);
    if (!action) return void vscode.window.showInformationMessage(`mlpipe: no quick fix is offered for '${code}' here.`);
    if (action.edit) await vscode.workspace.applyEdit(action.edit);
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }

  private async send(file: string): Promise<void> {
    const p = this.panels.get(file);
    const s = this.session.state;
    if (!p) return;
    if (s.kind !== 'ready') return p.host.post({ type: 'error', message: 'the backend is not running' });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    try {
      const report = await s.rpc.request('readiness/score', { file, ...(doc ? { text: doc.getText() } : {}) });
      p.report = report;
      p.host.post({ type: 'readiness', file, report });
    } catch (err) {
      p.host.post({ type: 'error', message: messageOf(err) });
    }
  }
}
