import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import type { JobOutcome } from '../server/protocol/backend.js';
import { registeredText } from '../server/backend/registry/auditText.js';
import { REGISTER_STAGES, STAGES, type Stage } from '../server/mlpipe/language/keywords.js';
import { checkModelName } from '../server/backend/registry/modelNames.js';
import { backendCommand, RESTART_BACKEND } from './backend/backendCommand.js';
import type { BackendSession } from './backend/backendSession.js';
import type { BackendRpc } from './backend/rpcClient.js';
import type { RunTracker } from './runs/runTracker.js';
import { cancelTarget } from './runs/cancelTarget.js';
import { savedPipeline } from './runs/savedPipeline.js';
import { lensParser } from './lensParser.js';
import type { WorkspaceRuns } from './runs/workspaceRuns.js';
import type { ExperimentNode } from './views/experimentsTree.js';
import type { ModelNode } from './views/modelsTree.js';
import { storeChoice, storeFolders } from './views/storeFolders.js';
import { isPipelinePath, LANGUAGE_ID } from '../server/protocol/language.js';

export const COMMANDS = {
  runPipeline: 'mlpipe.runPipeline',
  cancelRun: 'mlpipe.cancelRun',
  reproduceRun: 'mlpipe.reproduceRun',
  showExperiments: 'mlpipe.showExperiments',
  showRun: 'mlpipe.showRun',
  compareRuns: 'mlpipe.compareRuns',
  promote: 'mlpipe.promoteVersion',
  rollback: 'mlpipe.rollbackModel',
  registerRun: 'mlpipe.registerRun',
  checkWorkspace: 'mlpipe.checkWorkspace',
  openArtifacts: 'mlpipe.openArtifacts',
  restartBackend: RESTART_BACKEND,
  refreshViews: 'mlpipe.refreshViews',
  serve: 'mlpipe.serve',
  stopServing: 'mlpipe.stopServing',
  showDrift: 'mlpipe.showDrift',
} as const;

/** What the panels do; the commands only find their arguments. */
export interface Panels {
  showExperiments(folder: string, select?: string[]): void;
  showRun(folder: string, runId: string): void;
}

export interface CommandContext {
  session: BackendSession;
  tracker: RunTracker;
  runs: WorkspaceRuns;
  panels: Panels;
  output: vscode.OutputChannel;
}

/** The `.mlpipe` file a command is about: its argument (a Uri or a tree node), else the active editor. */
function pipelineUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const node = arg as ExperimentNode | undefined;
  if (node?.kind === 'pipeline') return node.uri;
  if (node?.kind === 'run') return vscode.Uri.file(node.file);
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === LANGUAGE_ID ? doc.uri : undefined;
}

function defaultFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The store to open when no pipeline says which: the only one, else the user's pick among them. */
async function chooseStore(ctx: CommandContext, placeHolder: string): Promise<string | undefined> {
  const pipelines = (await ctx.runs.listPipelines()).map((u) => u.fsPath);
  const choice = storeChoice(storeFolders(pipelines, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)), defaultFolder());
  if ('folder' in choice) return choice.folder;
  const pick = await vscode.window.showQuickPick(
    choice.pick.map((folder) => ({ label: basename(folder), description: vscode.workspace.asRelativePath(folder, true), folder })),
    { placeHolder },
  );
  return pick?.folder;
}

/** A run id and its folder from a command's arguments: (node) or (runId, uri|folder). */
async function runArg(ctx: CommandContext, rpc: BackendRpc, args: unknown[], placeholder: string): Promise<{ runId: string; folder: string } | undefined> {
  const [a, b] = args;
  const node = a as ExperimentNode | undefined;
  if (node && typeof node === 'object' && 'kind' in node && node.kind === 'run') return { runId: node.run.id, folder: dirname(node.file) };
  if (typeof a === 'string') {
    const folder = b instanceof vscode.Uri ? (isPipelinePath(b.fsPath) ? dirname(b.fsPath) : b.fsPath) : typeof b === 'string' ? b : defaultFolder();
    return folder ? { runId: a, folder } : undefined;
  }
  const uri = pipelineUri(a);
  const folder = uri ? dirname(uri.fsPath) : await chooseStore(ctx, 'Project whose runs to list');
  if (!folder) return undefined;
  const runs = await rpc.request('runs/list', { folder, ...(uri ? { pipelinePath: uri.fsPath } : {}), limit: 200 });
  if (!runs.length) {
    void vscode.window.showInformationMessage('mlpipe: no runs yet; train a pipeline first.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    runs.map((r) => ({ label: r.id, description: `${r.pipelineName} · ${r.status}`, runId: r.id })),
    { placeHolder: placeholder },
  );
  return pick && { runId: pick.runId, folder };
}

/**
 * Why a registry change is made, for the model's history (`mlpipe models NAME`, the Models view's
 * tooltips), as `--reason` gives it in a terminal: empty keeps the registry's own wording,
 * Escape cancels the change.
 */
function askReason(): Thenable<string | undefined> {
  return vscode.window.showInputBox({ prompt: "Why? Kept in the model's history (optional: Enter to skip, Escape to cancel)", placeHolder: 'for example: the canary held a week' });
}

export function registerPipelineCommands(ctx: CommandContext): vscode.Disposable {
  const { session, tracker, panels } = ctx;
  const cmd = (id: string, run: (rpc: BackendRpc, ...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, backendCommand(session, run));
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.restartBackend, () => session.restart()),
    vscode.commands.registerCommand(COMMANDS.refreshViews, () => ctx.runs.invalidate(true)),

    cmd(COMMANDS.runPipeline, async (rpc, arg, model) => {
      const uri = pipelineUri(arg);
      if (!uri) return void vscode.window.showWarningMessage('mlpipe: open a .mlpipe file to train it.');
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const target = await savedPipeline(doc, uri.fsPath, basename(uri.path));
      if ('refused' in target) return void vscode.window.showWarningMessage(`mlpipe: ${target.refused}.`);
      if (typeof model === 'string') return tracker.train(rpc, target.file, model, target.saved);
      // Several models and no register block: each in turn, a run each, as `mlpipe run` does.
      const each = lensParser().modelsTrainedEach(await readFile(target.file, 'utf8').catch(() => ''));
      if (!each) return tracker.train(rpc, target.file, undefined, target.saved);
      const outcomes: JobOutcome[] = [];
      for (const m of each) {
        const o = await tracker.train(rpc, target.file, m, target.saved);
        if (!o) break; // failed or cancelled: the rest wait for the user
        outcomes.push(o);
      }
      return outcomes;
    }),

    cmd(COMMANDS.cancelRun, async (rpc, arg) => {
      const given = arg === undefined ? undefined : pipelineUri(arg)?.fsPath;
      const doc = vscode.window.activeTextEditor?.document;
      const editor = doc?.languageId === LANGUAGE_ID && doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined;
      const target = cancelTarget(given, editor, tracker.active.map((j) => j.file));
      let file: string | undefined;
      if ('file' in target) file = target.file;
      else if ('pick' in target) {
        const pick = await vscode.window.showQuickPick(
          target.pick.map((f) => ({ label: basename(f), description: vscode.workspace.asRelativePath(dirname(f), true), file: f })),
          { placeHolder: 'Training to cancel' },
        );
        if (!pick) return;
        file = pick.file;
      }
      if (!file || !(await tracker.cancel(rpc, file))) {
        const what = 'none' in target && target.none ? `'${basename(target.none)}' is not training` : 'nothing is training';
        void vscode.window.showInformationMessage(`mlpipe: ${what}.`);
      }
    }),

    cmd(COMMANDS.reproduceRun, async (rpc, ...args) => {
      const picked = await runArg(ctx, rpc, args, 'Run to reproduce');
      if (!picked) return undefined;
      const detail = await rpc.request('runs/get', { folder: picked.folder, runId: picked.runId, buckets: 1 });
      return tracker.reproduce(rpc, picked.folder, detail.run.pipelinePath, picked.runId);
    }),

    cmd(COMMANDS.showExperiments, async (_rpc, arg) => {
      const uri = pipelineUri(arg);
      const folder = uri ? dirname(uri.fsPath) : await chooseStore(ctx, 'Project whose experiments to show');
      if (folder) panels.showExperiments(folder);
    }),

    cmd(COMMANDS.showRun, async (rpc, ...args) => {
      const picked = await runArg(ctx, rpc, args, 'Run to show');
      if (picked) panels.showRun(picked.folder, picked.runId);
    }),

    cmd(COMMANDS.compareRuns, async (_rpc, clicked, selected) => {
      const nodes = ((Array.isArray(selected) && selected.length ? selected : [clicked]) as ExperimentNode[]).filter((n) => n?.kind === 'run');
      const runIds = nodes.map((n) => (n.kind === 'run' ? n.run.id : ''));
      // From the palette, with no runs selected: the same pick among stores as Show Experiments.
      const folder = nodes[0]?.kind === 'run' ? dirname(nodes[0].file) : await chooseStore(ctx, 'Project whose runs to compare');
      if (folder) panels.showExperiments(folder, runIds);
    }),

    cmd(COMMANDS.promote, async (rpc, arg) => {
      const node = arg as ModelNode | undefined;
      if (node?.kind !== 'version') return void vscode.window.showInformationMessage("mlpipe: choose a version in the Models view, then 'Promote'.");
      const stage = await vscode.window.showQuickPick(
        STAGES.filter((s) => s !== node.version.stage),
        { placeHolder: `Move ${node.version.name} v${node.version.version} (${node.version.stage}) to` },
      );
      if (!stage) return undefined;
      const reason = await askReason();
      if (reason === undefined) return undefined;
      const v = await rpc.request('models/promote', { folder: node.folder, name: node.version.name, version: node.version.version, stage: stage as Stage, ...(reason ? { reason } : {}) });
      void vscode.window.showInformationMessage(`mlpipe: ${v.name} v${v.version} is now in ${v.stage}.`);
      return v;
    }),

    cmd(COMMANDS.rollback, async (rpc, arg) => {
      const node = arg as ModelNode | undefined;
      const folder = node?.folder ?? (await chooseStore(ctx, 'Project whose model to roll back'));
      let name = node?.kind === 'model' ? node.model.name : node?.kind === 'version' ? node.version.name : undefined;
      if (!name && folder) {
        const models = (await rpc.request('models/list', { folder })).filter((m) => m.productionVersion !== null);
        name = await vscode.window.showQuickPick(
          models.map((m) => m.name),
          { placeHolder: 'Model to roll back' },
        );
      }
      if (!name || !folder) return undefined;
      const reason = await askReason();
      if (reason === undefined) return undefined;
      const v = await rpc.request('models/rollback', { folder, name, ...(reason ? { reason } : {}) });
      void vscode.window.showInformationMessage(`mlpipe: ${v.name} v${v.version} is back in production.`);
      return v;
    }),

    // 'mlpipe register NAME RUN_ID [--stage] [--reason]' from the editor: the run from its tree
    // item or a pick, then the model, the stage and why. The backend's registry refuses an
    // unknown, unfinished or already registered run in the CLI's words.
    cmd(COMMANDS.registerRun, async (rpc, ...args) => {
      const picked = await runArg(ctx, rpc, args, 'Run to register as a model version');
      if (!picked) return undefined;
      const NEW = '$(add) New model name…';
      const names = (await rpc.request('models/list', { folder: picked.folder })).map((m) => m.name);
      let name = names.length ? await vscode.window.showQuickPick([...names, NEW], { placeHolder: `Model to register run ${picked.runId} as the next version of` }) : NEW;
      if (name === NEW) {
        name = await vscode.window.showInputBox({
          prompt: `Name of the new registered model for run ${picked.runId}`,
          placeHolder: 'churn_model',
          // The registry's own rule and words, before the round trip.
          validateInput: (v) => {
            try {
              checkModelName(v);
              return undefined;
            } catch (e) {
              return (e as Error).message;
            }
          },
        });
      }
      if (!name) return undefined;
      const stage = await vscode.window.showQuickPick(
        REGISTER_STAGES.map((s) => ({ label: s, description: s === 'staging' ? 'the default' : 'archives the version in production now' })),
        { placeHolder: `Stage of ${name}'s new version` },
      );
      if (!stage) return undefined;
      const reason = await askReason();
      if (reason === undefined) return undefined;
      const v = await rpc.request('models/register', { folder: picked.folder, name, runId: picked.runId, stage: stage.label, ...(reason ? { reason } : {}) });
      void vscode.window.showInformationMessage(`mlpipe: ${registeredText(v)}.`);
      return v;
    }),

    cmd(COMMANDS.checkWorkspace, async (rpc) => {
      const files = (await ctx.runs.listPipelines()).map((u) => u.fsPath);
      if (!files.length) return void vscode.window.showInformationMessage('mlpipe: no .mlpipe files in this workspace.');
      const results = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `mlpipe: checking ${files.length} pipeline(s)` }, () =>
        rpc.request('check/files', { files }),
      );
      let errors = 0;
      let warnings = 0;
      ctx.output.appendLine(`[check] ${files.length} pipeline(s)`);
      for (const r of results) {
        errors += r.errors;
        warnings += r.warnings;
        ctx.output.appendLine(`[check] ${vscode.workspace.asRelativePath(r.file)}: ${r.errors} error(s), ${r.warnings} warning(s)`);
        for (const p of r.problems) ctx.output.appendLine(`          ${p}`);
      }
      // Opening each file hands it to the language server, whose diagnostics fill the Problems view.
      await Promise.all(files.map((f) => vscode.workspace.openTextDocument(f).then(undefined, () => undefined)));
      const text = `mlpipe: ${files.length} pipeline(s) checked: ${errors} error(s), ${warnings} warning(s).`;
      const choice = await (errors ? vscode.window.showErrorMessage : vscode.window.showInformationMessage)(text, 'Show Problems', 'Show Output');
      if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (choice === 'Show Output') ctx.output.show(true);
      return results;
    }),

    cmd(COMMANDS.openArtifacts, async (rpc, ...args) => {
      const picked = await runArg(ctx, rpc, args, 'Run whose artifacts to open');
      if (!picked) return;
      const detail = await rpc.request('runs/get', { folder: picked.folder, runId: picked.runId, buckets: 1 });
      const dir = vscode.Uri.file(detail.run.artifactDir);
      const inside = vscode.workspace.workspaceFolders?.some((f) => {
        const rel = relative(f.uri.fsPath, dir.fsPath);
        return !rel.startsWith('..') && !isAbsolute(rel);
      });
      if (inside) await vscode.commands.executeCommand('revealInExplorer', dir);
      else await vscode.commands.executeCommand('revealFileInOS', dir);
    }),

    cmd(COMMANDS.serve, async (rpc, arg) => {
      const uri = pipelineUri(arg);
      if (!uri) return void vscode.window.showWarningMessage('mlpipe: open a .mlpipe file to serve it.');
      // The serve block (model, port) and the monitor are read from disk, as for Train.
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const target = await savedPipeline(doc, uri.fsPath, basename(uri.path), 'serve');
      if ('refused' in target) return void vscode.window.showWarningMessage(`mlpipe: ${target.refused}.`);
      const e = await tracker.serve(rpc, target.file, target.saved);
      // The port moved, or the version is another pipeline's ('mlpipe serve' prints the same warning).
      const warnings = [e.note, e.foreign].filter((w) => w !== undefined);
      if (warnings.length) void vscode.window.showWarningMessage(`mlpipe: serving ${e.model} on ${e.url}: ${warnings.join('; ')}.`);
      else void vscode.window.showInformationMessage(`mlpipe: serving ${e.model} on ${e.url}`);
      return e;
    }),
    cmd(COMMANDS.stopServing, async (rpc, url) => {
      if (typeof url === 'string') await rpc.request('serve/stop', { url });
    }),
  );
}
