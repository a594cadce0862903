/**
 * `lifecycle/no-gates` suggests a gate to add, and the suggestion fits the pipeline's task: a
 * regression was told to add 'require auc >= 0.8', which its check then refuses (a
 * classification metric on a regression is invalid-value).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';

const CSV = 'id,x,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${i % 7},${(i * 37) % 101}`).join('\n') + '\n';
const pipeline = (evaluate: string, task = '') =>
  `pipeline g\n\ndata d {\n  source = "d.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test = 0.2\n  seed = 1\n}\n\nfeature f = standardize(d.x)\n\n` +
  `model m {\n  kind   = linear\n  inputs = [f]\n  seed   = 1\n${task}}\n\n${evaluate}register r {\n  from = m\n}\n`;
const noGates = (text: string) =>
  analyze(text, memoryHost({ 'd.csv': CSV }))
    .diagnostics.filter((d) => d.code === 'lifecycle/no-gates')
    .map((d) => d.message);

describe('the gate lifecycle/no-gates suggests', () => {
  it('is a regression metric for a regression', () => {
    assert.deepEqual(noGates(pipeline('evaluate {\n}\n\n')), ["'evaluate' has no 'require': every model would be registered; add a gate such as 'require r2 >= 0.8'"]);
    assert.deepEqual(noGates(pipeline('')), ["no 'evaluate' block gates this registration: add 'evaluate { require r2 >= 0.8 }'"]);
  });

  it('is a classification metric for a classifier', () => {
    assert.deepEqual(noGates(pipeline('', '  task   = classification\n')).length, 1);
    assert.match(noGates(pipeline('evaluate {\n}\n\n', '  task   = classification\n'))[0], /add a gate such as 'require auc >= 0\.8'$/);
  });

  it("says that a 'compare_to' with no gate compares nothing", () => {
    assert.deepEqual(noGates(pipeline('evaluate {\n  compare_to = production\n}\n\n')), [
      "'evaluate' has no 'require': every model would be registered, and 'compare_to' compares only the metrics the gates name, so it compares none; add a gate such as 'require r2 >= 0.8'",
    ]);
  });

  it('the suggested gate checks clean of invalid-value', () => {
    const text = pipeline('evaluate {\n  require r2 >= 0.8\n}\n\n');
    const errors = analyze(text, memoryHost({ 'd.csv': CSV })).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
  });
});
