/**
 * A history table too large to read whole: its time column is still judged over every row (a
 * cell past the sample stops the run just the same), as the file streams past, and its cells
 * are not kept (millions of event times held as strings took a gigabyte of the checker's heap).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkDocument } from '../../server/backend/check/checkDocument.js';
import { FactsCache } from '../../server/backend/data/factsCache.js';
import { HashCache } from '../../server/backend/data/hash.js';
import { DataInspector } from '../../server/backend/data/inspect.js';
import { loadPipelineData } from '../../server/backend/pipeline/loadData.js';
import { runEngine } from './engine.js';

const root = mkdtempSync(join(tmpdir(), 'mlpipe-sampled-times-'));
after(() => rmSync(root, { recursive: true, force: true }));

const PIPELINE = `pipeline s

data users {
  source = "users.csv"
  target = y
  key    = id
  time   = at
}

data events {
  source = "events.csv"
  key    = id
  time   = t
}

split {
  test = 0.25
  seed = 3
}

feature n = window_count(events.v, 30d, as_of = users.at)

model m {
  kind   = logistic
  inputs = [n]
  seed   = 1
}
`;

/** 400 events, their times written by `time(i)`; the users file is small and read whole. */
async function checkAndLoad(name: string, time: (i: number) => string, facts?: FactsCache) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const users = ['id,at,y'];
  for (let i = 0; i < 40; i++) users.push(`u${i},2025-03-01,${i % 2}`);
  writeFileSync(join(dir, 'users.csv'), users.join('\n') + '\n');
  const events = ['id,t,v'];
  for (let i = 0; i < 400; i++) events.push(`u${i % 40},${time(i)},${i}`);
  // Written only when it changes: the same bytes under a new mtime are another version to the caches.
  const csv = events.join('\n') + '\n';
  if (!existsSync(join(dir, 'events.csv')) || readFileSync(join(dir, 'events.csv'), 'utf8') !== csv) writeFileSync(join(dir, 'events.csv'), csv);
  writeFileSync(join(dir, 'p.mlpipe'), PIPELINE);
  const hashes = new HashCache();
  const checked = await checkDocument(join(dir, 'p.mlpipe'), PIPELINE, new DataInspector({ maxBytes: 2000, hashCache: hashes, facts }));
  const info = checked.data.get('events.csv')!;
  assert.equal(info.sampled, true);
  assert.ok(info.rowsRead! < 300, `the sample holds ${info.rowsRead} rows`);
  const { tables } = await loadPipelineData(checked.binding, join(dir, 'p.mlpipe'), hashes);
  return { checked, info, engine: runEngine(checked.binding, tables) };
}

const day = (i: number) => `2025-02-${String(1 + (i % 28)).padStart(2, '0')}`;

describe("a sampled history table's time column", () => {
  it('a cell past the sample that is no time is reported with its data row, and the engine refuses the same cell', async () => {
    const { checked, info, engine } = await checkAndLoad('bad', (i) => (i === 390 ? '2025-02-30' : `${day(i)}T10:00:00Z`));
    assert.equal(engine.ok, false);
    assert.match(!engine.ok ? engine.error.message : '', /events.csv, data row 391, column t: '2025-02-30' is not a time/);
    const errors = checked.diagnostics.filter((d) => /cannot be read as times/.test(d.message));
    assert.equal(errors.length, 1, JSON.stringify(checked.diagnostics));
    assert.match(errors[0]!.message, /'t' of 'events.csv' cannot be read as times: data row 391: '2025-02-30' is not a time/);
    // Judged as the file streamed past: the column's cells were not kept.
    assert.equal(info.wholeFile?.rows, 400);
    assert.equal(info.wholeFile?.values('t'), undefined);
  });

  it('times with and without a zone, the unzoned ones only past the sample, are mixed zones', async () => {
    const { checked, engine } = await checkAndLoad('zones', (i) => (i < 350 ? `${day(i)}T10:00:00Z` : `${day(i)}T10:00:00`));
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    const mixed = checked.diagnostics.filter((d) => d.code === 'skew/mixed-time-zones');
    assert.equal(mixed.length, 1, JSON.stringify(checked.diagnostics));
    assert.match(mixed[0]!.message, /\(data row 1: '2025-02-01T10:00:00Z'\) and times without one \(data row 351: '2025-02-15T10:00:00'\)/);
  });

  it('whole numbers that are all dates written YYYYMMDD are dates-as-numbers; one past the sample that is not keeps it quiet', async () => {
    const compact = (i: number) => day(i).replaceAll('-', '');
    const dates = await checkAndLoad('dates', compact);
    assert.equal(dates.checked.diagnostics.filter((d) => d.code === 'skew/dates-as-numbers').length, 1, JSON.stringify(dates.checked.diagnostics));
    const seconds = await checkAndLoad('seconds', (i) => (i === 399 ? '1740787200' : compact(i)));
    assert.ok(seconds.engine.ok, !seconds.engine.ok ? seconds.engine.error.message : '');
    assert.deepEqual(
      seconds.checked.diagnostics.filter((d) => d.code === 'skew/dates-as-numbers'),
      [],
    );
  });

  it('is quiet when every time reads, in one zone', async () => {
    const { checked, engine } = await checkAndLoad('clean', (i) => `${day(i)}T10:00:00Z`);
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.deepEqual(
      checked.diagnostics.filter((d) => /cannot be read as times/.test(d.message) || d.code === 'skew/mixed-time-zones' || d.code === 'skew/dates-as-numbers'),
      [],
    );
  });

  it('its verdicts are kept between processes for exactly that version of the file, not parsed whole again', async () => {
    const folder = join(root, 'facts');
    const bad = (i: number) => (i === 390 ? '2025-02-30' : `${day(i)}T10:00:00Z`);
    const first = await checkAndLoad('kept', bad, new FactsCache(folder));
    assert.equal(first.checked.diagnostics.filter((d) => /cannot be read as times/.test(d.message)).length, 1);
    // What a second process finds is the stored verdict: altered in the store, the check says the altered words.
    const stored = join(FactsCache.wholeTimesBeside(folder), readdirSync(FactsCache.wholeTimesBeside(folder))[0]!);
    const entry = JSON.parse(readFileSync(stored, 'utf8'));
    assert.equal(entry.rows, 400);
    entry.columns.t.text.problem = 'as stored';
    writeFileSync(stored, JSON.stringify(entry));
    const second = await checkAndLoad('kept', bad, new FactsCache(folder));
    assert.match(second.checked.diagnostics.find((d) => /cannot be read as times/.test(d.message))!.message, /data row 391: as stored$/);
    assert.equal(second.info.wholeFile?.rows, 400);
    // The file changed (the bad cell fixed): the stored entry is another version's, and is not read.
    const third = await checkAndLoad('kept', (i) => `${day(i)}T10:00:00Z`, new FactsCache(folder));
    assert.deepEqual(
      third.checked.diagnostics.filter((d) => /cannot be read as times/.test(d.message)),
      [],
    );
  });
});
