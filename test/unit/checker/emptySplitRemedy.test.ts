/**
 * An empty split side names the remedy for that side: a 'test' share that rounds to no test row
 * ('test = 0.00001' over the data) was told to "use a smaller 'test'", which empties it further.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const emptySplit = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value' && d.message.startsWith('the split leaves'));

test("a split with no test row says to use a larger 'test'", { timeout: 30_000 }, () => {
  const text = basePipeline();
  const split = text.match(/ {2}test\s*=\s*[0-9.]+/)![0];
  const [d] = emptySplit(edit(text, split, '  test = 0.00001'));
  assert.match(d?.message ?? '', /and 0 test rows .*: use a larger 'test'$/, d?.message);
  assert.doesNotMatch(d!.message, /smaller/);
});
