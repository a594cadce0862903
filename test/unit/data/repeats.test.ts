import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { firstRepeat } from '../../../server/mlpipe/data/repeats.js';

/** The definition: the key whose second occurrence comes first (missing keys aside). */
function oracle(keys: ReadonlyArray<string | null>): string | undefined {
  const firstAt = new Map<string, number>();
  let second = Infinity;
  let found: string | undefined;
  keys.forEach((k, i) => {
    if (k === null) return;
    if (!firstAt.has(k)) firstAt.set(k, i);
    else if (i < second) [second, found] = [i, k];
  });
  return found;
}

describe('the first repeated key', () => {
  it('of a large numeric column: none when unique, else the first in row order', () => {
    const unique = Array.from({ length: 50_000 }, (_, i) => String((i * 7919) % 50_021));
    assert.equal(firstRepeat(unique), undefined);
    const twice = [...unique.slice(0, 30_000), unique[20_000], ...unique.slice(30_000), unique[5]];
    assert.equal(firstRepeat(twice), unique[20_000]);
    assert.equal(firstRepeat([...unique, null, null]), undefined, 'missing keys never repeat');
  });

  it('texts one double merges are different keys; the same text is the same key', () => {
    const big = Array.from({ length: 20_000 }, (_, i) => String(i));
    // 2^53 + 1 and 2^53 are one double but two IDs.
    assert.equal(firstRepeat([...big, '9007199254740993', '9007199254740992']), undefined);
    assert.equal(firstRepeat([...big, '9007199254740993', '9007199254740993']), '9007199254740993');
    assert.equal(firstRepeat([...big, '-0', '0']), '0');
  });

  it('text keys and mixed ones go through the exact pass', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `C-${i}`);
    assert.equal(firstRepeat(ids), undefined);
    assert.equal(firstRepeat([...ids, 'C-3']), 'C-3');
    assert.equal(firstRepeat([...big(), 'x', '', '', 'x']), '');
  });

  it('agrees with the definition on any keys, large or small', () => {
    const key = fc.oneof(fc.constant(null), fc.integer({ min: -50, max: 50 }).map(String), fc.constantFrom('a', '', '1e2', '100', ' 1', '1', 'NaN', 'Infinity', '1e999'));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 40 }), fc.boolean(), (keys, padded) => {
        const all = padded ? [...big(), ...keys] : keys;
        assert.equal(firstRepeat(all), oracle(all));
      }),
      { numRuns: 300 },
    );
  });
});

/** Unique numeric keys past the size where sorting is tried first. */
function big(): string[] {
  return Array.from({ length: 10_000 }, (_, i) => String(1000 + i));
}
