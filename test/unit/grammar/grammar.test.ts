import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { scopeOf, tokenize } from './tokenize.js';

const root = resolve(__dirname, '../../..');
const churnPath = resolve(root, 'examples/churn/churn.mlpipe');

test('the churn example gets the scopes a theme colours', async () => {
  assert.ok(existsSync(churnPath), `${churnPath} is missing: the grammar test tokenizes the quickstart example`);
  const text = readFileSync(churnPath, 'utf8');
  const lines = text.split(/\r?\n/);
  const tokens = await tokenize(text);
  const s = (onLine: RegExp, tok: string) => scopeOf(tokens, lines, onLine, tok);

  assert.equal(s(/^pipeline\s/, 'pipeline'), 'keyword.other.pipeline.mlpipe');
  assert.equal(s(/^pipeline\s/, 'churn'), 'entity.name.namespace.pipeline.mlpipe');
  assert.equal(s(/^data customers/, 'data'), 'storage.type.block.mlpipe');
  assert.equal(s(/^data customers/, 'customers'), 'entity.name.type.block.mlpipe');
  assert.equal(s(/^\s*source\s*=/, 'source'), 'variable.other.property.attribute.mlpipe');
  assert.equal(s(/^\s*source\s*=/, 'data/customers.csv'), 'string.quoted.double.mlpipe');
  assert.equal(s(/^\s*seed\s*=\s*42/, '42'), 'constant.numeric.mlpipe');
  assert.equal(s(/^feature tenure\b/, 'feature'), 'storage.type.feature.mlpipe');
  assert.equal(s(/^feature tenure\b/, 'tenure'), 'entity.name.function.feature.mlpipe');
  assert.equal(s(/^feature tenure\b/, 'fill_missing'), 'support.function.transform.mlpipe');
  assert.equal(s(/^feature tenure\b/, 'customers'), 'variable.other.object.table.mlpipe');
  assert.equal(s(/^feature tenure\b/, 'tenure_days'), 'variable.other.property.column.mlpipe');
  assert.equal(s(/window_mean/, 'window_mean'), 'support.function.transform.mlpipe');
  assert.equal(s(/window_mean/, 'd'), 'keyword.other.unit.mlpipe');
  assert.equal(s(/window_mean/, 'as_of'), 'variable.parameter.named-argument.mlpipe');
  assert.equal(s(/require auc/, 'require'), 'keyword.control.require.mlpipe');
  assert.equal(s(/require auc/, 'auc'), 'support.constant.metric.mlpipe');
  assert.equal(s(/require auc/, '>='), 'keyword.operator.comparison.mlpipe');
  assert.equal(s(/require auc/, '0.80'), 'constant.numeric.mlpipe');
  assert.equal(s(/drift order_z/, 'drift'), 'keyword.control.drift.mlpipe');
  assert.equal(s(/drift order_z/, 'order_z'), 'variable.other.feature.mlpipe');
  assert.equal(s(/drift order_z/, 'psi'), 'support.constant.statistic.mlpipe');
  assert.equal(s(/drift prediction/, 'prediction'), 'variable.language.prediction.mlpipe');
  assert.equal(s(/@production/, 'production'), 'constant.language.stage.mlpipe');
  assert.equal(s(/@production/, '@'), 'punctuation.separator.at.mlpipe');
  assert.equal(s(/deterministic\s*=/, 'true'), 'constant.language.boolean.mlpipe');
  const comment = tokens.find((t) => t.text.startsWith('#'));
  assert.ok(comment, 'the churn example has a comment');
  assert.ok(comment.scopes.some((x) => x.startsWith('comment.line')), comment.scopes.join(' '));
});

test('escapes, exponents, bad numbers, one-line blocks and suppressions', async () => {
  const text = [
    'data t {',
    '  source = "a\\"b\\q"',
    '}',
    'split { test = 0.2, seed = 42 }',
    'model m {',
    '  learning_rate = 1e-3',
    '  epochs = 12abc',
    '}',
    '# mlpipe-disable-next-line repro/unseeded-model',
    'feature f = bucketize(x, n = 10) * 2',
  ].join('\n');
  const lines = text.split('\n');
  const tokens = await tokenize(text);
  const s = (onLine: RegExp, tok: string) => scopeOf(tokens, lines, onLine, tok);
  assert.equal(s(/source/, '\\"'), 'constant.character.escape.mlpipe');
  assert.equal(s(/source/, '\\q'), 'invalid.illegal.escape.mlpipe');
  assert.equal(s(/^split/, 'test'), 'variable.other.property.attribute.mlpipe');
  assert.equal(s(/^split/, 'seed'), 'variable.other.property.attribute.mlpipe');
  assert.equal(s(/learning_rate/, '1e-3'), 'constant.numeric.mlpipe');
  assert.equal(s(/epochs/, '12abc'), 'invalid.illegal.number.mlpipe');
  assert.equal(s(/disable/, 'mlpipe-disable-next-line'), 'keyword.other.suppression.mlpipe');
  assert.equal(s(/^feature f/, 'n'), 'variable.parameter.named-argument.mlpipe');
  assert.equal(s(/^feature f/, '*'), 'keyword.operator.arithmetic.mlpipe');
  assert.equal(s(/^feature f/, 'x'), 'variable.other.readwrite.mlpipe');
});

test('an unclosed call stops at the next statement', async () => {
  const text = ['feature a = log1p(x', 'feature b = clip(y, 0, 1)'].join('\n');
  const lines = text.split('\n');
  const tokens = await tokenize(text);
  assert.equal(scopeOf(tokens, lines, /^feature b/, 'feature'), 'storage.type.feature.mlpipe');
  assert.equal(scopeOf(tokens, lines, /^feature b/, 'clip'), 'support.function.transform.mlpipe');
});
