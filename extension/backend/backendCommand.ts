import * as vscode from 'vscode';
import type { BackendSession } from './backendSession.js';
import type { BackendRpc } from './rpcClient.js';
import { messageOf } from '../format/backendText.js';

export const RESTART_BACKEND = 'mlpipe.restartBackend';

/** Says why the backend cannot answer, with the buttons that help; resolves to undefined. */
export async function backendDown(session: BackendSession): Promise<undefined> {
  const s = session.state;
  const why = s.kind === 'stopped' ? `stopped: ${s.reason}` : 'still starting';
  const choice = await vscode.window.showWarningMessage(`mlpipe: the backend is ${why}.`, 'Restart Backend', 'Show Output');
  if (choice === 'Restart Backend') await vscode.commands.executeCommand(RESTART_BACKEND);
  else if (choice === 'Show Output') await vscode.commands.executeCommand('mlpipe.showOutput');
  return undefined;
}

export { messageOf } from '../format/backendText.js';

/**
 * A command that needs the backend: when it is down the command says so (with a restart
 * button) instead of failing silently; a refused request shows its one-line reason.
 */
export function backendCommand(session: BackendSession, run: (rpc: BackendRpc, ...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  return async (...args) => {
    const s = session.state;
    if (s.kind !== 'ready') return backendDown(session);
    try {
      return await run(s.rpc, ...args);
    } catch (e) {
      void vscode.window.showErrorMessage(`mlpipe: ${messageOf(e)}`);
      return undefined;
    }
  };
}
