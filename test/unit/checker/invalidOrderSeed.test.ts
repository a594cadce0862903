/**
 * `order = newest` (a typo for `time`) is invalid-value, and the split was also told it "has no
 * 'seed'" with a quick fix that writes one: advice for a random split the author did not ask
 * for. The seed warning waits until the order is a word the split knows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

describe('a split whose order is no order', () => {
  it('is the invalid-value alone, without the unseeded-split warning', { timeout: 30_000 }, () => {
    const text = edit(basePipeline(), '  seed = 42\n', '  order = newest\n');
    const codes = checkText(text).map((d) => d.code);
    assert.ok(codes.includes('invalid-value'), codes.join());
    assert.ok(!codes.includes('repro/unseeded-split'), codes.join());
  });

  it('keeps the warning for an explicit random order', { timeout: 30_000 }, () => {
    const text = edit(basePipeline(), '  seed = 42\n', '  order = random\n');
    assert.ok(checkText(text).some((d) => d.code === 'repro/unseeded-split'));
  });
});
