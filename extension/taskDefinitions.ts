/**
 * What the 'mlpipe' task provider offers, without vscode: the definitions (their shape is
 * declared in package.json 'contributes.taskDefinitions'), their names and CLI arguments.
 */
export const TASK_TYPE = 'mlpipe';
export const PROBLEM_MATCHER = '$mlpipe';

export interface MlpipeTaskDefinition {
  type: typeof TASK_TYPE;
  command: 'check' | 'run';
  /** Pipeline files, relative to the workspace folder; 'check' takes several. */
  files: string[];
  [key: string]: unknown;
}

/** For a folder's pipeline files: 'check all' when there are several, then check and run for each. */
export function taskDefinitionsFor(files: readonly string[]): MlpipeTaskDefinition[] {
  if (!files.length) return [];
  const defs: MlpipeTaskDefinition[] = files.length > 1 ? [{ type: TASK_TYPE, command: 'check', files: [...files] }] : [];
  for (const f of files) defs.push({ type: TASK_TYPE, command: 'check', files: [f] }, { type: TASK_TYPE, command: 'run', files: [f] });
  return defs;
}

/** A definition from tasks.json is used only when it has the declared shape. */
export function isTaskDefinition(def: { type: string; [key: string]: unknown }): def is MlpipeTaskDefinition {
  return def.type === TASK_TYPE && (def.command === 'check' || def.command === 'run') && Array.isArray(def.files) && def.files.every((f) => typeof f === 'string');
}

export function taskName(def: MlpipeTaskDefinition): string {
  return def.command === 'check' && def.files.length > 1 ? 'check all pipelines' : `${def.command} ${def.files.join(' ')}`;
}

/** The bundled CLI's arguments; NO_COLOR keeps its lines plain for the problem matcher. */
export function taskArgs(cli: string, def: MlpipeTaskDefinition): string[] {
  return [cli, def.command, ...def.files];
}
