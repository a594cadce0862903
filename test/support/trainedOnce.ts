/**
 * A project trained once and copied for every test that asks for the same one: two dozen serving
 * test files each trained the churn example afresh, the same pipeline on the same data, before
 * testing what it serves.
 *
 * "The same one" is every file of the project folder (its pipeline text, data, markers), read
 * before training; a test that edits the pipeline or its data gets a training of its own. A copy
 * is the trained folder's `.mlpipe` store put into the asking test's own folder, with the old
 * folder's path replaced by the new one wherever the store and the run's result hold it (the
 * pipeline path, the artifacts, the environment's project root): the store a training in that
 * folder leaves, but for the run's id and times. Each test gets its own copy, so one that
 * changes its store (a retrain, a promotion, deleted runs) changes no other test's.
 *
 * The trained stores live for one `npm test` (scripts/test.mjs names a folder in
 * MLPIPE_TEST_FIXTURES and removes it after), so every test file of the run shares them; a test
 * file run alone keeps them for its own process.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { openStore } from '../../server/backend/tracking/store.js';

const STORE = '.mlpipe';

let ownFolder: string | undefined;
function fixtures(): string {
  const shared = process.env.MLPIPE_TEST_FIXTURES;
  if (shared) return shared;
  if (ownFolder === undefined) {
    const made = (ownFolder = mkdtempSync(join(tmpdir(), 'mlpipe-fixtures-')));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return ownFolder;
}

/** What a training of `dir` reads: every file under it but its store, by path and content. */
function keyOf(dir: string): string {
  const hash = createHash('sha256');
  const walk = (at: string, prefix: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (prefix === '' && entry.name === STORE) continue;
      const path = join(at, entry.name);
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path, `${name}/`);
      else hash.update(`${name}\0`).update(readFileSync(path)).update('\0');
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}

function rebased<T>(value: T, from: string, to: string): T {
  if (typeof value === 'string') return value.split(from).join(to) as T;
  if (Array.isArray(value)) return value.map((v) => rebased(v, from, to)) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebased(v, from, to)])) as T;
  return value;
}

/** Every text cell of the store that holds `from`, with `to` in its place. */
function rebaseStore(dir: string, from: string): void {
  const store = openStore(dir);
  try {
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const table of tables) {
      const columns = store.db.prepare(`SELECT name FROM pragma_table_info(?) WHERE upper(type) LIKE '%TEXT%'`).pluck().all(table) as string[];
      for (const column of columns) store.db.prepare(`UPDATE "${table}" SET "${column}" = replace("${column}", ?, ?) WHERE instr("${column}", ?) > 0`).run(from, dir, from);
    }
  } finally {
    store.close();
  }
}

/**
 * `train`'s result for the project in `dir` (an absolute folder of its own): trained there the
 * first time, a copy of that training every later time. `train` must leave the store closed.
 */
export async function trainedOnce<T>(dir: string, train: () => Promise<T>): Promise<T> {
  const kept = join(fixtures(), keyOf(dir));
  if (existsSync(kept)) {
    const { from, result } = deserialize(readFileSync(join(kept, 'result'))) as { from: string; result: T };
    cpSync(join(kept, STORE), join(dir, STORE), { recursive: true });
    rebaseStore(dir, from);
    return rebased(result, from, dir);
  }
  const result = await train();
  const part = mkdtempSync(join(fixtures(), 'part-'));
  cpSync(join(dir, STORE), join(part, STORE), { recursive: true });
  writeFileSync(join(part, 'result'), serialize({ from: dir, result }));
  try {
    renameSync(part, kept);
  } catch {
    // Another test file kept the same training meanwhile.
    rmSync(part, { recursive: true, force: true });
  }
  return result;
}
