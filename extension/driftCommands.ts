import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BackendEvent, EndpointInfo } from '../server/protocol/backend.js';
import { backendCommand } from './backend/backendCommand.js';
import type { BackendSession } from './backend/backendSession.js';
import type { BackendRpc } from './backend/rpcClient.js';
import { alertText, type Alert } from './format/alertText.js';
import type { RunTracker } from './runs/runTracker.js';
import { savedPipeline } from './runs/savedPipeline.js';
import type { EndpointNode } from './views/endpointsTree.js';
import { DriftPanels, RETRAIN_NOW } from './webviews/driftPanels.js';
import { LANGUAGE_ID } from '../server/protocol/language.js';

export const SHOW_DRIFT = 'mlpipe.showDrift';
export { RETRAIN_NOW };

/**
 * The endpoint a drift command is about: a tree node, a URL (CodeLens, webview), a pipeline
 * file (its served model), else the active pipeline's, else the only one or a pick.
 */
async function endpointArg(rpc: BackendRpc, arg: unknown): Promise<EndpointInfo | undefined> {
  const served = await rpc.request('serve/list', {});
  const node = arg as EndpointNode | undefined;
  const url = typeof arg === 'string' ? arg : node?.kind === 'endpoint' ? node.endpoint.url : node?.kind === 'drift' ? node.url : undefined;
  if (url) return served.find((e) => e.url === url);
  const doc = vscode.window.activeTextEditor?.document;
  const file = arg instanceof vscode.Uri ? arg.fsPath : doc?.languageId === LANGUAGE_ID ? doc.uri.fsPath : undefined;
  const ofFile = file && served.find((e) => e.file === file);
  if (ofFile) return ofFile;
  if (served.length <= 1) return served[0];
  const pick = await vscode.window.showQuickPick(
    served.map((e) => ({ label: `${e.model}${e.version === null ? '' : ` v${e.version}`}`, description: e.url, e })),
    { placeHolder: 'Served model' },
  );
  return pick?.e;
}

export interface DriftContext {
  context: vscode.ExtensionContext;
  session: BackendSession;
  tracker: RunTracker;
  output: vscode.OutputChannel;
}

/** An alert notification being shown: its text, and the button the user answers with (undefined: closed). */
export interface AlertNotice {
  readonly text: string;
  readonly answer: Thenable<string | undefined>;
}

/** What registerDriftCommands gives back: its panels, and each alert notification as it is shown. */
export interface DriftCommands extends vscode.Disposable {
  readonly panels: DriftPanels;
  readonly onDidNotify: vscode.Event<AlertNotice>;
}

/** Show Drift, Retrain now and the alert notifications, with the Drift panels they open. */
export function registerDriftCommands({ context, session, tracker, output }: DriftContext): DriftCommands {
  const panels = new DriftPanels(context, session);
  const notified = new vscode.EventEmitter<AlertNotice>();
  const cmd = (id: string, run: (rpc: BackendRpc, ...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, backendCommand(session, run));

  // One notification per burst of alerts from a server (the monitor records one per target and window).
  const bursts = new Map<string, { alerts: Alert[]; timer: NodeJS.Timeout }>();
  const notify = async (alerts: Alert[]) => {
    const first = alerts[0]!;
    const text = alertText(alerts);
    // Logged, so a missing notification can be told from one never asked for.
    output.appendLine(`[drift] showing a notification for ${alerts.length} alert(s): ${text}`);
    const answer = vscode.window.showWarningMessage(text, 'Show Drift', 'Retrain now');
    notified.fire({ text, answer });
    const picked = await answer;
    output.appendLine(`[drift] the notification for ${first.url} was ${picked ? `answered '${picked}'` : 'dismissed'}`);
    if (picked === 'Show Drift') await vscode.commands.executeCommand(SHOW_DRIFT, first.url);
    else if (picked === 'Retrain now') await vscode.commands.executeCommand(RETRAIN_NOW, vscode.Uri.file(first.file));
  };
  const onAlert = (e: BackendEvent) => {
    if (e.kind !== 'alert') return;
    const open = bursts.get(e.url);
    if (open) return void open.alerts.push(e);
    const alerts = [e];
    const timer = setTimeout(() => {
      bursts.delete(e.url);
      void notify(alerts);
    }, 250);
    bursts.set(e.url, { alerts, timer });
  };

  const disposable = vscode.Disposable.from(
    panels,
    notified,
    panels.registerSerializer(),
    session.onEvent(onAlert),
    { dispose: () => bursts.forEach((b) => clearTimeout(b.timer)) },
    cmd(SHOW_DRIFT, async (rpc, arg) => {
      const e = await endpointArg(rpc, arg);
      if (!e) return void vscode.window.showInformationMessage('mlpipe: no model is being served; serve one to watch its drift.');
      panels.show(e.url, `Drift: ${e.model}${e.version === null ? '' : ` v${e.version}`}`);
    }),
    cmd(RETRAIN_NOW, async (rpc, arg) => {
      let file: string | undefined;
      if (arg instanceof vscode.Uri) file = arg.fsPath;
      else {
        const doc = vscode.window.activeTextEditor?.document;
        file = arg === undefined && doc?.languageId === LANGUAGE_ID ? doc.uri.fsPath : (await endpointArg(rpc, arg))?.file;
      }
      if (!file) return void vscode.window.showWarningMessage('mlpipe: open a .mlpipe file or choose a served model to retrain.');
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
      const target = await savedPipeline(doc, file, basename(file));
      if ('refused' in target) return void vscode.window.showWarningMessage(`mlpipe: ${target.refused}.`);
      return tracker.retrain(rpc, target.file, target.saved);
    }),
  );
  return Object.assign(disposable, { panels, onDidNotify: notified.event });
}
