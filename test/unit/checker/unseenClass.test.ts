/**
 * A target class that only the test split holds (a rare 'critical' priority whose few tickets
 * all landed in test): the model has an output for it but no training row, so it never predicts
 * it and the test metrics count it as missed. The check was silent; it now says so, as it says of
 * a vocabulary's categories that only the test split holds, with the engine's own split.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { splitRows, TEST, TRAIN } from '../../../server/mlpipe/data/split.js';
import { hashOf, memoryHost } from './fixture.js';

const N = 40;
const { assignment } = splitRows({ rowCount: N, test: 0.25, seed: 1 });
const testRows = [...assignment.keys()].filter((i) => assignment[i] === TEST);
const trainRows = [...assignment.keys()].filter((i) => assignment[i] === TRAIN);
const labels = ['low', 'medium', 'high', 'urgent'];

function check(label: (i: number) => string, task = 'classification') {
  const csv = 'id,length,priority\n' + Array.from({ length: N }, (_, i) => `${i},${10 + i},${label(i)}`).join('\n') + '\n';
  const text =
    `pipeline tickets\ndata tickets {\n  source = "t.csv"\n  version = "${hashOf(csv)}"\n  target = priority\n  key = id\n}\n` +
    `split {\n  test = 0.25\n  seed = 1\n}\nfeature len = standardize(tickets.length)\n` +
    `model m {\n  kind = mlp\n  inputs = [len]\n  seed = 1\n  task = ${task}\n}\n`;
  return analyze(text, memoryHost({ 't.csv': csv })).diagnostics.filter((d) => d.code === 'skew/unseen-category');
}

describe('a target class only the test split holds', () => {
  it('is reported at the target, naming the class', () => {
    const found = check((i) => (i === testRows[0] || i === testRows[1] ? 'critical' : labels[i % 4]));
    assert.deepEqual(found.map((d) => [d.severity, d.range.start.line, d.message]), [
      ['info', 4, `1 class of target 'priority' in the test split never occurs in training ("critical"): the model cannot predict it, and the test metrics count it as missed; add training rows of it, or split with another seed`],
    ]);
  });

  it('is not reported when training holds the class too, nor for a regression', () => {
    assert.deepEqual(check((i) => (i === testRows[0] || i === trainRows[0] ? 'critical' : labels[i % 4])), []);
    assert.deepEqual(check((i) => (i === testRows[0] ? '1000' : String(i % 7)), 'regression'), []);
  });

  it('compares whole-number classes by value, as the engine encodes them', () => {
    // '01' in test and '1' in training are one class.
    assert.deepEqual(check((i) => (i === testRows[0] ? '01' : String(i % 4))), []);
    assert.equal(check((i) => (i === testRows[0] ? '9' : String(i % 4))).length, 1);
  });
});

// Split by a column of one group: every row is test, and the empty split's error says so at
// 'split'. Every class was also listed as unseen at the target, an info cascading from it.
describe('a split with no training row', () => {
  it('reports the empty split once, not every class as unseen beside it', () => {
    const csv = 'id,g,length,priority\n' + Array.from({ length: N }, (_, i) => `${i},7,${10 + i},${labels[i % 4]}`).join('\n') + '\n';
    const text =
      `pipeline tickets\ndata tickets {\n  source = "t.csv"\n  version = "${hashOf(csv)}"\n  target = priority\n  key = id\n}\n` +
      `split {\n  test = 0.25\n  seed = 1\n  by = g\n}\nfeature len = standardize(tickets.length)\n` +
      `model m {\n  kind = mlp\n  inputs = [len]\n  seed = 1\n  task = classification\n}\n`;
    const found = analyze(text, memoryHost({ 't.csv': csv })).diagnostics;
    assert.deepEqual(
      found.filter((d) => d.severity === 'error').map((d) => d.message.slice(0, 40)),
      ['the split leaves 0 training and 40 test '],
    );
    assert.deepEqual(found.filter((d) => d.code === 'skew/unseen-category'), []);
  });
});

// The run leaves out rows whose model inputs are missing ('completeRows'): a class whose every
// training row misses 'length' is never learned, though the split gives training rows of it.
// The rule above looks at the split's rows and was silent; the missing-every-row pass, which
// already keeps those rows, names the class at the model's inputs.
describe('a target class whose every training row the run leaves out', () => {
  const critical = (i: number) => i === testRows[0] || i === testRows[1] || i === trainRows[0] || i === trainRows[1];
  function checkMissing(length: (i: number) => string, feature = 'standardize(tickets.length)') {
    const csv = 'id,length,priority\n' + Array.from({ length: N }, (_, i) => `${i},${length(i)},${critical(i) ? 'critical' : labels[i % 4]}`).join('\n') + '\n';
    const text =
      `pipeline tickets\ndata tickets {\n  source = "t.csv"\n  version = "${hashOf(csv)}"\n  target = priority\n  key = id\n}\n` +
      `split {\n  test = 0.25\n  seed = 1\n}\nfeature len = ${feature}\n` +
      `model m {\n  kind = mlp\n  inputs = [len]\n  seed = 1\n  task = classification\n}\n`;
    return analyze(text, memoryHost({ 't.csv': csv })).diagnostics.filter((d) => d.code === 'skew/unseen-category');
  }
  const missingOnTrainingCritical = (i: number) => (critical(i) && assignment[i] === TRAIN ? '' : String(10 + i));

  it('is reported at the model, naming the class', () => {
    assert.deepEqual(checkMissing(missingOnTrainingCritical).map((d) => [d.severity, d.range.start.line, d.message]), [
      [
        'info',
        14,
        `1 class of target 'priority' in the test split has no training row model 'm' keeps ("critical"): every training row of it misses a model input and is left out, so the model cannot predict it, and the test metrics count it as missed; fill the missing inputs with 'fill_missing(…, value)'`,
      ],
    ]);
  });

  it('is not reported when a training row of the class is kept, or the missing cells are filled', () => {
    assert.deepEqual(checkMissing((i) => (i === trainRows[0] ? '' : String(10 + i))), []);
    assert.deepEqual(checkMissing(missingOnTrainingCritical, 'standardize(fill_missing(tickets.length, 0))'), []);
  });
});
