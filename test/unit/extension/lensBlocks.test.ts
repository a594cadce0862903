import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lensBlocks, modelsTrainedEach } from '../../../extension/lensBlocks.js';
import { chooseModel } from '../../../server/backend/pipeline/config.js';
import { SeveralModelsError } from '../../../server/backend/pipeline/errors.js';
import { bind } from '../../../server/mlpipe/binder.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';

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

test('several models and no register block: the pipeline lens trains each, in the file order; one register block or one model: one run', () => {
  const two = 'pipeline p\nmodel a {\n  kind = mlp\n}\nmodel b {\n  kind = logistic\n}\n';
  assert.deepEqual(lensBlocks(two).find((b) => b.kind === 'pipeline')?.each, ['a', 'b']);
  assert.deepEqual(modelsTrainedEach(two), ['a', 'b']);
  // Without a pipeline line there is no pipeline lens, but Train from the palette still trains each.
  assert.deepEqual(modelsTrainedEach(two.replace('pipeline p\n', '')), ['a', 'b']);
  assert.equal(modelsTrainedEach(`${two}register m {\n  from = b\n}\n`), null);
  assert.equal(lensBlocks(`${two}register m {\n  from = b\n}\n`)[0]?.each, undefined);
  assert.equal(modelsTrainedEach('pipeline p\nmodel a {\n  kind = mlp\n}\n'), null);
});

test("the Train lens and the engine's chooseModel agree on which pipelines train each model", () => {
  const model = (n: string) => `model ${n} {\n  kind = mlp\n}\n`;
  const register = (name: string, from: string) => `register ${name} {\n  from = ${from}\n}\n`;
  const texts = [
    `pipeline p\n${model('a')}${model('b')}`,
    `pipeline p\n${model('a')}${model('b')}${register('r', 'b')}`,
    `pipeline p\n${model('a')}${model('b')}${register('r', 'nope')}`,
    `pipeline p\n${model('a')}${model('b')}${register('r', 'x@production')}`,
    `pipeline p\n${model('a')}${model('a')}${model('b')}`,
    `pipeline p\n${model('a')}`,
    'pipeline p\n',
  ];
  for (const text of texts) {
    let engine: string[] | null = null;
    try {
      chooseModel(bind(parse(text)));
    } catch (e) {
      if (e instanceof SeveralModelsError) engine = e.models;
    }
    assert.deepEqual(modelsTrainedEach(text), engine, text);
  }
});
