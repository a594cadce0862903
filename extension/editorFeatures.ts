import * as vscode from 'vscode';
import { BackendSession } from './backend/backendSession.js';
import { PipelineCodeLens } from './codeLens.js';
import { registerDriftCommands, type DriftCommands } from './driftCommands.js';
import { registerPipelineCommands } from './pipelineCommands.js';
import { registerReadinessCommands } from './readinessCommands.js';
import { RunTracker } from './runs/runTracker.js';
import { WorkspaceRuns } from './runs/workspaceRuns.js';
import { registerServingNotices } from './servingNotices.js';
import { registerTasks } from './tasks.js';
import { registerDeleteRuns } from './views/deleteRunsCommand.js';
import { ExperimentsTree } from './views/experimentsTree.js';
import { EndpointsTree } from './views/endpointsTree.js';
import { ModelsTree } from './views/modelsTree.js';
import { Panels } from './webviews/panels.js';
import { LANGUAGE_ID } from '../server/protocol/language.js';

export interface EditorFeatures extends vscode.Disposable {
  readonly backend: BackendSession;
  readonly tracker: RunTracker;
  readonly runs: WorkspaceRuns;
  readonly panels: Panels;
  readonly endpoints: EndpointsTree;
  readonly models: ModelsTree;
  readonly drift: ReturnType<typeof registerDriftCommands>['panels'];
  /** Fires as each drift alert notification is shown. */
  readonly onDidNotifyAlert: DriftCommands['onDidNotify'];
  readonly readiness: ReturnType<typeof registerReadinessCommands>['panels'];
}

/**
 * Everything that drives the loop from the editor: the backend process, its commands, the
 * CodeLens, the sidebar views, the webview panels and the tasks. `main.ts` calls this once.
 */
export function registerEditorFeatures(context: vscode.ExtensionContext, output: vscode.OutputChannel, startBackend: Promise<void> = Promise.resolve()): EditorFeatures {
  const backend = new BackendSession(context, output);
  const tracker = new RunTracker(backend);
  const runs = new WorkspaceRuns(backend);
  const panels = new Panels(context, backend);
  const lenses = new PipelineCodeLens(backend, tracker, runs);
  const experiments = new ExperimentsTree(runs, tracker);
  const models = new ModelsTree(backend, runs);
  const endpoints = new EndpointsTree(backend);
  const drift = registerDriftCommands({ context, session: backend, tracker, output });
  const readiness = registerReadinessCommands(context, backend);
  const setContext = () => {
    const s = backend.state;
    void vscode.commands.executeCommand('setContext', 'mlpipe.backendReady', s.kind === 'ready');
    void vscode.commands.executeCommand('setContext', 'mlpipe.canServe', s.kind === 'ready' && s.hello.features.serve);
  };
  const disposables = vscode.Disposable.from(
    backend,
    tracker,
    runs,
    panels,
    lenses,
    experiments,
    models,
    endpoints,
    backend.onDidChangeState(setContext),
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID, scheme: 'file' }, lenses),
    vscode.window.createTreeView('mlpipe.experiments', { treeDataProvider: experiments, canSelectMany: true, showCollapseAll: true }),
    vscode.window.createTreeView('mlpipe.models', { treeDataProvider: models }),
    vscode.window.createTreeView('mlpipe.endpoints', { treeDataProvider: endpoints }),
    registerPipelineCommands({ session: backend, tracker, runs, panels, output }),
    drift,
    readiness,
    registerDeleteRuns(backend),
    registerServingNotices(backend),
    registerTasks(context),
    panels.registerSerializers(),
  );
  // Not awaited: activation must not wait on a child process. Started when main.ts says: after
  // the language server's first result, so the two do not start at once on a few cores.
  let disposed = false;
  void startBackend.then(() => (disposed ? undefined : backend.start()));
  return { backend, tracker, runs, panels, endpoints, models, drift: drift.panels, onDidNotifyAlert: drift.onDidNotify, readiness: readiness.panels, dispose: () => {
      disposed = true;
      disposables.dispose();
    },
  };
}
