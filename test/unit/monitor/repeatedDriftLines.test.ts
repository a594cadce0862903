/**
 * The same `drift` line written twice (`drift c psi > 0.2` on two lines) was two tests: every
 * drifted window recorded two identical alerts (and asked `on_drift` twice). It is one test now,
 * as a feature listed twice in a model's inputs is one target; lines that differ in their
 * threshold stay two (each alerts by its own). The checker stays quiet of repeats (docs/diagnostics.md,
 * duplicate-definition): the monitor does what the file says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetTests } from '../../../server/backend/monitor/monitor.js';
import type { ServedModel } from '../../../server/backend/serve/served.js';

function testsOf(drift: Array<{ target: string; statistic: string; op: '>' | '<' | '>=' | '<='; threshold: number }>) {
  const served = { config: { monitor: { drift } }, reference: null, run: { plan: { outputs: [] } } } as unknown as ServedModel;
  return targetTests(served).map((t) => [t.target, t.test.statistic, t.test.op, t.test.threshold]);
}

describe('repeated drift lines', () => {
  it('a line written twice is one test', () => {
    assert.deepEqual(
      testsOf([
        { target: 'c', statistic: 'psi', op: '>', threshold: 0.2 },
        { target: 'c', statistic: 'psi', op: '>', threshold: 0.2 },
      ]),
      [['c', 'psi', '>', 0.2]],
    );
  });

  it('lines of one target that differ stay one test each', () => {
    assert.deepEqual(
      testsOf([
        { target: 'p', statistic: 'js', op: '>', threshold: 0.1 },
        { target: 'p', statistic: 'js', op: '>', threshold: 0.3 },
        { target: 'p', statistic: 'psi', op: '>', threshold: 0.1 },
      ]),
      [
        ['p', 'js', '>', 0.1],
        ['p', 'js', '>', 0.3],
        ['p', 'psi', '>', 0.1],
      ],
    );
  });
});
