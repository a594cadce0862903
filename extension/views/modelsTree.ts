import * as vscode from 'vscode';
import type { AuditEntry, ModelRecord, ModelVersionRecord } from '../../server/protocol/tracking.js';
import { lastTransition } from '../../server/backend/registry/auditText.js';
import { versionTooltip } from '../format/modelText.js';
import type { BackendSession } from '../backend/backendSession.js';
import { age, formatMetric } from '../format/runText.js';
import type { WorkspaceRuns } from '../runs/workspaceRuns.js';
import { storeFolders } from './storeFolders.js';

/** A version carries its newest audit entry (`models/history`): its tooltip says what last moved it, who and why. */
export type ModelNode = { kind: 'model'; model: ModelRecord; folder: string } | { kind: 'version'; version: ModelVersionRecord; folder: string; last?: AuditEntry };

const STAGE_ICON: Record<ModelVersionRecord['stage'], vscode.ThemeIcon> = {
  production: new vscode.ThemeIcon('star-full', new vscode.ThemeColor('charts.green')),
  staging: new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('charts.yellow')),
  archived: new vscode.ThemeIcon('archive'),
};

/** The Models view: registered models of each workspace folder, then their versions with stage. */
export class ModelsTree implements vscode.TreeDataProvider<ModelNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly session: BackendSession,
    private readonly runs: WorkspaceRuns,
  ) {
    const fire = () => this.changed.fire(undefined);
    // The runs' changes include pipelines added or removed, which change the stores listed.
    this.subscriptions = [session.onDidChangeState(fire), runs.onDidChange(fire), session.onEvent((e) => (e.kind === 'registryChanged' || e.kind === 'storeChanged' || e.kind === 'runFinished') && fire())];
  }

  async getChildren(node?: ModelNode): Promise<ModelNode[]> {
    const s = this.session.state;
    if (s.kind !== 'ready') return [];
    if (!node) {
      const pipelines = (await this.runs.listPipelines()).map((u) => u.fsPath);
      const out: ModelNode[] = [];
      for (const folder of storeFolders(pipelines, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath))) {
        const models = await s.rpc.request('models/list', { folder }).catch(() => []);
        for (const model of models) out.push({ kind: 'model', model, folder });
      }
      return out;
    }
    if (node.kind === 'model') {
      // The trail is read with the versions, through the same backend; a model gone meanwhile reads as no trail.
      const trail = await s.rpc.request('models/history', { folder: node.folder, name: node.model.name }).catch(() => []);
      return [...node.model.versions].reverse().map((version) => ({ kind: 'version', version, folder: node.folder, last: lastTransition(trail, version.version) }));
    }
    return [];
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    if (node.kind === 'model') {
      const { model } = node;
      const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `model:${node.folder}:${model.name}`;
      item.description = model.productionVersion === null ? 'nothing in production' : `v${model.productionVersion} in production`;
      item.iconPath = new vscode.ThemeIcon('package');
      item.contextValue = model.productionVersion === null ? 'model' : 'model.inProduction';
      return item;
    }
    const v = node.version;
    const item = new vscode.TreeItem(`v${v.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = `version:${node.folder}:${v.name}:${v.version}`;
    const metric = Object.entries(v.metrics)[0];
    item.description = `${v.stage}${metric ? ` · ${metric[0]} ${formatMetric(metric[1])}` : ''} · ${age(v.createdAt)}`;
    item.iconPath = STAGE_ICON[v.stage];
    item.contextValue = `version.${v.stage}`;
    item.tooltip = versionTooltip(v, node.last);
    item.command = { title: 'Show Run', command: 'mlpipe.showRun', arguments: [v.runId, vscode.Uri.file(node.folder)] };
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
