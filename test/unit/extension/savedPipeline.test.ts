import assert from 'node:assert/strict';
import { test } from 'node:test';
import { savedNote, savedPipeline, type PipelineDocument } from '../../../extension/runs/savedPipeline.js';

function doc(over: Partial<PipelineDocument> & { saves?: boolean } = {}): PipelineDocument & { saveCalls: number } {
  const d = {
    uri: { scheme: 'file', fsPath: '/p/churn.mlpipe' },
    isUntitled: false,
    isDirty: false,
    saveCalls: 0,
    save: async () => {
      d.saveCalls++;
      return over.saves ?? true;
    },
    ...over,
  };
  return d;
}

test('a saved file trains as it is; one with unsaved changes is saved first, and the progress says so', async () => {
  assert.deepEqual(await savedPipeline(doc(), '/p/churn.mlpipe', 'churn.mlpipe'), { file: '/p/churn.mlpipe', saved: false });
  assert.deepEqual(await savedPipeline(undefined, '/p/churn.mlpipe', 'churn.mlpipe'), { file: '/p/churn.mlpipe', saved: false });
  const dirty = doc({ isDirty: true });
  assert.deepEqual(await savedPipeline(dirty, '/p/churn.mlpipe', 'churn.mlpipe'), { file: '/p/churn.mlpipe', saved: true });
  assert.equal(dirty.saveCalls, 1);
  assert.match(savedNote(true), /saved first/);
  assert.equal(savedNote(false), '');
});

test('changes that could not be saved are not silently left out: the run is refused, saying why', async () => {
  const r = await savedPipeline(doc({ isDirty: true, saves: false }), '/p/churn.mlpipe', 'churn.mlpipe');
  assert.ok('refused' in r);
  assert.match(r.refused, /'churn.mlpipe' has unsaved changes that could not be saved/);
});

test("a buffer never saved is refused before the backend reads a file named 'Untitled-1' that does not exist", async () => {
  const untitled = doc({ uri: { scheme: 'untitled', fsPath: 'Untitled-1' }, isUntitled: true, isDirty: true });
  const r = await savedPipeline(untitled, 'Untitled-1', 'Untitled-1');
  assert.deepEqual(r, { refused: "save 'Untitled-1' as a .mlpipe file first: mlpipe trains the saved file" });
  // Saving it would open a Save As dialog and still leave this command holding the untitled name.
  assert.equal(untitled.saveCalls, 0);
});

test("Serve reads the file as Train does, and its refusals say 'serve', not 'train'", async () => {
  const dirty = doc({ isDirty: true });
  assert.deepEqual(await savedPipeline(dirty, '/p/churn.mlpipe', 'churn.mlpipe', 'serve'), { file: '/p/churn.mlpipe', saved: true });
  assert.equal(dirty.saveCalls, 1);
  const failed = await savedPipeline(doc({ isDirty: true, saves: false }), '/p/churn.mlpipe', 'churn.mlpipe', 'serve');
  assert.deepEqual(failed, { refused: "'churn.mlpipe' has unsaved changes that could not be saved: save it, then serve again (mlpipe serves the saved file)" });
  const untitled = await savedPipeline(doc({ uri: { scheme: 'untitled', fsPath: 'Untitled-1' }, isUntitled: true }), 'Untitled-1', 'Untitled-1', 'serve');
  assert.deepEqual(untitled, { refused: "save 'Untitled-1' as a .mlpipe file first: mlpipe serves the saved file" });
});
