import * as vscode from 'vscode';
import { afterFirstCheck } from './afterFirstCheck.js';
import { registerCommands } from './commands.js';
import { registerEditorFeatures, type EditorFeatures } from './editorFeatures.js';
import { Scope } from './scope.js';
import type { ServerProcesses } from './serverProcess.js';
import { ServerSession } from './session.js';
import type { ActivationStart } from './startupTimeline.js';
import { createStatusBar } from './statusBar.js';

let extensionScope: Scope | undefined;
let session: ServerSession | undefined;

/** What `activate` returns: used by the end-to-end suite to wait for the server, not by users. */
export interface MlpipeApi {
  readonly session: ServerSession;
  /** The status bar item, whose text and tooltip the suite reads. */
  readonly status: vscode.StatusBarItem;
  readonly editor: EditorFeatures;
}

/**
 * `activation`: when the loader began and how it loaded this bundle (for the first-diagnostics
 * figure); `server`: the language server's processes, the first one started by the loader.
 */
export async function activate(context: vscode.ExtensionContext, activation?: ActivationStart, server?: ServerProcesses): Promise<MlpipeApi> {
  extensionScope = new Scope();
  context.subscriptions.push(extensionScope);
  const output = extensionScope.add(vscode.window.createOutputChannel('mlpipe'));
  session = extensionScope.add(new ServerSession(context, output, activation, server));
  const status = extensionScope.add(createStatusBar(session));
  extensionScope.add(registerCommands(session, output));
  const editor = extensionScope.add(registerEditorFeatures(context, output, afterFirstCheck(session)));
  output.appendLine(`[client] mlpipe ${String(context.extension.packageJSON.version)} activating`);
  // Not awaited: activation must not wait on a child process; the status bar shows progress.
  void session.start();
  session.activated();
  return { session, status: status.item, editor };
}

export async function deactivate(): Promise<void> {
  const s = session;
  session = undefined;
  if (s) await s.stop('the extension was deactivated');
  extensionScope?.dispose();
  extensionScope = undefined;
}
