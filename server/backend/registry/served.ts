import type { ModelVersionRecord, Stage } from '../../protocol/tracking.js';
import type { Store } from '../tracking/store.js';
import { Suggester } from '../../mlpipe/checker/suggest.js';
import { STAGES } from '../../mlpipe/language/keywords.js';
import { isStage, openRegistry, RegistryError } from './registry.js';
import { versionNumber } from '../../mlpipe/language/versionNumber.js';

/** A parsed `serve { model = … }` reference: a registered model and which of its versions. */
export interface ServedModelRef {
  name: string;
  /** A version number, a stage, or absent: the version in production. */
  at?: number | Stage;
}

/**
 * Reads `name`, `name@stage` or `name@version` (the spec's `serve.model` forms). Throws a
 * RegistryError with a one-line message on anything else.
 */
export function parseServedModelRef(ref: string): ServedModelRef {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:@([A-Za-z0-9_]+))?$/.exec(ref.trim());
  if (!m) throw new RegistryError(`invalid served model '${ref}': use 'name', 'name@stage' or 'name@version'`);
  const [, name, at] = m as unknown as [string, string, string | undefined];
  if (at === undefined) return { name };
  const version = versionNumber(at);
  if (version !== undefined) return { name, at: version };
  if (isStage(at)) return { name, at };
  // The checker's "did you mean" for '@prod' in a serve block, for '--model r@prod' too.
  const near = new Suggester(STAGES).suggestWord(at);
  throw new RegistryError(`invalid served model '${ref}': '@${at}' is neither a stage (${STAGES.join(', ')}) nor a version number${near ? `: did you mean '${name}@${near}'?` : ''}`);
}

/**
 * `name` or `name@stage` where the model has versions but none in that stage: what exists, and the
 * command that puts the latest there. Its message advises serving another version; a caller that
 * knows where the reference was written (the serve block, `--model`) says how with `what` and
 * `promote` (`resolveVersion`).
 */
export class NoVersionInStage extends RegistryError {
  /** `'r' has no version in production (latest is version 1, staging…)`, without the advice. */
  readonly what: string;
  /** `mlpipe promote r 1 production`. */
  readonly promote: string;
  constructor(
    readonly model: string,
    readonly stage: Stage,
    readonly latest: ModelVersionRecord,
    /** Written as a bare name, which means the production version (not the newest). */
    bare: boolean,
  ) {
    const what = `'${model}' has no version in ${stage} (latest is version ${latest.version}, ${latest.stage}${bare ? `; a bare '${model}' serves its production version` : ''})`;
    const promote = `mlpipe promote ${model} ${latest.version} ${stage}`;
    super(`${what}: promote it ('${promote}'), or serve '${model}@${latest.version}' or '${model}@${latest.stage}'`);
    this.what = what;
    this.promote = promote;
  }
}

/**
 * The one lookup of the model a `serve` block names: `name` is its production version,
 * `name@stage` the newest version in that stage, `name@3` version 3. Throws a RegistryError
 * (one line, naming what exists) when the model or version is not in the registry.
 */
export function resolveServedModel(store: Store, ref: string | ServedModelRef): ModelVersionRecord {
  const { name, at } = typeof ref === 'string' ? parseServedModelRef(ref) : ref;
  const registry = openRegistry(store);
  if (typeof at === 'number') return registry.getVersion(name, at);
  // The example's own `serve` block names `@production`, so the first serve after a run lands
  // here as often as a bare name does: both say which version exists and how to serve it.
  const stage = at ?? 'production';
  try {
    return registry.getVersion(name, stage);
  } catch (e) {
    if (!(e instanceof RegistryError) || !e.message.endsWith(`has no version in ${stage}`)) throw e;
    const versions = registry.listVersions(name);
    const latest = versions[versions.length - 1];
    if (!latest) throw e;
    throw new NoVersionInStage(name, stage, latest, at === undefined);
  }
}
