import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Suggester } from '../../../server/mlpipe/checker/suggest.js';

/** The plain definition: every candidate compared, the first of the closest kept, within a third of the name. */
function naiveClosest(name: string, candidates: string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let diag = prev[0];
      prev[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = prev[j];
        prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
        diag = tmp;
      }
    }
    return prev[b.length];
  };
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) {
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
      { numRuns: 500, seed: 20261201 },
    );
  });

  it('suggest the earliest of equally close names, and nothing beyond a third of the name', () => {
    const s = new Suggester(['tenure_days', 'tenure_dayz', 'spend']);
    assert.equal(s.closest('tenure_dys'), 'tenure_days');
    assert.equal(s.closest('tenure_dayx'), 'tenure_days');
    assert.equal(s.closest('xyz'), undefined);
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
