import { basename } from 'node:path';
import * as vscode from 'vscode';
import { servedVersionNotice } from './format/modelText.js';
import type { BackendSession } from './backend/backendSession.js';
import { COMMANDS } from './pipelineCommands.js';
import { lostServingText, ServedEndpoints, type Served } from './runs/servedEndpoints.js';

/** How long 'Serve Again' waits for a restarting backend before trying anyway (which then says why not). */
const READY_WAIT_MS = 30_000;

/**
 * When the backend stops while it serves models (killed, crashed, restarted), the Endpoints view
 * and the CodeLens only lose them silently: a warning names them and why, with 'Serve Again'
 * (once the backend is back) and 'Show Output'.
 */
export function registerServingNotices(session: BackendSession): vscode.Disposable {
  const served = new ServedEndpoints();
  const serveAgain = async (lost: readonly Served[]) => {
    if (session.state.kind !== 'ready') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, READY_WAIT_MS);
        const sub = session.onDidChangeState((s) => s.kind === 'ready' && done());
        function done() {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
    }
    for (const file of new Set(lost.map((s) => s.file))) await vscode.commands.executeCommand(COMMANDS.serve, vscode.Uri.file(file));
  };
  // A promote, rollback or register moved what a server of this window serves: said once per
  // change, as 'mlpipe serve' says it, with the restart that serves what the registry names now.
  const restartServing = async (url: string, file: string) => {
    await vscode.commands.executeCommand(COMMANDS.stopServing, url);
    await vscode.commands.executeCommand(COMMANDS.serve, vscode.Uri.file(file));
  };
  return vscode.Disposable.from(
    session.onEvent((e) => served.follow(e)),
    session.onEvent((e) => {
      if (e.kind !== 'servedVersionChanged') return;
      void vscode.window.showInformationMessage(servedVersionNotice(e, basename(e.file)), 'Restart Serving').then((choice) => (choice === 'Restart Serving' ? restartServing(e.url, e.file) : undefined));
    }),
    session.onDidChangeState((s) => {
      if (s.kind === 'ready') return;
      const lost = served.takeLost();
      if (!lost.length) return;
      const reason = s.kind === 'stopped' ? s.reason : 'the backend is restarting';
      void vscode.window.showWarningMessage(lostServingText(lost, reason), 'Serve Again', 'Show Output').then((choice) => {
        if (choice === 'Serve Again') return serveAgain(lost);
        if (choice === 'Show Output') return vscode.commands.executeCommand('mlpipe.showOutput');
        return undefined;
      });
    }),
  );
}
