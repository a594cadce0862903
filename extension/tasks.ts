import * as vscode from 'vscode';

export const TASK_TYPE = 'mlpipe';

interface MlpipeTaskDefinition extends vscode.TaskDefinition {
  command: 'check' | 'run';
  /** Pipeline files, relative to the workspace folder; 'check' takes several. */
  files: string[];
}

/**
 * `mlpipe check` and `mlpipe run` as VS Code tasks, run by the bundled CLI on the Node the
 * backend uses; the '$mlpipe' problem matcher turns check's lines into Problems.
 */
export function registerTasks(context: vscode.ExtensionContext): vscode.Disposable {
  const cli = context.asAbsolutePath('dist/cli.js');
  const make = (def: MlpipeTaskDefinition, folder: vscode.WorkspaceFolder | vscode.TaskScope.Workspace): vscode.Task => {
    const node = vscode.workspace.getConfiguration('mlpipe').get<string>('nodePath') || 'node';
    const exec = new vscode.ProcessExecution(node, [cli, def.command, ...def.files], { env: { NO_COLOR: '1' } });
    const name = def.command === 'check' && def.files.length > 1 ? 'check all pipelines' : `${def.command} ${def.files.join(' ')}`;
    const task = new vscode.Task(def, folder, name, TASK_TYPE, exec, def.command === 'check' ? ['$mlpipe'] : ['$mlpipe']);
    task.group = def.command === 'check' ? vscode.TaskGroup.Test : vscode.TaskGroup.Build;
    return task;
  };
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    async provideTasks() {
      const tasks: vscode.Task[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const files = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.mlpipe'), '**/node_modules/**')).map((u) => vscode.workspace.asRelativePath(u, false));
        if (!files.length) continue;
        if (files.length > 1) tasks.push(make({ type: TASK_TYPE, command: 'check', files }, folder));
        for (const f of files) {
          tasks.push(make({ type: TASK_TYPE, command: 'check', files: [f] }, folder));
          tasks.push(make({ type: TASK_TYPE, command: 'run', files: [f] }, folder));
        }
      }
      return tasks;
    },
    resolveTask(task) {
      const def = task.definition as MlpipeTaskDefinition;
      if ((def.command !== 'check' && def.command !== 'run') || !Array.isArray(def.files)) return undefined;
      const scope = typeof task.scope === 'object' ? task.scope : vscode.TaskScope.Workspace;
      return make(def, scope);
    },
  });
}
