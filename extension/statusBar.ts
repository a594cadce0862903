import * as vscode from 'vscode';
import type { ServerSession, ServerState } from './session.js';
import { LANGUAGE_ID } from '../server/protocol/language.js';

export const SHOW_OUTPUT = 'mlpipe.showOutput';

interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

function countsOf(uri: vscode.Uri): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.severity === vscode.DiagnosticSeverity.Error) c.errors++;
    else if (d.severity === vscode.DiagnosticSeverity.Warning) c.warnings++;
    else c.infos++;
  }
  return c;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The text and tooltip for one state: pure apart from the theme icons, so every case reads in one place. */
export function statusOf(state: ServerState, active: { name: string; checked: boolean; counts: Counts } | undefined): { text: string; tooltip: string } {
  switch (state.kind) {
    case 'starting':
      return { text: '$(sync~spin) mlpipe', tooltip: 'mlpipe: the language server is starting. Click to show the output.' };
    case 'stopped':
      return {
        text: '$(circle-slash) mlpipe',
        tooltip: `mlpipe: stopped (${state.reason}). Click to show the output; run "mlpipe: Restart Language Server" to start it again.`,
      };
    case 'ready': {
      if (!active) return { text: '$(check) mlpipe', tooltip: 'mlpipe: the language server is ready. Click to show the output.' };
      // No result yet is not a clean result: never show the all-clear before the first check.
      if (!active.checked) return { text: '$(sync~spin) mlpipe: checking', tooltip: `mlpipe: checking ${active.name}…` };
      const { errors, warnings, infos } = active.counts;
      // The icon says the worst there is; the numbers stay in the tooltip, since VS Code's own
      // problem counter already shows errors and warnings next to this item.
      const icon = errors ? '$(error)' : warnings ? '$(warning)' : infos ? '$(info)' : '$(check)';
      const found = errors + warnings + infos === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')} and ${plural(infos, 'info')}`;
      return { text: `${icon} mlpipe`, tooltip: `mlpipe: ${active.name} has ${found}. Click to show the output.` };
    }
  }
}

/** The checker's state at a glance: starting, checking, the active file's worst finding, or stopped and why. */
export function createStatusBar(session: ServerSession): vscode.Disposable & { readonly item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('mlpipe.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'mlpipe';
  item.command = SHOW_OUTPUT;

  const render = (state: ServerState = session.state) => {
    const doc = vscode.window.activeTextEditor?.document;
    const active =
      doc?.languageId === LANGUAGE_ID
        ? { name: vscode.workspace.asRelativePath(doc.uri), checked: session.hasChecked(doc.uri), counts: countsOf(doc.uri) }
        : undefined;
    const { text, tooltip } = statusOf(state, active);
    item.text = text;
    item.tooltip = tooltip;
    item.backgroundColor = state.kind === 'stopped' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };

  render();
  const isActive = (uri: vscode.Uri) => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString();
  const subs = [
    session.onDidChangeState(render),
    session.onDidCheck((uri) => {
      if (isActive(uri)) render();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => render()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some(isActive)) render();
    }),
  ];
  const all = vscode.Disposable.from(item, ...subs);
  return { item, dispose: () => all.dispose() };
}
