/**
 * A split whose training rows hold one class of a classifier's target: the checker's error and
 * the runner's refusal (`partitionRows`, before training) come from one count over one split
 * (`trainingClasses` over `splitRows`), so they agree seed by seed and say the same sentence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { runEngine, tableOf } from './engine.js';

// Groups g0 and g2 hold class 0 alone, g1 and g3 class 1 alone: a split by group that deals
// both groups of one class to the test side trains on the other class only.
const csv = 'id,g,x,y\n' + Array.from({ length: 40 }, (_, i) => `${i},g${i % 4},${(i * 7) % 11},${i % 2}`).join('\n') + '\n';
const pipeline = (split: string) =>
  `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n}\n\n${split}\n\n` +
  'feature f0 = fill_missing(events.x, 0)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  epochs = 1\n  seed   = 1\n}\n';

function both(split: string, unseededSeed?: number) {
  const text = pipeline(split);
  const a = analyze(text, memoryHost({ 'events.csv': csv }));
  const engine = runEngine(a.binding, new Map([['events', tableOf('events', csv, 'events.csv')]]), unseededSeed);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  return { errors, engine, refusal: engine.ok ? undefined : engine.error.message };
}

describe('a split that trains a classifier on one class', () => {
  it('is an error in the check exactly when the runner refuses it, in the same words', () => {
    const outcomes = Array.from({ length: 16 }, (_, seed) => ({ seed, ...both(`split {\n  test = 0.5\n  seed = ${seed}\n  by   = g\n}`) }));
    assert.ok(outcomes.some((o) => o.engine.ok) && outcomes.some((o) => !o.engine.ok), 'some seeds train, some are refused');
    for (const o of outcomes) {
      if (o.engine.ok) {
        assert.deepEqual(o.errors, [], `seed ${o.seed}`);
        continue;
      }
      assert.match(o.refusal!, /^the split by 'g' leaves one class of target 'y' in training \("[01]": all 20 training rows with a target in 'events\.csv'\)/);
      assert.deepEqual(
        o.errors.map((d) => [d.code, d.message]),
        [['invalid-value', o.refusal]],
        `seed ${o.seed}`,
      );
    }
  });

  it("by the target itself: refused by the runner whatever seed it draws, and the check's error names the trial seeds", () => {
    const split = 'split {\n  test = 0.2\n  by   = y\n}';
    const { errors } = both(split);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0]!.message, /with 9 of 9 seeds tried/);
    for (const seed of [1, 12345, 99]) {
      const { refusal } = both(split, seed);
      assert.match(refusal ?? '', /^the split by 'y' leaves one class of target 'y' in training .*'by = y' groups the rows by the target itself/, `seed ${seed}`);
      // The checker's sentence is the runner's, with the trial seeds' count added.
      assert.equal(errors[0]!.message.replace(/ with 9 of 9 seeds tried \(the run draws its own, so it can be refused\)/, '').replace(/\("[01]"/, '(C'), refusal!.replace(/\("[01]"/, '(C'));
    }
  });
});

// Every class-1 row misses x: a model reading x unfilled keeps the class-0 training rows alone.
const holes = 'id,x,z,y\n' + Array.from({ length: 40 }, (_, i) => `${i},${i % 2 ? '' : (i * 7) % 11},${i % 5},${i % 2}`).join('\n') + '\n';
const holesPipeline = (feature: string, model = 'kind   = logistic') =>
  `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test = 0.25\n  seed = 3\n}\n\n` +
  `feature f0 = ${feature}\nfeature f1 = fill_missing(events.z, 0)\n\nmodel m {\n  ${model}\n  inputs = [f1, f0]\n  epochs = 1\n  seed   = 1\n}\n`;

function bothHoles(feature: string, model?: string) {
  const text = holesPipeline(feature, model);
  const a = analyze(text, memoryHost({ 'events.csv': holes }));
  const engine = runEngine(a.binding, new Map([['events', tableOf('events', holes, 'events.csv')]]));
  return { text, diagnostics: a.diagnostics, errors: a.diagnostics.filter((d) => d.severity === 'error'), refusal: engine.ok ? undefined : engine.error.message };
}

describe('rows left out for a missing input that leave a classifier one class', () => {
  it('are an error at the inputs in the check exactly as the runner refuses them, and no unseen-class warning beside it', () => {
    const { text, diagnostics, errors, refusal } = bothHoles('events.x');
    assert.match(refusal ?? '', /^the training rows of every other class of target 'y' miss a model input after every transform \('f0'\) and are left out, .*\("0": all \d+ training rows it keeps with a target in 'events\.csv'\)/);
    assert.deepEqual(
      errors.map((d) => [d.code, d.message]),
      [['invalid-value', refusal]],
    );
    assert.equal(text.split('\n')[errors[0]!.range.start.line], '  inputs = [f1, f0]');
    assert.deepEqual(diagnostics.filter((d) => d.code === 'skew/unseen-category'), [], 'one cause, one report');
  });

  it('are quiet in both where the input is filled, or the model is a regression', () => {
    const filled = bothHoles('fill_missing(events.x, 0)');
    assert.equal(filled.refusal, undefined);
    assert.deepEqual(filled.errors, []);
    const regression = bothHoles('events.x', 'kind   = linear\n  task   = regression');
    assert.equal(regression.refusal, undefined);
    assert.deepEqual(regression.errors, []);
  });
});
