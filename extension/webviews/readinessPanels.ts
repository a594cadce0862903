import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ReadinessToHost, ReadinessViewState } from '../../server/protocol/webview.js';
import type { ReadinessItem, ReadinessReport } from '../../server/protocol/webviewReadiness.js';
import { messageOf, notRunningText } from '../format/backendText.js';
import type { BackendSession } from '../backend/backendSession.js';
import { KeyedPanels, type PanelHost } from './panelHost.js';

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
  /** Each open panel's last report, for its fix and reveal clicks; dropped when the panel closes. */
  private readonly reports = new Map<string, ReadinessReport>();
  private readonly panels: KeyedPanels<'mlpipe.readiness'>;
  private readonly subscription: vscode.Disposable;

  constructor(context: vscode.ExtensionContext, session: BackendSession) {
    this.panels = new KeyedPanels(context.extensionUri, session, {
      kind: 'mlpipe.readiness',
      column: vscode.ViewColumn.Beside,
      keyOf: (state) => (state as ReadinessViewState | undefined)?.file,
      stateOf: (file) => ({ file }),
      title: (file) => `Readiness: ${basename(file)}`,
      send: (file, host) => this.send(session, file, host),
      onMessage: (file, m) => this.onMessage(file, m),
      closed: (file) => this.reports.delete(file),
    });
    this.subscription = vscode.Disposable.from(
      vscode.workspace.onDidChangeTextDocument((e) => this.panels.later(e.document.uri.fsPath, 300)),
      // The language server's diagnostics settle after an edit: score again when they do.
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.forEach((u) => this.panels.later(u.fsPath, 300))),
    );
  }

  /** For the end-to-end suite: the panels that are open, by file, with their last report. */
  get open(): ReadonlyMap<string, { host: PanelHost<'mlpipe.readiness'>; report?: ReadinessReport }> {
    return new Map([...this.panels.open].map(([file, host]) => [file, { host, report: this.reports.get(file) }]));
  }

  show(file: string): void {
    this.panels.show(file);
  }

  registerSerializer(): vscode.Disposable {
    return this.panels.registerSerializer();
  }

  dispose(): void {
    this.subscription.dispose();
    this.panels.dispose();
  }

  private async onMessage(file: string, m: Exclude<ReadinessToHost, { type: 'ready' }>): Promise<void> {
    const item = this.reports.get(file)?.items.find((i) => i.id === m.item);
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

  private async send(session: BackendSession, file: string, host: PanelHost<'mlpipe.readiness'>): Promise<void> {
    const s = session.state;
    if (s.kind !== 'ready') return host.post({ type: 'error', message: notRunningText(s) });
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    try {
      const report = await s.rpc.request('readiness/score', { file, ...(doc ? { text: doc.getText() } : {}) });
      // Closed while it was scored: nothing is left to show it in, or to keep it for.
      if (this.panels.open.get(file) !== host) return;
      this.reports.set(file, report);
      host.post({ type: 'readiness', file, report });
    } catch (err) {
      host.post({ type: 'error', message: messageOf(err) });
    }
  }
}
