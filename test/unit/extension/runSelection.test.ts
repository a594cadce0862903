import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deleteQuestion, selectedRuns } from '../../../extension/views/runSelection.js';

const run = (id: string, file: string) => ({ kind: 'run', run: { id }, file });

test('the selection wins over the clicked node, runs group by folder, pipelines and repeats are skipped', () => {
  const clicked = run('r1', '/p/a/churn.mlpipe');
  const selected = [clicked, run('r2', '/p/a/churn.mlpipe'), { kind: 'pipeline', uri: {} }, run('r3', '/p/b/x.mlpipe'), run('r2', '/p/a/churn.mlpipe')];
  assert.deepEqual([...selectedRuns(clicked, selected)], [['/p/a', ['r1', 'r2']], ['/p/b', ['r3']]]);
  assert.deepEqual([...selectedRuns(clicked, [])], [['/p/a', ['r1']]]);
  assert.deepEqual([...selectedRuns(undefined, undefined)], []);
});

test('the confirmation names the run, or how many', () => {
  assert.equal(deleteQuestion(1, 'r1'), 'Delete run r1 and its artifacts folder? This cannot be undone.');
  assert.match(deleteQuestion(3, 'r1'), /^Delete 3 runs and their artifacts folders\?/);
});
