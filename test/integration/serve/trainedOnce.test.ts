/**
 * The serving tests' trained project is trained once per test run and copied after
 * (test/support/trainedOnce.ts): a copy must be what a training in its own folder leaves, or the
 * tests on copies would test a moved project instead, or share one store.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, test } from 'node:test';
import { loadServedModel } from '../../../server/backend/serve/served.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { trainedChurn, type Project } from './project.js';

const projects: Project[] = [];
after(() => projects.forEach((p) => p.dispose()));

/** Every text cell of the project's store, as `table.column: text`. */
function storeText(dir: string): string[] {
  const store = openStore(dir);
  try {
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    return tables.flatMap((t) => (store.db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]).flatMap((row) => Object.entries(row).filter(([, v]) => typeof v === 'string').map(([c, v]) => `${t}.${c}: ${v as string}`)));
  } finally {
    store.close();
  }
}

test('a copy of the trained churn project is its own: its store names its own folder, and what one copy changes or removes no other copy sees', async () => {
  const first = await trainedChurn();
  const second = await trainedChurn();
  projects.push(first, second);
  assert.notEqual(first.dir, second.dir);
  // The same training, as the run result says it, in each folder.
  assert.equal(second.run.runId, first.run.runId);
  assert.equal(second.run.pipeline, second.file);
  assert.ok(second.run.artifactDir.startsWith(`${second.dir}/`), second.run.artifactDir);
  assert.ok(existsSync(second.run.artifactDir));
  const texts = storeText(second.dir);
  assert.deepEqual(texts.filter((t) => t.includes(first.dir)), []);
  assert.ok(texts.some((t) => t.includes(second.dir)), 'the store names its folder (the pipeline path, the artifacts)');
  assert.deepEqual(texts, storeText(first.dir).map((t) => t.split(first.dir).join(second.dir)));

  // A change to one copy's store (its production version archived here) is no later copy's, and
  // a later copy needs no earlier folder.
  const store = openStore(second.dir);
  try {
    openRegistry(store).promote('churn_model', 1, 'archived', { actor: 'test' });
  } finally {
    store.close();
  }
  first.dispose();
  const third = await trainedChurn();
  projects.push(third);
  const model = await loadServedModel(third.file);
  assert.equal(model.version, 1);
  assert.equal(model.root, third.dir);
});

test('a project whose files differ is trained for itself', async () => {
  const plain = await trainedChurn();
  const edited = await trainedChurn((t) => `${t}\n# one more line\n`);
  projects.push(plain, edited);
  assert.notEqual(edited.run.runId, plain.run.runId);
  assert.deepEqual(storeText(edited.dir).filter((t) => t.includes(plain.dir)), []);
});
