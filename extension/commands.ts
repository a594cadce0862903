import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ServerSession } from './session.js';
import { SHOW_OUTPUT } from './statusBar.js';

export const RESTART_SERVER = 'mlpipe.restartServer';
export const STOP_SERVER = 'mlpipe.stopServer';

/**
 * A command that needs the running language server. When the server is down it says so and
 * offers a restart instead of failing silently.
 */
export function serverCommand(
  session: ServerSession,
  run: (client: LanguageClient, ...args: unknown[]) => unknown,
): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    // Right after activation the client is still loading or starting: wait for it.
    await session.whenStarted();
    const client = session.languageClient;
    if (!client) {
      const state = session.state;
      const why = state.kind === 'stopped' ? `stopped: ${state.reason}` : 'still starting';
      const choice = await vscode.window.showWarningMessage(`mlpipe: the language server is ${why}.`, 'Restart', 'Show Output');
      if (choice === 'Restart') await vscode.commands.executeCommand(RESTART_SERVER);
      else if (choice === 'Show Output') await vscode.commands.executeCommand(SHOW_OUTPUT);
      return undefined;
    }
    return run(client, ...args);
  };
}

/** Commands that live as long as the extension; they reach the server through the session. */
export function registerCommands(session: ServerSession, output: vscode.OutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_OUTPUT, () => output.show(true)),
    vscode.commands.registerCommand(RESTART_SERVER, () => session.restart()),
    vscode.commands.registerCommand(
      STOP_SERVER,
      serverCommand(session, () => session.stop('stopped by the user')),
    ),
  );
}
