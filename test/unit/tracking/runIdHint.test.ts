import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reproduceRun } from '../../../server/backend/pipeline/reproduce.js';
import { deleteRuns } from '../../../server/backend/tracking/deleteRuns.js';
import { runIdHint } from '../../../server/backend/tracking/runIdHint.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { tempRoot } from './tempRoot.js';

describe('runIdHint', () => {
  test('none, one, several, more than are shown', () => {
    assert.equal(runIdHint([]), '');
    assert.equal(runIdHint(['r-1-a']), ': did you mean r-1-a?');
    assert.equal(runIdHint(['r-1-a', 'r-1-b']), ': runs r-1-a, r-1-b start with it: give the whole id');
    assert.equal(runIdHint(['a', 'b', 'c', 'd', 'e', 'f']), ': runs a, b, c, d, e, … start with it: give the whole id');
  });
});

// A run id cut short (two runs started in the same second share all but the random part) said
// only "no run", as if the store held none like it.
describe('a shortened run id names the runs it starts', () => {
  test('reproduce and runs delete say which runs start with it; the store is unchanged', async () => {
    const root = tempRoot();
    const store = openStore(root);
    const a = store.createRun({ pipelineName: 'p', pipelinePath: 'p', pipelineText: '' }).id;
    const b = store.createRun({ pipelineName: 'p', pipelinePath: 'p', pipelineText: '' }).id;
    store.finishRun(a, { status: 'completed' });
    store.finishRun(b, { status: 'completed' });
    assert.deepEqual(store.runIdsStartingWith(a), [], 'the whole id is no prefix of another');
    assert.deepEqual(store.runIdsStartingWith(a.slice(0, -2)), [a]);
    assert.deepEqual(store.runIdsStartingWith(''), []);
    const common = 'r-';
    assert.deepEqual(store.runIdsStartingWith(common), [b, a], 'newest first');
    assert.deepEqual(store.runIdsStartingWith('r-%'), [], 'a LIKE wildcard is a character');
    assert.throws(() => deleteRuns(store, [a.slice(0, -2)]), new RegExp(`unknown run '${a.slice(0, -2)}' in .*: did you mean ${a}\\?$`));
    assert.deepEqual(store.listRuns().length, 2);
    store.close();
    await assert.rejects(reproduceRun(common, { root }), new RegExp(`^PipelineError: no run 'r-' in .*: runs ${b}, ${a} start with it: give the whole id`));
  });
});
