import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

// Draws three integers through each of fast-check's two module instances (import and require),
// with scripts/property-seed.mjs preloaded as scripts/test.mjs preloads it.
const DRAW = `
import fc from 'fast-check';
import { createRequire } from 'node:module';
const cjs = createRequire(process.cwd() + '/package.json')('fast-check');
console.log(JSON.stringify([fc.sample(fc.integer(), 3), cjs.sample(cjs.integer(), 3)]));
`;

function draw(seed: string | undefined): { status: number | null; out: string; err: string } {
  const env = { ...process.env };
  if (seed === undefined) delete env.MLPIPE_PROPERTY_SEED;
  else env.MLPIPE_PROPERTY_SEED = seed;
  const r = spawnSync(process.execPath, ['--import', './scripts/property-seed.mjs', '--input-type=module', '-e', DRAW], { encoding: 'utf8', env });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
}

describe('the property seed of npm test', () => {
  it('is one fixed seed unless told: two runs draw the same cases, through import and require alike', () => {
    const a = draw(undefined);
    assert.equal(a.status, 0, a.err);
    assert.equal(draw(undefined).out, a.out);
    const [viaImport, viaRequire] = JSON.parse(a.out) as number[][];
    assert.deepEqual(viaImport, viaRequire);
  });

  it('a number replays that seed; random draws afresh each run', () => {
    assert.equal(draw('17').out, draw('17').out);
    assert.notEqual(draw('17').out, draw(undefined).out);
    const fresh = new Set([draw('random').out, draw('random').out, draw('random').out]);
    assert.equal(fresh.size, 3);
  });

  it('anything else is refused by name', () => {
    const r = draw('tomorrow');
    assert.equal(r.status, 2);
    assert.match(r.err, /MLPIPE_PROPERTY_SEED must be a whole number or 'random', not tomorrow/);
  });
});
