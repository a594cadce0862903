import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { isPropertyTest, ownSeedVariables, root, testFiles } from '../../../scripts/test-files.mjs';

const files: string[] = testFiles(['unit', 'agreement', 'integration']);
const texts = new Map(files.map((f) => [relative(root, f), readFileSync(f, 'utf8')]));

describe('what npm run soak draws afresh', () => {
  it('every test file that draws cases through fast-check, itself or through assertEachCase', () => {
    const drawing = [...texts].filter(([, t]) => /\bfc\.(assert|sample)\(|\bassertEachCase\(/.test(t)).map(([f]) => f);
    assert.ok(drawing.includes('test/agreement/fixes.test.ts') && drawing.includes('test/agreement/rename.test.ts'), drawing.join('\n'));
    assert.deepEqual(drawing.filter((f) => !isPropertyTest(texts.get(f)!)), []);
  });

  it("every seed variable a file reads for its own fixed seed, which MLPIPE_PROPERTY_SEED leaves standing", () => {
    for (const [f, t] of texts)
      for (const m of t.matchAll(/seed: Number\(process\.env\.(\w+) \?\?/g)) assert.ok(ownSeedVariables(t).includes(m[1]), `${f}: ${m[1]}`);
    assert.deepEqual(ownSeedVariables(texts.get('test/agreement/agree.test.ts')!), ['MLPIPE_AGREEMENT_SEED']);
    assert.deepEqual(ownSeedVariables('const RUNS = Number(process.env.MLPIPE_AGREEMENT_RUNS ?? 600);'), []);
  });
});
