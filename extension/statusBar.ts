import * as vscode from 'vscode';
import type { ServerSession, ServerState } from './session.js';

export const SHOW_OUTPUT = 'mlpipe.showOutput';

function countsOf(uri: vscode.Uri): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
    else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
  }
  return { errors, warnings };
}

/** The checker's state at a glance: starting, ready (with the active file's counts) or stopped and why. */
export function createStatusBar(session: ServerSession): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mlpipe.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'mlpipe';
  item.command = SHOW_OUTPUT;

  const render = (state: ServerState = session.state) => {
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'starting':
        item.text = '$(sync~spin) mlpipe';
        item.tooltip = 'mlpipe: the language server is starting. Click to show the output.';
        break;
      case 'ready': {
        const doc = vscode.window.activeTextEditor?.document;
        if (doc?.languageId === 'mlpipe') {
          const { errors, warnings } = countsOf(doc.uri);
          item.text = `$(check) mlpipe $(error) ${errors} $(warning) ${warnings}`;
          item.tooltip = `mlpipe: ready. ${errors} error(s) and ${warnings} warning(s) in ${vscode.workspace.asRelativePath(doc.uri)}. Click to show the output.`;
        } else {
          item.text = '$(check) mlpipe';
          item.tooltip = 'mlpipe: the language server is ready. Click to show the output.';
        }
        break;
      }
      case 'stopped':
        item.text = '$(circle-slash) mlpipe';
        item.tooltip = `mlpipe: stopped (${state.reason}). Click to show the output; run "mlpipe: Restart Language Server" to start it again.`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
    }
    item.show();
  };

  render();
  const subs = [
    session.onDidChangeState(render),
    vscode.window.onDidChangeActiveTextEditor(() => render()),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) render();
    }),
  ];
  return vscode.Disposable.from(item, ...subs);
}
