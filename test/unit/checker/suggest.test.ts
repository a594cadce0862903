import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Suggester } from '../../../server/mlpipe/checker/suggest.js';
import { envInteger } from '../../support/envInteger.js';

/**
 * The plain definition: every candidate compared; of the closest, the one sharing the longest
 * start with the name, then the first; within a third of the name.
 */
function naiveClosest(name: string, candidates: string[]): string | undefined {
  // Optimal string alignment: Levenshtein, with two swapped neighbours one edit.
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    return d[a.length][b.length];
  };
  const prefix = (c: string) => {
    let i = 0;
    while (i < Math.min(c.length, name.length) && c[i] === name[i]) i++;
    return i;
  };
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD || (d === bestD && prefix(c) > prefix(best!))) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.floor(name.length / 3) ? best : undefined;
}

describe('did-you-mean suggestions', () => {
  it('agree with comparing every candidate, on random names', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '_', '1'), minLength: 0, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 10 }), (candidates, names) => {
        const s = new Suggester(candidates);
        for (const n of [...names, ...names]) assert.equal(s.closest(n), naiveClosest(n, candidates), `name '${n}'`);
      }),
      { numRuns: 500, seed: envInteger('MLPIPE_SUGGEST_SEED', 20261201) },
    );
  });

  it('suggest the earliest of equally close names, and nothing beyond a third of the name', () => {
    const s = new Suggester(['tenure_days', 'tenure_dayz', 'spend']);
    assert.equal(s.closest('tenure_dys'), 'tenure_days');
    assert.equal(s.closest('tenure_dayx'), 'tenure_days');
    assert.equal(s.closest('xyz'), undefined);
  });

  it('prefer, of equally close names, the one that starts as typed', () => {
    // Both are 3 edits from 'tri_model'; the first in order was suggested.
    const s = new Suggester(['los_model', 'triage_model']);
    assert.equal(s.closest('tri_model'), 'triage_model');
    assert.equal(new Suggester(['triage_model', 'los_model']).closest('tri_model'), 'triage_model');
  });

  it('suggest a name that differs in letter case only, however short', () => {
    assert.equal(new Suggester(['X', 'y']).closest('x'), 'X');
    assert.equal(new Suggester(['ab', 'Tenure']).closest('tenure'), 'Tenure');
  });

  it('count two swapped neighbours as one edit', () => {
    // Levenshtein made 'window_maen' 2 from both; the prefix then picked 'window_max'.
    assert.equal(new Suggester(['window_max', 'window_mean']).closest('window_maen'), 'window_mean');
    assert.equal(new Suggester(['amount']).closest('amuont'), 'amount');
  });

  it('look each misspelling up once per check, however often it is written', () => {
    const names = Array.from({ length: 20000 }, (_, i) => `feature_${i}`);
    const s = new Suggester(names);
    const t = performance.now();
    for (let i = 0; i < 20000; i++) assert.equal(s.closest(`featur_${i % 20}`), `feature_${i % 20}`);
    // 400M pairs compared naively take minutes; 20 distinct names against the candidates take milliseconds.
    assert.ok(performance.now() - t < 5000, `took ${performance.now() - t} ms`);
  });
});
