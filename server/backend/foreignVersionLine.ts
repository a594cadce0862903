import type { ServedModel } from './serve/served.js';

/**
 * What `mlpipe serve` says when the version it serves was registered by another pipeline (two
 * pipelines of one folder registering one name, which the registry allows): the server computes
 * that pipeline's features with its fitted state, as its run did, so it serves correctly, but not
 * this file's model, while this file's serve defaults and monitor apply to it. Refusing would
 * stop a deliberate setup; starting without a word hid a mix-up (docs/serving.md). Undefined when
 * the version is this pipeline's.
 */
export function foreignVersionLine(s: Pick<ServedModel, 'name' | 'version' | 'stage' | 'foreign'>): string | undefined {
  const f = s.foreign;
  if (!f) return undefined;
  return `warning: '${s.name}' v${s.version} (${s.stage}) was registered by another pipeline, ${f.who}, from its model '${f.model}': this server computes that pipeline's features, and this file's serve defaults and monitor apply to it; to serve this pipeline's model instead, ${f.instead}, and register each pipeline's model under a name of its own`;
}
