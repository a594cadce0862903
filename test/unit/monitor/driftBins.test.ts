// The Drift view's bin labels line up with the bins the statistics measure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProfile, summarize } from '../../../server/mlpipe/drift/index.js';
import { liveBins, referenceBins } from '../../../server/mlpipe/drift/current.js';
import { binLabels } from '../../../server/backend/monitor/driftDetail.js';

test('a constant reference: the view shows the value itself and the values above it as two bins, as psi and js measure them', () => {
  const profile = buildProfile(new Array(50).fill(3), 'numeric');
  const labels = binLabels(profile);
  assert.equal(labels.length, referenceBins(profile).length);
  assert.deepEqual(labels.slice(-2), ['= 3', '> 3']);
  assert.deepEqual(referenceBins(profile).slice(-2), [50, 0]);
  assert.deepEqual(liveBins(profile, summarize(profile, [3, 4, 5, 2])).slice(-2), [1, 2]);
  const spread = buildProfile(Array.from({ length: 50 }, (_, i) => i), 'numeric');
  assert.equal(binLabels(spread).length, 10);
  assert.equal(binLabels(spread).at(-1), '≥ 44.1');
});
