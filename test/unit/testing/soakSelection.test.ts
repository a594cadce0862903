import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { isPropertyTest, ownSeedVariables, root, testFiles } from '../../../scripts/test-files.mjs';

const files: string[] = testFiles(['unit', 'agreement', 'integration']);
const texts = new Map(files.map((f) => [relative(root, f), readFileSync(f, 'utf8')]));
// The examples below spell 'process.env' through this (and envInteger, where a seed variable is
// its argument, through a template), so that this file reads no seed variable itself and is no
// property test of its own.
const ENV = ['process', 'env'].join('.');

describe('what npm run soak draws afresh', () => {
  it('every test file that draws cases through fast-check, itself or through assertEachCase', () => {
    const drawing = [...texts].filter(([, t]) => /\bfc\.(assert|sample)\(|\bassertEachCase\(/.test(t)).map(([f]) => f);
    assert.ok(drawing.includes('test/agreement/fixes.test.ts') && drawing.includes('test/agreement/rename.test.ts'), drawing.join('\n'));
    assert.deepEqual(drawing.filter((f) => !isPropertyTest(texts.get(f)!)), []);
  });

  it("every seed variable a file reads for its own fixed seed, which MLPIPE_PROPERTY_SEED leaves standing", () => {
    // Read through envInteger (test/support/envInteger.ts) as every file reads them now, or raw.
    const reads = /seed: (?:envInteger\('(\w+)'|Number\(process\.env\.(\w+) \?\?)/g;
    let seen = 0;
    for (const [f, t] of texts)
      for (const m of t.matchAll(reads)) {
        seen++;
        assert.ok(ownSeedVariables(t).includes(m[1] ?? m[2]), `${f}: ${m[1] ?? m[2]}`);
      }
    assert.ok(seen >= 10, `only ${seen} seed variables read`);
    assert.deepEqual(ownSeedVariables(texts.get('test/agreement/agree.test.ts')!), ['MLPIPE_AGREEMENT_SEED']);
    assert.deepEqual(ownSeedVariables(`const RUNS = Number(${ENV}.MLPIPE_AGREEMENT_RUNS ?? 600);`), []);
    assert.deepEqual(ownSeedVariables(`const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 600, { min: 1 });`), []);
    assert.deepEqual(ownSeedVariables(`{ seed: ${'envInteger'}('MLPIPE_VALUES_SEED', 4242) }`), ['MLPIPE_VALUES_SEED']);
    assert.deepEqual(ownSeedVariables(`{ seed: Number(${ENV}.MLPIPE_VALUES_SEED ?? 4242) }`), ['MLPIPE_VALUES_SEED']);
  });

  it('every file that draws its cases from a seed variable of its own, with fast-check or not', () => {
    // The randomised tests on Mulberry32 had a literal seed, and no fast-check import: the soak
    // neither picked them nor could vary them.
    const own = [...texts].filter(([, t]) => ownSeedVariables(t).length > 0).map(([f]) => f);
    assert.deepEqual(own.filter((f) => !isPropertyTest(texts.get(f)!)), []);
    for (const [f, v] of [
      ['test/unit/checker/fuzz.test.ts', 'MLPIPE_FUZZ_SEED'],
      ['test/unit/checker/timeReads.test.ts', 'MLPIPE_TIME_READS_SEED'],
      ['test/unit/incremental/lsp.test.ts', 'MLPIPE_LSP_EDITS_SEED'],
      ['test/unit/data/csv.test.ts', 'MLPIPE_CSV_SEED'],
      ['test/unit/data/values.test.ts', 'MLPIPE_NUMBER_KIND_SEED'],
    ]) {
      assert.ok(isPropertyTest(texts.get(f)!), f);
      assert.deepEqual(ownSeedVariables(texts.get(f)!), [v], f);
    }
    assert.equal(isPropertyTest(`const rng = new Mulberry32(Number(${ENV}.MLPIPE_FUZZ_SEED ?? 20261128));`), true);
    assert.equal(isPropertyTest(`const rng = new Mulberry32(${'envInteger'}('MLPIPE_FUZZ_SEED', 20261128));`), true);
    assert.equal(isPropertyTest('const rng = new Mulberry32(20261128);'), false);
  });

  it('no fast-check draw fixes a seed that no variable can change (the soak could not vary it)', () => {
    // A fast-check options object ('{ numRuns: 500, seed: 20261201 }') whose seed is a literal.
    const fixed = (t: string) => [...t.matchAll(/\{[^{}]*\bnumRuns\b[^{}]*\}/g)].map((m) => m[0]).filter((o) => /\bseed: *-?\d/.test(o));
    const found = [...texts].filter(([, t]) => isPropertyTest(t)).flatMap(([f, t]) => fixed(t).map((o) => `${f}: ${o}`));
    assert.deepEqual(found, []);
    // What it tells apart: a literal seed, and one a variable can change.
    assert.equal(fixed(`{ numRuns: 500, seed: ${20261201} }`).length, 1);
    assert.equal(fixed(`{ numRuns: 40, seed: Number(${ENV}.MLPIPE_FILES_SEED ?? 99) }`).length, 0);
    // The files that had one read their own variable now, which a soak round draws.
    for (const [f, v] of [['test/agreement/values.test.ts', 'MLPIPE_VALUES_SEED'], ['test/agreement/files.test.ts', 'MLPIPE_FILES_SEED'], ['test/unit/checker/suggest.test.ts', 'MLPIPE_SUGGEST_SEED'], ['test/unit/data/isoTime.test.ts', 'MLPIPE_ISO_TIME_SEED']])
      assert.deepEqual(ownSeedVariables(texts.get(f)!), [v], f);
  });
});
