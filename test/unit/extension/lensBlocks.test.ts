import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lensBlocks } from '../../../extension/lensBlocks.js';

test('the churn example gets lenses over its pipeline, model, serve and monitor blocks, at their first character', () => {
  const text = readFileSync(join(__dirname, '../../../examples/churn/churn.mlpipe'), 'utf8');
  const blocks = lensBlocks(text);
  assert.deepEqual([...new Set(blocks.map((b) => b.kind))], ['pipeline', 'model', 'serve', 'monitor']);
  for (const b of blocks) assert.ok(text.startsWith(b.kind, b.offset), `${b.kind} at ${b.offset}: '${text.slice(b.offset, b.offset + 12)}'`);
  assert.equal(blocks.find((b) => b.kind === 'model')?.name, text.match(/^model\s+(\w+)/m)?.[1]);
});

test('a half-typed file still gives the blocks the parser recovers', () => {
  assert.deepEqual(lensBlocks('pipeline p\nmodel m {\n  epochs = \n').map((b) => `${b.kind} ${b.name}`), ['pipeline p', 'model m']);
  assert.deepEqual(lensBlocks(''), []);
});
