/**
 * `deterministic = true` with no model `seed`: the engine uses the fixed seed 0 and records it,
 * so two runs give the same weights; the checker still reports 'repro/unseeded-model' and says
 * so; the hover of 'deterministic' states it. A real run of the fixture pipeline, twice.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runPipeline } from '../../../server/backend/pipeline/run.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { DETERMINISTIC_MODEL_SEED, DETERMINISTIC_SPLIT_SEED, modelSeedFor } from '../../../server/mlpipe/language/determinism.js';
import { BLOCKS } from '../../../server/mlpipe/language/blocks.js';
import { splitConfig } from '../../../server/mlpipe/language/splitConfig.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { checkText } from '../checker/fixture.js';
import { basePipeline, edit } from '../checker/fixture.js';

const FIXTURES = resolve(__dirname, '../../fixtures/pipelines');

/**
 * Two real runs of the fixture pipeline (which promises `deterministic = true`) with `line`
 * taken out, in a scratch project: their weights hashes and the seeds each recorded.
 */
async function twoRunsWithout(line: string | RegExp, replacement: string, what: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-det-'));
  try {
    cpSync(join(FIXTURES, 'data'), join(dir, 'data'), { recursive: true });
    cpSync(join(FIXTURES, 'requirements.txt'), join(dir, 'requirements.txt'));
    const text = readFileSync(join(FIXTURES, 'clean.mlpipe'), 'utf8');
    const without = text.replace(line, replacement);
    assert.notEqual(without, text, `the fixture states ${what}`);
    assert.match(without, /deterministic = true/);
    const file = join(dir, 'clean.mlpipe');
    writeFileSync(file, without);
    const runs = [await runPipeline({ file, root: dir, register: false }), await runPipeline({ file, root: dir, register: false })];
    const store = openStore(dir);
    try {
      return { hashes: runs.map((r) => r.weightsHash), seeds: runs.map((r) => store.getRun(r.runId)!.seeds) };
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('deterministic = true without a model seed', () => {
  it('uses the fixed seed, records it, and repeats the weights bit for bit', async () => {
    const { hashes, seeds } = await twoRunsWithout(/\n  seed\s+= 7\n/, '\n', 'a model seed');
    assert.equal(hashes[1], hashes[0]);
    for (const s of seeds) assert.equal(s?.model, DETERMINISTIC_MODEL_SEED);
  });

  it('draws a seed only when not deterministic, and a stated or reproduced seed wins', () => {
    let draws = 0;
    const draw = () => ++draws + 100;
    assert.equal(modelSeedFor(undefined, undefined, true, draw), DETERMINISTIC_MODEL_SEED);
    assert.equal(modelSeedFor(7, undefined, true, draw), 7);
    assert.equal(modelSeedFor(undefined, 9, true, draw), 9);
    assert.equal(draws, 0);
    assert.equal(modelSeedFor(undefined, undefined, false, draw), 101);
  });

  it("is what the checker's message and the hover say", () => {
    const base = basePipeline();
    const unseeded = edit(base, '  seed   = 7\n', '');
    const det = checkText(unseeded).filter((d) => d.code === 'repro/unseeded-model');
    assert.equal(det.length, 1);
    assert.match(det[0].message, /with 'deterministic = true' the fixed seed 0 is used/);
    const plain = checkText(edit(unseeded, 'deterministic = true', 'deterministic = false')).filter((d) => d.code === 'repro/unseeded-model');
    assert.match(plain[0].message, /would differ on every run/);
    const doc = BLOCKS.environment.attributes.find((a) => a.name === 'deterministic')!.doc;
    assert.match(doc, /fixed seed 0/);
  });
});

describe('deterministic = true without a split seed', () => {
  // The rows a model trains on decide its weights as much as its seed: a split drawn per run
  // broke the spec's promise of bitwise-identical weights on a repeat.
  it('uses the fixed split seed, records it, and repeats the weights bit for bit', async () => {
    const { hashes, seeds } = await twoRunsWithout('  seed = 42\n', '', 'a split seed');
    assert.equal(hashes[1], hashes[0]);
    for (const s of seeds) assert.equal(s?.split, DETERMINISTIC_SPLIT_SEED);
  });

  it('is the split config the checker and the runner share; a stated seed, a time order or no promise keep theirs', () => {
    const base = basePipeline();
    const config = (t: string) => splitConfig(analyze(t, { fileExists: () => true }).binding);
    const noSeed = edit(base, '  seed = 42\n', '');
    assert.equal(config(noSeed).seed, DETERMINISTIC_SPLIT_SEED);
    assert.equal(config(noSeed.slice(0, noSeed.indexOf('split {')) + noSeed.slice(noSeed.indexOf('}', noSeed.indexOf('split {')) + 1)).seed, DETERMINISTIC_SPLIT_SEED);
    assert.equal(config(base).seed, 42);
    assert.equal(config(edit(base, '  seed = 42\n', '  order = time\n')).seed, undefined);
    assert.equal(config(edit(noSeed, 'deterministic = true', 'deterministic = false')).seed, undefined);
  });

  it("is what the checker's message says", () => {
    const noSeed = edit(basePipeline(), '  seed = 42\n', '');
    const det = checkText(noSeed).filter((d) => d.code === 'repro/unseeded-split');
    assert.equal(det.length, 1);
    assert.match(det[0].message, /with 'deterministic = true' the fixed seed 0 is used/);
    const plain = checkText(edit(noSeed, 'deterministic = true', 'deterministic = false')).filter((d) => d.code === 'repro/unseeded-split');
    assert.match(plain[0].message, /every run would test on different rows/);
  });
});
