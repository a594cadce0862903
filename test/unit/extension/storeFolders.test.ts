import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { storeChoice, storeFolders } from '../../../extension/views/storeFolders.js';
import { findProjectRoot } from '../../../server/backend/pipeline/projectRoot.js';
import { tempRoot } from '../tracking/tempRoot.js';

test("the Models view lists the store of each pipeline as a run finds it, not only the workspace folder's", () => {
  const ws = tempRoot('mlpipe-ws-');
  mkdirSync(join(ws, '.git'));
  mkdirSync(join(ws, 'a'));
  writeFileSync(join(ws, 'a', 'p.mlpipe'), 'pipeline p {}\n');
  // A nested repository (its own .git): its runs and models are stored in it.
  mkdirSync(join(ws, 'svc', '.git'), { recursive: true });
  writeFileSync(join(ws, 'svc', 'q.mlpipe'), 'pipeline q {}\n');
  const pipelines = [join(ws, 'a', 'p.mlpipe'), join(ws, 'svc', 'q.mlpipe')];
  assert.deepEqual(storeFolders(pipelines, [ws]), [ws, join(ws, 'svc')]);
  assert.equal(findProjectRoot(join(ws, 'svc')), join(ws, 'svc'));
});

test('a workspace folder without pipelines or a store is not asked, so no empty .mlpipe/ is made there', () => {
  const parent = tempRoot('mlpipe-ws-');
  // A workspace folder holding projects (each its own .git): asking it made '<parent>/.mlpipe',
  // which then became the root of every later run of a pipeline below it that had no store yet.
  const proj = join(parent, 'proj');
  mkdirSync(join(proj, '.git'), { recursive: true });
  writeFileSync(join(proj, 'p.mlpipe'), 'pipeline p {}\n');
  assert.deepEqual(storeFolders([join(proj, 'p.mlpipe')], [parent], (f) => f === parent ? parent : findProjectRoot(f)), [proj]);
  assert.equal(existsSync(join(parent, '.mlpipe')), false);
  // One that has a store already is listed, pipelines or not (models a removed pipeline registered).
  mkdirSync(join(parent, '.mlpipe'));
  assert.deepEqual(storeFolders([], [parent], () => parent), [parent]);
});

test('a command with no pipeline to go by opens the only store, and asks which when there are several', () => {
  assert.deepEqual(storeChoice([], '/ws'), { folder: '/ws' }, 'no store yet: the first workspace folder, as before');
  assert.deepEqual(storeChoice([], undefined), { folder: undefined });
  assert.deepEqual(storeChoice(['/a'], '/ws'), { folder: '/a' }, 'one store: no pick');
  // Two workspace folders, each with its store: opening the first hid the second's runs.
  assert.deepEqual(storeChoice(['/a', '/b'], '/a'), { pick: ['/a', '/b'] });
});
