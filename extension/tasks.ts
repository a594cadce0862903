import * as vscode from 'vscode';
import { isTaskDefinition, PROBLEM_MATCHER, TASK_TYPE, taskArgs, taskDefinitionsFor, taskName, type MlpipeTaskDefinition } from './taskDefinitions.js';
import { nodePathSetting } from './settings.js';

export { TASK_TYPE } from './taskDefinitions.js';

/**
 * `mlpipe check` and `mlpipe run` as VS Code tasks, run by the bundled CLI on the Node the
 * backend uses; the '$mlpipe' problem matcher turns check's lines into Problems.
 */
export function registerTasks(context: vscode.ExtensionContext): vscode.Disposable {
  const cli = context.asAbsolutePath('dist/cli.js');
  const make = (def: MlpipeTaskDefinition, folder: vscode.WorkspaceFolder | vscode.TaskScope.Workspace): vscode.Task => {
    const node = nodePathSetting() || 'node';
    const exec = new vscode.ProcessExecution(node, taskArgs(cli, def), { env: { NO_COLOR: '1' } });
    const task = new vscode.Task(def, folder, taskName(def), TASK_TYPE, exec, [PROBLEM_MATCHER]);
    task.group = def.command === 'check' ? vscode.TaskGroup.Test : vscode.TaskGroup.Build;
    return task;
  };
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    async provideTasks() {
      const tasks: vscode.Task[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const files = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.mlpipe'), '**/node_modules/**')).map((u) => vscode.workspace.asRelativePath(u, false));
        for (const def of taskDefinitionsFor(files)) tasks.push(make(def, folder));
      }
      return tasks;
    },
    resolveTask(task) {
      if (!isTaskDefinition(task.definition)) return undefined;
      const scope = typeof task.scope === 'object' ? task.scope : vscode.TaskScope.Workspace;
      return make(task.definition, scope);
    },
  });
}
