import * as vscode from 'vscode';
import { backendCommand, messageOf } from '../backend/backendCommand.js';
import type { BackendSession } from '../backend/backendSession.js';
import { deleteQuestion, selectedRuns } from './runSelection.js';

export const DELETE_RUNS = 'mlpipe.deleteRuns';

/**
 * 'Delete Run(s)' on the Experiments tree: one modal confirmation naming how many, then one
 * all-or-nothing backend request per project folder. The tree refreshes on the backend's
 * 'storeChanged' event; a refusal (running or registered run) is shown as its one sentence.
 */
export function registerDeleteRuns(session: BackendSession): vscode.Disposable {
  return vscode.commands.registerCommand(
    DELETE_RUNS,
    backendCommand(session, async (rpc, clicked, selected) => {
      const groups = selectedRuns(clicked, selected);
      const all = [...groups.values()].flat();
      if (!all.length) return void vscode.window.showInformationMessage('mlpipe: choose runs in the Experiments view to delete them.');
      const choice = await vscode.window.showWarningMessage(deleteQuestion(all.length, all[0]!), { modal: true }, 'Delete');
      if (choice !== 'Delete') return undefined;
      const deleted: string[] = [];
      for (const [folder, runIds] of groups) {
        try {
          const out = await rpc.request('runs/delete', { folder, runIds });
          deleted.push(...out.deleted);
          for (const left of out.leftFolders) void vscode.window.showWarningMessage(`mlpipe: artifacts folder not removed: ${left}`);
        } catch (e) {
          void vscode.window.showErrorMessage(`mlpipe: ${messageOf(e)}${deleted.length ? ` (${deleted.length} other run(s) were deleted)` : ''}`);
          return deleted;
        }
      }
      void vscode.window.setStatusBarMessage(`mlpipe: deleted ${deleted.length} run(s)`, 5000);
      return deleted;
    }),
  );
}
