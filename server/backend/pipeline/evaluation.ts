import type { Table } from '../../mlpipe/data/table.js';
import { compareWithIncumbent, evaluateGates, type Comparison, type GateOutcome } from '../../mlpipe/evaluate/gates.js';
import { computeMetrics, metricReason, notComputedReason } from '../../mlpipe/metrics/index.js';
import type { ModelVersionRecord } from '../../protocol/tracking.js';
import { RegistryError, type Registry } from '../registry/registry.js';
import type { RunConfig } from './config.js';
import { scoreIncumbent } from './incumbent.js';
import type { EncodedTarget } from './target.js';

export interface Evaluation {
  /** Test-split metrics that fit the task. */
  metrics: Record<string, number>;
  /** One result per `require`. */
  results: GateOutcome[];
  /** `compare_to`: one comparison per gated metric against the version at that stage. */
  comparisons: Comparison[];
}

export interface TestSplit {
  /** Primary-table row numbers of the test rows, in the order of `y` and `predictions`. */
  rows: number[];
  y: Float32Array;
  predictions: Float32Array;
  /** Every table the run loaded (the incumbent computes its own features from them). */
  tables: ReadonlyMap<string, Table>;
}

/**
 * Test-split metrics, the `require` gates, and `compare_to` against the registered incumbent,
 * which scores the same test rows (incumbent.ts).
 */
export async function evaluateRun(cfg: RunConfig, target: EncodedTarget, test: TestSplit, registry: Registry, signal?: AbortSignal): Promise<Evaluation> {
  const computed = computeMetrics(target.task, test.y, test.predictions, target.classes);
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(computed)) if (v !== undefined) metrics[k] = v;
  const results = evaluateGates(cfg.requirements, metrics, (metric) => metricReason(metric, target.task, test.y, computed));
  let comparisons: Comparison[] = [];
  if (cfg.compareTo && cfg.register) {
    let version: ModelVersionRecord | undefined;
    try {
      version = registry.getVersion(cfg.register.name, cfg.compareTo);
    } catch (e) {
      // No model or no version at that stage yet: nothing to be worse than.
      if (!(e instanceof RegistryError)) throw e;
    }
    const score = version
      ? await scoreIncumbent({ version: version.version, artifactDir: version.artifactDir, artifacts: registry.recordedArtifacts(version), recorded: version.metrics, tables: test.tables, testRows: test.rows, y: test.y, predictions: test.predictions, target, signal })
      : undefined;
    const why = (metric: string) =>
      score?.candidate && score.y ? notComputedReason(metric, target.task, score.y, score.candidate, 'compared') : notComputedReason(metric, target.task, test.y, computed);
    comparisons = compareWithIncumbent(cfg.compareTo, cfg.requirements.map((r) => r.metric), score?.candidate ?? metrics, score?.incumbent, why);
  }
  return { metrics, results, comparisons };
}
