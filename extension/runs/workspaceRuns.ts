import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RunSummary } from '../../server/protocol/backend.js';
import type { BackendSession } from '../backend/backendSession.js';
import { withOpenPipelines } from './openPipelines.js';
import { LANGUAGE_ID, PIPELINE_EXTENSION } from '../../server/protocol/language.js';

const PIPELINES = `**/*${PIPELINE_EXTENSION}`;
const EXCLUDE = '{**/node_modules/**,**/.mlpipe/**}';

/**
 * What the views know of the workspace: its pipeline files and each one's runs, fetched from
 * the backend on demand and dropped whenever a backend event says they changed. One source
 * for the CodeLens and the Experiments tree, so both show the same run.
 */
export class WorkspaceRuns implements vscode.Disposable {
  private pipelines: Promise<vscode.Uri[]> | undefined;
  private readonly runs = new Map<string, Promise<RunSummary[]>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  readonly onDidChange = this.changed.event;

  constructor(private readonly session: BackendSession) {
    const watcher = vscode.workspace.createFileSystemWatcher(PIPELINES, false, true, false);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate(() => this.invalidate(true)),
      watcher.onDidDelete(() => this.invalidate(true)),
      // A pipeline outside the workspace (or with no folder open) is listed while it is open.
      vscode.workspace.onDidOpenTextDocument((d) => d.languageId === LANGUAGE_ID && d.uri.scheme === 'file' && this.invalidate(true)),
      vscode.workspace.onDidCloseTextDocument((d) => d.languageId === LANGUAGE_ID && d.uri.scheme === 'file' && this.invalidate(true)),
      session.onDidChangeState(() => this.invalidate(false)),
      session.onEvent((e) => {
        if (e.kind === 'runStarted' || e.kind === 'runFinished' || e.kind === 'storeChanged') this.invalidate(false);
      }),
    );
  }

  /** Pipeline files of the workspace, and those open in an editor outside it, sorted by path. */
  listPipelines(): Promise<vscode.Uri[]> {
    this.pipelines ??= Promise.resolve(vscode.workspace.findFiles(PIPELINES, EXCLUDE)).then((found) => {
      const open = vscode.workspace.textDocuments.filter((d) => d.languageId === LANGUAGE_ID && d.uri.scheme === 'file').map((d) => d.uri.fsPath);
      return withOpenPipelines(
        found.map((u) => u.fsPath),
        open,
      ).map((f) => vscode.Uri.file(f));
    });
    return this.pipelines;
  }

  /** Runs of one pipeline, newest first; empty while the backend is down. */
  listRuns(file: string): Promise<RunSummary[]> {
    const s = this.session.state;
    if (s.kind !== 'ready') return Promise.resolve([]);
    let p = this.runs.get(file);
    if (!p) {
      p = s.rpc.request('runs/list', { folder: dirname(file), pipelinePath: file, limit: 200 }).catch(() => []);
      this.runs.set(file, p);
    }
    return p;
  }

  async lastRun(file: string): Promise<RunSummary | undefined> {
    return (await this.listRuns(file))[0];
  }

  /** Drops what is cached; listeners hear about it once per burst of events. */
  invalidate(pipelinesToo: boolean): void {
    if (pipelinesToo) this.pipelines = undefined;
    this.runs.clear();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), 50);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
