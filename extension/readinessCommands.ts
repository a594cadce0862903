import * as vscode from 'vscode';
import type { BackendSession } from './backend/backendSession.js';
import { ReadinessPanels } from './webviews/readinessPanels.js';
import { LANGUAGE_ID } from '../server/protocol/language.js';

export const SHOW_READINESS = 'mlpipe.showReadiness';

/** Show Readiness (palette and editor title of a .mlpipe file), with its panels. */
export function registerReadinessCommands(context: vscode.ExtensionContext, session: BackendSession): vscode.Disposable & { panels: ReadinessPanels } {
  const panels = new ReadinessPanels(context, session);
  const disposable = vscode.Disposable.from(
    panels,
    panels.registerSerializer(),
    vscode.commands.registerCommand(SHOW_READINESS, (arg?: unknown) => {
      const doc = vscode.window.activeTextEditor?.document;
      const uri = arg instanceof vscode.Uri ? arg : doc?.languageId === LANGUAGE_ID ? doc.uri : undefined;
      if (!uri) return void vscode.window.showWarningMessage('mlpipe: open a .mlpipe file to score its production readiness.');
      panels.show(uri.fsPath);
    }),
  );
  return Object.assign(disposable, { panels });
}
