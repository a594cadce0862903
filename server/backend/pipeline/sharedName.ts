import { basename, resolve } from 'node:path';
import { RegistryError, type Registry } from '../registry/registry.js';
import type { Store } from '../tracking/store.js';

/**
 * What a run that registers `name` should say when earlier versions of that name came from another
 * pipeline (another `pipeline` name or another file): a copied pipeline for an experiment then
 * takes over the stage another pipeline's `serve` block names (`credit_model@staging`), whose
 * monitor and retrains then act on a model with other features, or of another task, without a
 * word. The registry allows it (as MLflow's does); the run says so. Undefined when every earlier
 * version is this pipeline's, or there is none.
 */
export function sharedNameNote(store: Store, registry: Registry, name: string, pipelineName: string, pipelinePath: string): string | undefined {
  let versions;
  try {
    versions = registry.listVersions(name, true);
  } catch (e) {
    if (e instanceof RegistryError) return undefined; // a name not registered yet
    throw e;
  }
  const others = new Map<string, number[]>();
  for (const v of versions) {
    let run;
    try {
      run = store.getRun(v.runId);
    } catch {
      continue; // a damaged record says nothing of its pipeline; 'mlpipe runs' reports it
    }
    if (!run || (run.pipelineName === pipelineName && resolve(run.pipelinePath) === resolve(pipelinePath))) continue;
    const who = run.pipelineName === pipelineName ? `'${run.pipelineName}' (${run.pipelinePath})` : `'${run.pipelineName}' (${basename(run.pipelinePath)})`;
    others.set(who, [...(others.get(who) ?? []), v.version]);
  }
  if (others.size === 0) return undefined;
  const from = [...others].map(([who, versions]) => `v${versions.join(', v')} from pipeline ${who}`).join('; ');
  return `'${name}' also holds ${from}: a serve block naming '${name}' by stage serves whichever of these pipelines' versions holds it; register this pipeline's model under a name of its own unless it is meant to replace them`;
}
