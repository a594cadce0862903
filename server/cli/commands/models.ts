import { parseArgs } from 'node:util';
import { Suggester } from '../../mlpipe/checker/suggest.js';
import { findProjectRoot } from '../../backend/pipeline/projectRoot.js';
import { checkModelName, unknownModel } from '../../backend/registry/modelNames.js';
import { unknownRunToRegister } from '../../backend/registry/errors.js';
import { openRegistry, RegistryError } from '../../backend/registry/registry.js';
import { parseVersionNumber } from '../../mlpipe/language/versionNumber.js';
import { storeExists } from '../../backend/tracking/database.js';
import { openStore, type Store } from '../../backend/tracking/store.js';
import { listedMetrics } from '../../mlpipe/evaluate/gateText.js';
import { oneOf, REGISTER_STAGES, STAGES } from '../../mlpipe/language/keywords.js';
import type { ModelHistoryOutput, ModelsOutput } from '../../protocol/cli.js';
import { auditLine, registeredText } from '../../backend/registry/auditText.js';
import { argumentsError, CliError, paint, shownPath, useColor } from '../output.js';

import { MODELS_USAGE, PROMOTE_USAGE, REGISTER_USAGE, ROLLBACK_USAGE } from '../usage.js';

export { MODELS_USAGE, PROMOTE_USAGE, REGISTER_USAGE, ROLLBACK_USAGE } from '../usage.js';

/**
 * `f` on the working folder's registry. `absent`: what `f` would refuse where no store exists
 * (an unknown model or run), said without making a store (and a '.mlpipe/' folder) to say it.
 * `readOnly`: `f` only reads, so a store this user may not write is read, not refused.
 */
function withRegistry<T>(f: (r: ReturnType<typeof openRegistry>, store: Store) => T, absent?: (where: string) => RegistryError, readOnly = false): T {
  // Not made: where no store is, `absent` refuses; where one is, its folder is there.
  const root = findProjectRoot(process.cwd(), { make: false });
  let store: Store | undefined;
  try {
    if (absent && !storeExists(root)) throw absent(storeShown(root));
    store = openStore(root, { readOnly });
    return f(openRegistry(store), store);
  } catch (e) {
    if (e instanceof RegistryError) throw new CliError(`mlpipe: ${e.message}`, 1);
    throw e;
  } finally {
    store?.close();
  }
}

/** The store folder a command looked for, as `mlpipe runs` names it. */
const storeShown = (root: string): string => `${shownPath(root)}/.mlpipe`;

/** Where no store is, no model is: the registry's own refusal of `name`, naming where it looked. */
const noModel = (name: string) => (where: string): RegistryError => {
  checkModelName(name);
  return unknownModel(name, [], where);
};

export async function modelsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length > 1) throw new CliError(`usage: ${MODELS_USAGE}`);
  if (positionals.length === 1) return historyCommand(positionals[0], values.json);
  // Nothing registered where no store is: said without making one (as 'mlpipe runs').
  // Each version's gates, so its line shows the metrics they judge first, as 'mlpipe runs' does.
  const gates = new Map<string, ReadonlyArray<{ metric: string }>>();
  const root = findProjectRoot(process.cwd(), { make: false });
  const models = storeExists(root)
    ? withRegistry((r, store) => {
        const listed = r.listModels();
        if (!values.json) for (const v of listed.flatMap((m) => m.versions)) gates.set(v.runId, readGates(store, v.runId));
        return listed;
      }, undefined, true)
    : [];
  if (values.json) {
    const out: ModelsOutput = models;
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const color = useColor(process.stdout);
  if (models.length === 0) process.stdout.write(`no registered models yet in ${storeShown(root)}: 'mlpipe run FILE' registers one when its gates pass\n`);
  for (const m of models) {
    process.stdout.write(paint(color, 'bold', m.name) + '\n');
    for (const v of m.versions) {
      const stage = v.stage === 'production' ? paint(color, 'green', v.stage) : v.stage === 'staging' ? paint(color, 'cyan', v.stage) : paint(color, 'gray', v.stage);
      const metrics = listedMetrics(v.metrics, gates.get(v.runId) ?? []);
      process.stdout.write(`  v${v.version}  ${stage.padEnd(color ? 19 : 10)}  run ${v.runId}  ${v.damaged ? paint(color, 'red', `damaged: ${v.damaged}`) : metrics}\n`);
    }
  }
  return 0;
}

/**
 * `mlpipe models NAME`: the registry's audit trail of NAME, oldest first: each stage change with
 * who made it and why (`--reason`), as MLflow shows a model version's stage transitions.
 */
function historyCommand(name: string, json: boolean): number {
  const trail = withRegistry((r) => r.auditLog(name), noModel(name), true);
  if (json) {
    const out: ModelHistoryOutput = trail;
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  const color = useColor(process.stdout);
  process.stdout.write(paint(color, 'bold', `${name}: ${trail.length} stage change(s), oldest first`) + '\n');
  for (const e of trail) process.stdout.write(`  ${auditLine(e)}\n`);
  return 0;
}

/** A version's run's gates; none where the run's record cannot be read (its line says damaged). */
function readGates(store: Store, runId: string): ReadonlyArray<{ metric: string }> {
  try {
    return store.getRun(runId)?.gates ?? [];
  } catch {
    return [];
  }
}

/** ": did you mean 'production'?" for a misspelt or abbreviated stage word ('prod'), as the checker and '--model' say it; '' when none is close. */
function meant(words: readonly string[], word: string): string {
  const near = new Suggester(words).suggestWord(word);
  return near === undefined ? '' : `: did you mean '${near}'?`;
}

export async function promoteCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, options: { reason: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 3) throw argumentsError('promote', PROMOTE_USAGE, ['NAME', 'VERSION', 'STAGE'], positionals);
  const [name, versionText, stage] = positionals;
  const version = parseVersionNumber(versionText);
  if (version === undefined) throw new CliError(`mlpipe promote: VERSION is a positive whole number, not '${versionText}'`);
  const to = oneOf(STAGES, stage);
  // A misspelt stage is a usage error like a bad VERSION (exit 2), caught before the store is opened.
  if (!to) throw new CliError(`mlpipe promote: STAGE is one of ${STAGES.join(', ')}, not '${stage}'${meant(STAGES, stage!)}`);
  // A version already in STAGE is left as it is (no audit entry, no --reason kept): said so,
  // not 'is now', which read as a change the model's history then did not show.
  const { v, was } = withRegistry((r) => {
    const was = r.getVersion(name, version).stage;
    return { v: r.promote(name, version, to, { actor: 'mlpipe promote', reason: values.reason }), was };
  }, noModel(name));
  process.stdout.write(was === to ? `${v.name} v${v.version} is already in ${v.stage}: nothing changed\n` : `${v.name} v${v.version} is now ${v.stage}\n`);
  return 0;
}

export async function rollbackCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, options: { reason: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw argumentsError('rollback', ROLLBACK_USAGE, ['NAME'], positionals);
  const v = withRegistry((r) => r.rollback(positionals[0], { actor: 'mlpipe rollback', reason: values.reason }), noModel(positionals[0]));
  process.stdout.write(`${v.name} v${v.version} is back in production\n`);
  return 0;
}

/**
 * A completed run as the next version of NAME, by hand: a run whose gates failed (recorded, not
 * registered), or one a pipeline without a `register` block trained. The registry's own checks
 * refuse an unknown, unfinished or already registered run.
 */
export async function registerCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, options: { stage: { type: 'string' }, reason: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 2) throw argumentsError('register', REGISTER_USAGE, ['NAME', 'RUN_ID'], positionals);
  const [name, runId] = positionals;
  const stage = values.stage === undefined ? 'staging' : oneOf(REGISTER_STAGES, values.stage);
  // As promote's STAGE: a usage error, caught before the store is opened. A new version is never archived.
  if (!stage) throw new CliError(`mlpipe register: --stage is ${REGISTER_STAGES.join(' or ')}, not '${values.stage}'${meant(REGISTER_STAGES, values.stage!)}`);
  const v = withRegistry((r) => r.register(name, runId, stage, { actor: 'mlpipe register', reason: values.reason ?? 'registered by hand' }), (where) => {
    checkModelName(name);
    return unknownRunToRegister(name, runId, ` in ${where}`);
  });
  process.stdout.write(`${registeredText(v)}\n`);
  return 0;
}
