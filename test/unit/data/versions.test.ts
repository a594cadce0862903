/**
 * "Sources still match their recorded hash" is one function (`data/versions.ts`), and
 * reproduce reads each source once: its own check, the run's check and the load share one
 * hash cache. Counted through an injected file system, on a real run of the fixture pipeline.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HashCache, sha256File, type HashFs } from '../../../server/backend/data/hash.js';
import { sourceVersion } from '../../../server/backend/data/versions.js';
import { loadPipelineData } from '../../../server/backend/pipeline/loadData.js';
import { bind } from '../../../server/mlpipe/binder.js';
import { parse } from '../../../server/mlpipe/index.js';
import { reproduceRun } from '../../../server/backend/pipeline/reproduce.js';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { stat } from 'node:fs/promises';

const FIXTURES = resolve(__dirname, '../../fixtures/pipelines');

function countingCache(): { cache: HashCache; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const fs: HashFs = {
    stat: (p) => stat(p),
    hash: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return sha256File(p);
    },
  };
  return { cache: new HashCache(fs), reads };
}

describe('source versions', () => {
  let dir = '';
  let file = '';
  let runId = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-versions-'));
    cpSync(join(FIXTURES, 'data'), join(dir, 'data'), { recursive: true });
    // Data as it usually is: older than the hash cache's racy window (a file as new as the clock
    // is re-read on every look, see RACY_WINDOW_MS), so one read per source is the right count.
    const old = new Date('2025-01-01T00:00:00Z');
    for (const f of readdirSync(join(dir, 'data'), { recursive: true, encoding: 'utf8' })) utimesSync(join(dir, 'data', f), old, old);
    cpSync(join(FIXTURES, 'requirements.txt'), join(dir, 'requirements.txt'));
    file = join(dir, 'clean.mlpipe');
    writeFileSync(file, readFileSync(join(FIXTURES, 'clean.mlpipe'), 'utf8'));
    runId = (await runPipeline({ file, root: dir, register: false, backend: 'cpu' })).runId;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reproduce hashes each source exactly once', async () => {
    const { cache, reads } = countingCache();
    const r = await reproduceRun(runId, { root: dir, hashes: cache });
    assert.ok(r.identical, 'the reproduction is bitwise identical');
    assert.ok(reads.size >= 1, 'no source was hashed');
    for (const [path, n] of reads) assert.equal(n, 1, `${path} hashed ${n} times`);
  });

  it('a changed source is refused before anything runs, with one line naming it', async () => {
    const { cache } = countingCache();
    const source = readFileSync(file, 'utf8').match(/source\s*=\s*"([^"]+)"/)![1];
    appendFileSync(join(dir, source), '\n');
    await assert.rejects(reproduceRun(runId, { root: dir, hashes: cache }), (e: Error) => {
      assert.match(e.message, /no longer matches the data this run used/);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
    const v = await sourceVersion(new HashCache(), join(dir, source), { source, table: 't' }, 'sha256:0000');
    assert.match(v.mismatch!, /^.* \(table t\) no longer matches/);
    const gone = await sourceVersion(new HashCache(), join(dir, 'nope.csv'), { source: 'nope.csv', table: 't' }, 'sha256:0000');
    assert.match(gone.mismatch!, /nope\.csv \(table t\) is gone/);
  });
});

it('a source written to while the run reads it is refused, not recorded under the hash of bytes it did not train on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-versions-'));
  try {
    const data = join(dir, 'log.csv');
    writeFileSync(data, 'id,x,y\n1,2,0\n2,3,1\n');
    const file = join(dir, 'p.mlpipe');
    const binding = bind(parse('pipeline p\n\ndata t {\n  source = "log.csv"\n  target = y\n}\n'));
    // A log still being appended to: a row lands after the rows were read, before the hash is.
    const appending: HashFs = {
      stat: (p) => stat(p),
      hash: (p) => {
        appendFileSync(p, '3,4,0\n');
        return sha256File(p);
      },
    };
    await assert.rejects(loadPipelineData(binding, file, new HashCache(appending)), (e: Error) => {
      assert.equal(e.message, 'log.csv: the file changed while the run read it: run again when nothing is writing to it');
      return true;
    });
    const still = await loadPipelineData(binding, file, new HashCache());
    assert.equal(still.tables.get('t')!.rowCount, 3);
    assert.equal(still.dataVersions.t, await sha256File(data));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('a source that differs from the recorded hash only in its line ends says so; another change does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-versions-ends-'));
  try {
    const data = join(dir, 't.csv');
    writeFileSync(data, 'id,y\n1,0\n2,1\n');
    const recorded = await sha256File(data);
    const where = { source: 't.csv', table: 't' };
    writeFileSync(data, 'id,y\r\n1,0\r\n2,1\r\n');
    const converted = await sourceVersion(new HashCache(), data, where, recorded);
    assert.match(converted.mismatch!, /^t\.csv \(table t\) no longer matches the data this run used \(sha256:[0-9a-f]{12}…, now sha256:[0-9a-f]{12}…\), in its line ends only \(CRLF now, LF then: git's core\.autocrlf or an editor converted them\): restore that version of the file to reproduce it$/);
    writeFileSync(data, 'id,y\r\n1,0\r\n2,2\r\n');
    const other = await sourceVersion(new HashCache(), data, where, recorded);
    assert.doesNotMatch(other.mismatch!, /line ends/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
