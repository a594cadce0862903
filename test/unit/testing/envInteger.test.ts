import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, it } from 'node:test';
import { envInteger } from '../../support/envInteger.js';
// @ts-expect-error: a plain .mjs script of the repository, without types
import { root, testFiles } from '../../../scripts/test-files.mjs';

describe('envInteger: a run count or seed a test reads from its environment', () => {
  const read = (raw: string | undefined, fallback = 1500, min?: number) => envInteger('MLPIPE_SOME_RUNS', fallback, { env: { MLPIPE_SOME_RUNS: raw }, ...(min === undefined ? {} : { min }) });

  it('reads a whole number, and the fallback when the variable is unset or empty', () => {
    assert.equal(read('600'), 600);
    assert.equal(read(' 7 '), 7);
    assert.equal(read('0'), 0);
    assert.equal(read(undefined), 1500);
    // `Number(process.env.X ?? 1500)` read `X=` as 0: zero property runs, a test that cannot fail.
    assert.equal(read(''), 1500);
    assert.equal(envInteger('MLPIPE_SOME_RUNS', undefined, { env: {} }), undefined);
    assert.equal(envInteger('MLPIPE_SOME_RUNS', undefined, { env: { MLPIPE_SOME_RUNS: '' } }), undefined);
  });

  it('refuses what is no whole number, or under the least, naming the variable', () => {
    for (const raw of ['abc', '-1', '1.5', '1e3', '0x10', '12abc', ' ', 'NaN', 'Infinity', '99999999999999999999'])
      assert.throws(() => read(raw), (e: Error) => e.message === `MLPIPE_SOME_RUNS must be a whole number of at least 0, or empty for 1500, not '${raw}'`, raw);
    assert.throws(() => read('0', 1500, 1), /^Error: MLPIPE_SOME_RUNS must be a whole number of at least 1, or empty for 1500, not '0'$/);
    assert.throws(() => envInteger('MLPIPE_SOME_RUNS', undefined, { env: { MLPIPE_SOME_RUNS: 'x' } }), /^Error: MLPIPE_SOME_RUNS must be a whole number of at least 0, not 'x'$/);
  });

  it('is how every test file reads a number from its environment', () => {
    const files: string[] = testFiles(['unit', 'agreement', 'integration']);
    const raw = files.filter((f) => /Number\(process\.env\.MLPIPE_/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    assert.deepEqual(raw, []);
  });
});
