/**
 * The agreement properties with real files: generated tables written as CSV (LF or CRLF) or
 * Parquet, checked through the real inspector and loaded through the real loader; unreadable
 * sources reported as 'repro/unreadable-source' with their hash still compared; and a few
 * checker-clean generated pipelines trained end to end. MLPIPE_FILES_SEED draws other cases
 * (`npm run soak` draws it afresh each round); a failure names the seed that replays it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../server/backend/check/checkDocument.js';
import { HashCache } from '../../server/backend/data/hash.js';
import { DataInspector } from '../../server/backend/data/inspect.js';
import { loadPipelineData } from '../../server/backend/pipeline/loadData.js';
import { runPipeline } from '../../server/backend/pipeline/run.js';
import { TRIAL_SEEDS } from '../../server/mlpipe/checker/engineSplit.js';
import { parseCsv } from '../../server/mlpipe/data/csv.js';
import { hashOf } from '../unit/checker/fixture.js';
import { replaying } from '../unit/testing/replaySeed.js';
import { isRefusal, runEngine } from './engine.js';
import { pipelineArb, validPipelineArb, type PipelineCase } from './generate.js';
import { envInteger } from '../support/envInteger.js';

const root = mkdtempSync(join(tmpdir(), 'mlpipe-agree-'));

/** The seed a drawing test samples from: its own fixed one, or MLPIPE_FILES_SEED's. */
const seedOr = (fixed: number): number => envInteger('MLPIPE_FILES_SEED', fixed);
/** Runs a drawing test's body; its failure names the seed that draws the same cases again. */
const drawnFrom = (seed: number, body: () => Promise<void>): Promise<void> => replaying('MLPIPE_FILES_SEED', seed, body);
after(() => rmSync(root, { recursive: true, force: true }));

async function writeCase(dir: string, c: PipelineCase, parquet: boolean): Promise<string> {
  mkdirSync(dir, { recursive: true });
  let text = c.text;
  if (parquet) {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const { header, rows } = parseCsv(c.data.csv, 'events.csv');
    const buffer = parquetWriteBuffer({
      columnData: header.map((name, k) => ({ name, data: rows.map((r) => (r[k] === '' ? null : r[k]!)), type: 'STRING' as const })),
    });
    writeFileSync(join(dir, 'events.parquet'), new Uint8Array(buffer));
    // The blocks reading it now read Parquet: their 'format = csv' and their pin of the CSV's
    // bytes (the generator's) are dropped with the CSV.
    text = text.replace(/data \w+ \{[^}]*\}/g, (block) =>
      block.includes('"events.csv"') ? block.replaceAll('"events.csv"', '"events.parquet"').replace(/\n\s*format = csv/, '').replace(/\n\s*version = "[^"]*"/, '') : block,
    );
  } else writeFileSync(join(dir, 'events.csv'), c.data.csv);
  // The history table 'visits' stays CSV beside a Parquet primary table.
  writeFileSync(join(dir, 'visits.csv'), c.data.files['visits.csv']!);
  writeFileSync(join(dir, 'p.mlpipe'), text);
  return text;
}

describe('agreement with real files', () => {
  it('the inspector and the loader agree on types, and the engine refuses only what the checker reports', async () => {
    const started = Date.now();
    // And as many cases biased towards a clean check (most check clean, so most reach the engine).
    const seed = seedOr(99);
    await drawnFrom(seed, async () => {
      const cases = [...fc.sample(pipelineArb, { numRuns: 40, seed }), ...fc.sample(validPipelineArb, { numRuns: 40, seed })];
      let parquet = 0;
      for (const [i, c] of cases.entries()) {
        const dir = join(root, `case${i}`);
        const asParquet = i % 3 === 0;
        if (asParquet) parquet++;
        const text = await writeCase(dir, c, asParquet);
        const hashes = new HashCache();
        const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector({ hashCache: hashes }));
        // The primary table's file (a case with windows over 'visits' reads visits.csv too).
        const info = checked.data.get(asParquet ? 'events.parquet' : 'events.csv')!;
        assert.equal(info.status, 'ok', `case ${i}: ${info.error}`);
        const { tables } = await loadPipelineData(checked.binding, join(dir, 'p.mlpipe'), hashes);
        for (const col of tables.get('events')!.columns)
          assert.equal(info.columns!.find((x) => x.name === col.name)?.type, col.type, `case ${i}: type of ${col.name}\n${text}`);
        const errors = checked.diagnostics.filter((d) => d.severity === 'error');
        // An unseeded split: the checker's verdict covers its trial seeds ('agree.test.ts').
        const engine = runEngine(checked.binding, tables, TRIAL_SEEDS[i % TRIAL_SEEDS.length]);
        // A refusal is a checker error, so a clean check runs (the checker reports more than the
        // engine's steps up to training can refuse, so an error need not be a refusal).
        if (!engine.ok) assert.ok(errors.length > 0, `case ${i}: engine refused (${engine.error.message}) with a clean check\n${text}`);
      }
      console.log(`agreement with real files: ${cases.length} cases (${parquet} Parquet) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  });

  const good = 'id,y\n1,0\n2,1\n';
  const unreadable: Array<{ name: string; source: string; write: (p: string) => void; where: RegExp }> = [
    { name: 'a ragged CSV', source: 'ragged.csv', write: (p) => writeFileSync(p, 'id,y\n1,0\n2\n'), where: /line 3, column y: expected 2 fields/ },
    { name: 'an empty file', source: 'empty.csv', write: (p) => writeFileSync(p, ''), where: /empty/ },
    { name: 'a folder', source: 'folder.csv', write: (p) => mkdirSync(p), where: /not a file/ },
    { name: 'Parquet under a .csv name', source: 'pq.csv', write: (p) => writeFileSync(p, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(16), Buffer.from('PAR1')])), where: /is Parquet, not CSV/ },
    { name: 'a damaged Parquet file', source: 'bad.parquet', write: (p) => writeFileSync(p, 'id,y\n1,0\n'), where: /not a readable Parquet file/ },
    { name: 'CSV read with format = parquet', source: 'fmt.csv', write: (p) => writeFileSync(p, good), where: /not a readable Parquet file/ },
  ];
  for (const u of unreadable) {
    it(`${u.name} is repro/unreadable-source naming the file, and the engine refuses it too`, async () => {
      const dir = join(root, 'unreadable', u.source.replace('.', '_'));
      mkdirSync(dir, { recursive: true });
      u.write(join(dir, u.source));
      const format = u.source === 'fmt.csv' ? '\n  format = parquet' : '';
      const text = `pipeline u\n\ndata t {\n  source = "${u.source}"\n  version = "${hashOf('something else')}"\n  target = y${format}\n}\n`;
      writeFileSync(join(dir, 'p.mlpipe'), text);
      const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector());
      const hit = checked.diagnostics.find((d) => d.code === 'repro/unreadable-source');
      assert.ok(hit, JSON.stringify(checked.diagnostics.map((d) => d.code)));
      assert.equal(hit.severity, 'error');
      assert.match(hit.message, new RegExp(u.source.replace('.', '\\.')));
      assert.match(hit.message, u.where);
      // Named once, as the pipeline writes it: not again by the absolute path the inspector read.
      assert.equal(hit.message.split(u.source).length, 2, hit.message);
      assert.equal(hit.range.start.line, 3);
      // The bytes are still hashed: a wrong pin is still reported (a folder has no bytes).
      if (u.source !== 'folder.csv') assert.ok(checked.diagnostics.some((d) => d.code === 'repro/data-changed'), JSON.stringify(checked.diagnostics.map((d) => d.code)));
      await assert.rejects(loadPipelineData(checked.binding, join(dir, 'p.mlpipe'), new HashCache()), (e: unknown) => isRefusal(e));
    });
  }

  it('a few checker-clean generated pipelines train end to end, some with implicit-missing warnings', { timeout: 300_000 }, async () => {
    // Rows with a missing feature are dropped at training; whether any row survives on each side
    // is the checker's 'invalid-value' (the runner's own completeRows), so a pipeline with only a
    // 'skew/implicit-missing' warning must train too.
    const trained = { plain: 0, implicitMissing: 0 };
    let n = 0;
    const seed = seedOr(5);
    await drawnFrom(seed, async () => {
      // Then cases biased towards a clean check: 400 of the plain generator's held two clean
      // cases without 'skew/implicit-missing' at seed 5 but one at seed 15 (a soak's), which
      // failed the count on the generator's reach, not on the product. Seed 5 never reaches them.
      for (const c of [...fc.sample(pipelineArb, { numRuns: 400, seed }), ...fc.sample(validPipelineArb, { numRuns: 100, seed })]) {
        if (trained.plain === 2 && trained.implicitMissing === 2) break;
        const dir = join(root, `train${n++}`);
        const text = await writeCase(dir, c, false);
        const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector());
        if (checked.diagnostics.some((d) => d.severity === 'error')) continue;
        const kind = checked.diagnostics.some((d) => d.code === 'skew/implicit-missing') ? 'implicitMissing' : 'plain';
        if (trained[kind] === 2) continue;
        // An unseeded random split draws its seed at run time, and on a few rows that seed can give
        // what none of the checker's trial seeds gave (the test above): its verdict covers the trial
        // seeds, so the run is given one of them.
        const unseeded = checked.diagnostics.some((d) => d.code === 'repro/unseeded-split');
        const seeds = unseeded ? { split: TRIAL_SEEDS[n % TRIAL_SEEDS.length]! } : undefined;
        const result = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, backend: 'cpu', seeds });
        assert.equal(result.status, 'completed', text);
        trained[kind]++;
      }
      assert.deepEqual(trained, { plain: 2, implicitMissing: 2 });
    });
  });
});

describe('a drawn split seed the trial seeds did not cover', () => {
  it('that leaves the model no input column is refused by the runner in one sentence, and recorded as failed', async () => {
    // The checker tries nine seeds on this unseeded split and none leaves the training side
    // without 'num'; seed 107 does, so its one_hot learns no category. A class per row: with two
    // classes some trial seed trains on one of them, which the runner refuses before the inputs.
    const dir = join(root, 'drawn');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'events.csv'), 'id,num,y\n0,a,0\n1,,1\n2,a,2\n3,,3\n');
    const text = 'pipeline p\n\ndata events {\n  source = "events.csv"\n  target = y\n}\n\nsplit {\n  test = 0.5\n}\n\nfeature f0 = one_hot(events.num)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  seed   = 1\n}\n';
    writeFileSync(join(dir, 'p.mlpipe'), text);
    const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector());
    assert.deepEqual(checked.diagnostics.filter((d) => d.severity === 'error'), []);
    await assert.rejects(
      runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, backend: 'cpu', seeds: { split: 107 } }),
      (e: unknown) => isRefusal(e) && /^the model has no input column: its only input 'f0' is a one-hot encoding with no category/.test(e.message),
    );
    // With a seed that keeps a value on the training side it trains.
    const ok = await runPipeline({ file: join(dir, 'p.mlpipe'), root: dir, backend: 'cpu', seeds: { split: 42 } });
    assert.equal(ok.status, 'completed');
  });
});

describe('a sampled file is split as a whole', () => {
  it("the checker's split of a sampled file is the runner's split of the whole file", async () => {
    const { bind } = await import('../../server/mlpipe/binder.js');
    const { CheckContext } = await import('../../server/mlpipe/checker/context.js');
    const { engineSplit } = await import('../../server/mlpipe/checker/engineSplit.js');
    const { LineMap } = await import('../../server/mlpipe/syntax/lineMap.js');
    const dir = join(root, 'sampled');
    mkdirSync(dir, { recursive: true });
    // Zero-padded ids that repeat, and a late row that makes the id column text for the whole file.
    const lines = ['id,x,y'];
    for (let i = 0; i < 400; i++) lines.push(`${String(i % 37).padStart(3, '0')},${i},${i % 2}`);
    lines.push('Z9,1,0');
    writeFileSync(join(dir, 'events.csv'), lines.join('\n') + '\n');
    const text = 'pipeline s\n\ndata events {\n  source = "events.csv"\n  target = y\n  key = id\n}\n\nsplit {\n  test = 0.25\n  seed = 3\n  by = id\n}\n\nfeature f = x\n\nmodel m {\n  kind = logistic\n  inputs = [f]\n  seed = 1\n}\n';
    writeFileSync(join(dir, 'p.mlpipe'), text);
    const hashes = new HashCache();
    const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector({ maxBytes: 300, hashCache: hashes }));
    const info = [...checked.data.values()][0]!;
    assert.equal(info.sampled, true);
    assert.equal(info.wholeFile?.rows, 401);
    const host = { data: () => info };
    const ctx = new CheckContext(checked.file, bind(checked.file), new LineMap(text), host);
    const split = engineSplit(ctx)!;
    const { tables } = await loadPipelineData(checked.binding, join(dir, 'p.mlpipe'), hashes);
    const engine = runEngine(checked.binding, tables);
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.deepEqual([...split], [...engine.assignment]);
  });
});
