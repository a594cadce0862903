import { compareWithIncumbent, evaluateGates, type Comparison, type GateOutcome } from '../../mlpipe/evaluate/gates.js';
import { computeMetrics } from '../../mlpipe/metrics/index.js';
import { RegistryError, type Registry } from '../registry/registry.js';
import type { RunConfig } from './config.js';
import type { EncodedTarget } from './target.js';

export interface Evaluation {
  /** Test-split metrics that fit the task. */
  metrics: Record<string, number>;
  /** One result per `require`. */
  results: GateOutcome[];
  /** `compare_to`: one comparison per gated metric against the version at that stage. */
  comparisons: Comparison[];
}

/** Test-split metrics, the `require` gates, and `compare_to` against the registered incumbent. */
export function evaluateRun(cfg: RunConfig, target: EncodedTarget, yTest: Float32Array, predictions: Float32Array, registry: Registry): Evaluation {
  const computed = computeMetrics(target.task, yTest, predictions, target.classes);
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(computed)) if (v !== undefined) metrics[k] = v;
  const results = evaluateGates(cfg.requirements, metrics);
  let comparisons: Comparison[] = [];
  if (cfg.compareTo && cfg.register) {
    let incumbent: { version: number; metrics: Record<string, number> } | undefined;
    try {
      const v = registry.getVersion(cfg.register.name, cfg.compareTo);
      incumbent = { version: v.version, metrics: v.metrics };
    } catch (e) {
      // No model or no version at that stage yet: nothing to be worse than.
      if (!(e instanceof RegistryError)) throw e;
    }
    comparisons = compareWithIncumbent(cfg.compareTo, cfg.requirements.map((r) => r.metric), metrics, incumbent);
  }
  return { metrics, results, comparisons };
}
