import type { RunSummary } from '../../../server/protocol/backend.js';

/** A generated run store: `n` runs with varied metrics and params, newest first. */
export function makeRuns(n: number, start = Date.parse('2026-11-01T00:00:00Z')): RunSummary[] {
  const statuses: RunSummary['status'][] = ['completed', 'completed', 'completed', 'failed', 'interrupted'];
  return Array.from({ length: n }, (_, i): RunSummary => {
    const status = statuses[i % statuses.length];
    const lr = [0.001, 0.003, 0.01][i % 3];
    return {
      id: `r-${String(n - i).padStart(6, '0')}`,
      pipelineName: i % 2 ? 'churn' : 'fraud',
      pipelinePath: `/ws/${i % 2 ? 'churn' : 'fraud'}.mlpipe`,
      pipelineSha256: 'sha256:00',
      status,
      startedAt: new Date(start - i * 60_000).toISOString(),
      seeds: { split: 42, model: i % 7 },
      params: { model: 'churn_mlp', learning_rate: lr, epochs: 20, layers: [32, 16] },
      dataVersions: { customers: 'sha256:aa' },
      metrics: status === 'completed' ? { auc: 0.7 + ((i * 37) % 100) / 500, accuracy: 0.8 } : ({} as Record<string, number>),
      comparisons: [],
      gates: status === 'completed' ? [{ metric: 'auc', op: '>=' as const, threshold: 0.8, actual: 0.8, passed: true }] : [],
      pid: 1,
      hostname: 'h',
      artifactDir: `/ws/.mlpipe/runs/r-${i}`,
    };
  });
}
