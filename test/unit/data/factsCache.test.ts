import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FactsCache, writeAtomically } from '../../../server/backend/data/factsCache.js';
import { HashCache } from '../../../server/backend/data/hash.js';
import { inspectSource } from '../../../server/backend/data/inspect.js';
import type { DataInfo } from '../../../server/mlpipe/data/info.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-facts-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
// One cache folder per file under test, so each test sees its own entries only.
const cacheOf = (p: string) => `${p}.cache`;
const facts = (p: string) => new FactsCache(cacheOf(p));
const entries = (p: string) => readdirSync(cacheOf(p)).map((f) => join(cacheOf(p), f));

/** Everything a check reads of an info, the cells of every column included (and whether it can tell converted line ends). */
function view(info: DataInfo, columns: string[]) {
  const { values, lineEndsWhenPinned, ...rest } = info;
  return { ...rest, cells: columns.map((c) => values?.(c)), lineEnds: lineEndsWhenPinned !== undefined };
}

const CSV = 'id,plan,tenure,charge,when\nC1,basic,3,10.5,2024-01-01\nC2,premium,NA,20,2024-01-02\nC1,basic,007,,2024-01-03\n';
const COLUMNS = ['id', 'plan', 'tenure', 'charge', 'when', 'nope'];

test('a cached inspection reads exactly as a fresh one, cells included, without parsing the file again', async () => {
  const p = join(dir, 'a.csv');
  writeFileSync(p, CSV);
  const fresh = await inspectSource(p);
  const first = await inspectSource(p, { facts: facts(p) });
  assert.equal(entries(p).length, 1, 'the first inspection records the facts');
  const second = await inspectSource(p, { facts: facts(p) });
  assert.deepEqual(view(first, COLUMNS), view(fresh, COLUMNS));
  assert.deepEqual(view(second, COLUMNS), view(fresh, COLUMNS));
  // The cached entry answers the column facts: doctor it, and the doctored facts come back.
  const [entry] = entries(p);
  const doc = JSON.parse(readFileSync(entry!, 'utf8'));
  doc.rowsRead = 99;
  writeFileSync(entry!, JSON.stringify(doc));
  assert.equal((await inspectSource(p, { facts: facts(p) })).rowsRead, 99);
});

test('a changed file is never answered from the cache: size, mtime or content', async () => {
  const p = join(dir, 'b.csv');
  writeFileSync(p, CSV);
  await inspectSource(p, { facts: facts(p) });
  // Same size and mtime, other bytes: only the hash tells (hashed afresh, as a new process does).
  const edited = CSV.replace('basic,3', 'basic,4');
  const { mtimeMs } = statSync(p);
  const entry = JSON.parse(readFileSync(entries(p)[0]!, 'utf8'));
  writeFileSync(p, edited);
  utimesSync(p, mtimeMs / 1000, mtimeMs / 1000);
  entry.mtimeMs = statSync(p).mtimeMs; // whatever precision the file system keeps
  writeFileSync(entries(p)[0]!, JSON.stringify(entry));
  const after = await inspectSource(p, { facts: facts(p), hashCache: new HashCache() });
  assert.deepEqual(view(after, COLUMNS), view(await inspectSource(p), COLUMNS));
  assert.deepEqual(after.values!('tenure'), ['4', null, '7']);
  // Another row: size and mtime change.
  writeFileSync(p, edited + 'C3,basic,1,2,2024-01-04\n');
  assert.equal((await inspectSource(p, { facts: facts(p) })).rowsRead, 4);
});

test('cells asked for after the file changed are none, never cells that disagree with the facts', async () => {
  const p = join(dir, 'c.csv');
  writeFileSync(p, CSV);
  await inspectSource(p, { facts: facts(p) });
  const cached = await inspectSource(p, { facts: facts(p) });
  writeFileSync(p, CSV.replace('C2', 'C9'));
  assert.equal(cached.values!('id'), undefined);
});

test('a corrupt, foreign or unwritable cache is ignored: the inspection is the fresh one', async () => {
  const p = join(dir, 'd.csv');
  writeFileSync(p, CSV);
  const fresh = view(await inspectSource(p), COLUMNS);
  await inspectSource(p, { facts: facts(p) });
  const [entry] = entries(p);
  for (const bad of ['{"version":1,', '[]', '{"version":2}', JSON.stringify({ version: 1, size: 'x' })]) {
    writeFileSync(entry!, bad);
    assert.deepEqual(view(await inspectSource(p, { facts: facts(p) }), COLUMNS), fresh);
  }
  // A cache folder that is a file: nothing can be written, nothing fails.
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, 'not a folder');
  assert.deepEqual(view(await inspectSource(p, { facts: new FactsCache(join(blocked, 'x')) }), COLUMNS), fresh);
});

test('broken and sampled files are not cached', async () => {
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b\n1\n');
  assert.equal((await inspectSource(bad, { facts: facts(bad) })).status, 'unreadable');
  const big = join(dir, 'big.csv');
  writeFileSync(big, CSV.repeat(1));
  assert.equal((await inspectSource(big, { facts: facts(big), maxBytes: 40 })).sampled, true);
  assert.throws(() => entries(bad), /ENOENT/);
  assert.throws(() => entries(big), /ENOENT/);
});

test('missing cells of a cached file read as missing in every column, text columns included, as a fresh read gives them', async () => {
  const p = join(dir, 'missing.csv');
  writeFileSync(p, 'id,plan,score\nC1,NA,1\nC2,,null\nC3,basic,NaN\nC4,null,2\n');
  const fresh = view(await inspectSource(p), ['id', 'plan', 'score']);
  await inspectSource(p, { facts: facts(p) });
  const cached = await inspectSource(p, { facts: facts(p) });
  assert.deepEqual(view(cached, ['id', 'plan', 'score']), fresh);
  assert.deepEqual(cached.values!('plan'), [null, null, 'basic', null]);
});

test('the stray text cells of a numeric column come back from the cache as the file gave them', async () => {
  const p = join(dir, 'strays.csv');
  writeFileSync(p, 'id,tenure\nC1,3\nC2,N/A\nC3,4\nC4,?\n');
  const fresh = await inspectSource(p);
  await inspectSource(p, { facts: facts(p) });
  const cached = await inspectSource(p, { facts: facts(p) });
  assert.deepEqual(fresh.columns![1]!.strays, { count: 2, first: 'N/A', row: 2 });
  assert.deepEqual(cached.columns, fresh.columns);
});

test('time-column verdicts: kept per file and column, found only under their key, another build never reads them', () => {
  const p = join(dir, 'times.csv');
  const cache = facts(p);
  const store = cache.timeVerdicts(join(dir, 'p.mlpipe'));
  assert.equal(store.get('f\u0000t', 'sha256:a\u0000whole'), undefined);
  store.set('f\u0000t', 'sha256:a\u0000whole', { row: 4, problem: "'x' is not a time" });
  assert.deepEqual(facts(p).timeVerdicts(join(dir, 'p.mlpipe')).get('f\u0000t', 'sha256:a\u0000whole'), { row: 4, problem: "'x' is not a time" });
  assert.equal(store.get('f\u0000t', 'sha256:b\u0000whole'), undefined, 'another content hash');
  store.set('f\u0000t', 'sha256:b\u0000whole', null);
  assert.equal(store.get('f\u0000t', 'sha256:b\u0000whole'), null, 'a clean column is a verdict too');
  assert.equal(store.get('f\u0000t', 'sha256:a\u0000whole'), undefined, 'one entry per file and column: replaced');
  const mixed = { zoned: { row: 1, text: '2025-04-10T10:00:00Z' }, unzoned: { row: 2, text: '2025-05-11T10:00:00' } };
  store.set('f\u0000t', 'sha256:c\u0000whole', mixed);
  assert.deepEqual(facts(p).timeVerdicts(join(dir, 'p.mlpipe')).get('f\u0000t', 'sha256:c\u0000whole'), mixed, 'times with and without a zone are kept too');
});

test('split verdicts: each kind round-trips, found only under its key, one entry per question', () => {
  const p = join(dir, 'splits.csv');
  const pipeline = join(dir, 'p.mlpipe');
  const store = facts(p).splitVerdicts(pipeline);
  const verdicts = [
    { emptySplit: { train: 0, test: 12, failing: 7, seed: 3 } },
    { emptySplit: { train: 40, test: 0, failing: 1 } },
    { emptySplit: null },
    { unseen: { count: 5, examples: ['p1', 'p 2', 'ü'] } },
    { unseen: null },
    { workingSeed: 0 },
    { workingSeed: null },
  ];
  for (const v of verdicts) {
    store.set('q', 'k1', v);
    assert.deepEqual(facts(p).splitVerdicts(pipeline).get('q', 'k1'), v, 'another process reads it back');
    assert.equal(store.get('q', 'k2'), undefined, 'another key');
  }
  store.set('other', 'k1', { workingSeed: 4 });
  assert.deepEqual(store.get('q', 'k1'), { workingSeed: null }, 'another question is another entry');
  assert.equal(facts(p).splitVerdicts(join(dir, 'q.mlpipe')).get('q', 'k1'), undefined, 'another pipeline');
});

/**
 * Inspects `text` (written to `name`) after an older build cached facts for it: `columns` as
 * that build read them, stored under its format `version`. What it says of the file now.
 */
async function inspectedOverOldFacts(name: string, text: string, columns: string[], rowsRead: number, version: number) {
  const p = join(dir, name);
  writeFileSync(p, text);
  const old = new Date('2025-01-01T00:00:00Z');
  utimesSync(p, old, old);
  const st = statSync(p);
  const hash = await new HashCache().hash(p);
  facts(p).set(p, { size: st.size, mtimeMs: st.mtimeMs, hash, rowsRead, columns: columns.map((c) => ({ name: c, missing: 0, distinct: 2, type: 'string' })) } as never);
  const [entry] = entries(p);
  writeFileSync(entry!, JSON.stringify({ ...JSON.parse(readFileSync(entry!, 'utf8')), version }));
  return inspectSource(p, { facts: facts(p) });
}

test('facts cached before a file was refused as JSON do not answer for it', async () => {
  // JSON Lines with one comma count per line read as CSV, and its facts were cached (version 5).
  const info = await inspectedOverOldFacts('events.jsonl', '{"id": 1, "y": 0}\n{"id": 2, "y": 1}\n', ['{"id": 1', ' "y": 0}'], 1, 5);
  assert.equal(info.status, 'unreadable');
  assert.match(info.error!, /the file seems to be JSON, not CSV/);
});

test('facts cached before a NUL in a cell was refused do not answer for the file', async () => {
  // The NUL was read as a character of the city (version 6), and the facts cached.
  const info = await inspectedOverOldFacts('nul.csv', 'id,city\nC1,Paris\nC2,Ni\0ce\n', ['id', 'city'], 2, 6);
  assert.equal(info.status, 'unreadable');
  assert.match(info.error!, /^line 3, column city: the field holds a NUL byte/);
});

test('a cache entry that cannot be written leaves no temporary file behind', () => {
  const folder = join(dir, 'unwritable-entry');
  // The entry's name is taken by a folder with something in it: the temporary file is written,
  // its rename is refused, as a full disk refuses the temporary file's bytes after creating it.
  const file = join(folder, 'entry.json');
  mkdirSync(join(file, 'inside'), { recursive: true });
  writeAtomically(file, { a: 1 });
  assert.deepEqual(readdirSync(folder), ['entry.json']);
});
