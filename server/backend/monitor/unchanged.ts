import { bind } from '../../mlpipe/binder.js';
import { parse } from '../../mlpipe/syntax/parser.js';
import { readPipelineFile } from '../check/pipelineFile.js';
import { resolveFromPipeline } from '../check/pipelinePaths.js';
import { sha256File, sha256Text } from '../data/hash.js';
import { chooseModel } from '../pipeline/config.js';
import { openStore } from '../tracking/store.js';

/**
 * Why a drift retrain of `file` would learn nothing new, or undefined when it may: the latest
 * completed run of the model it trains (reproductions aside) was itself a retrain, and read the same pipeline text and
 * the same bytes of every source. Retraining then repeats that run (the same weights, with `deterministic = true`), and
 * a drift that persists would register one more copy of the model per window.
 */
export async function unchangedSinceLastRun(file: string, root: string, registeredAs?: string): Promise<string | undefined> {
  const text = await readPipelineFile(file);
  const binding = bind(parse(text));
  let model: string;
  try {
    model = chooseModel(binding, undefined, registeredAs).name;
  } catch {
    return undefined; // the run itself says what is wrong
  }
  let last;
  try {
    const store = openStore(root);
    try {
      // A reproduction is skipped: it repeats a recorded run and registers nothing, so it neither
      // trained the served model nor changed what a retrain would learn ('mlpipe reproduce' of a
      // retrain let a persisting drift register one more copy of the model).
      last = store.listRuns({ pipelinePath: file, status: 'completed' }).find((r) => r.parentRunId === undefined && (r.params as { model?: unknown } | undefined)?.model === model);
    } finally {
      store.close();
    }
  } catch {
    return undefined; // an unusable store: the run refuses it in its own words
  }
  // Only a retrain repeats a retrain: the first drift after a training run retrains (on the sources'
  // current content, as the spec says, whatever changed), and a drift that persists while the
  // server keeps its version does not retrain again until the pipeline or a source changes.
  const params = last?.params as { trigger?: unknown } | undefined;
  if (typeof params?.trigger !== 'string') return undefined;
  if (!last?.dataVersions || last.pipelineSha256 !== sha256Text(text)) return undefined;
  for (const [name, t] of binding.tables) {
    const recorded = Object.hasOwn(last.dataVersions, name) ? last.dataVersions[name] : undefined;
    if (!t.source || !recorded) return undefined;
    try {
      if ((await sha256File(resolveFromPipeline(file, t.source))) !== recorded) return undefined;
    } catch {
      return undefined;
    }
  }
  return `the pipeline and every source are unchanged since retrain ${last.id}, which trained '${model}' on them: a retrain would learn the same model`;
}
