/**
 * A regression on a constant target checked clean, trained, and then failed its r2 gate on every
 * run with r2 = 0 (scikit-learn's value for a constant truth) and no word of why. Either task now
 * needs two distinct target values, in the check and in the run, with one message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeTarget } from '../../../server/backend/pipeline/target.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';
import { eventsCsv, eventsPipeline, eventsTarget } from './targetPipelines.js';

const csv = (y: (i: number) => string) => eventsCsv(20, y);

const errors = (task: string, data: string) =>
  analyze(eventsPipeline('linear', task), memoryHost({ 'events.csv': data }))
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);
const encode = (task: 'regression' | 'classification', data: string) =>
  encodeTarget(eventsTarget(data), 'events.csv', task);

describe('a target with one distinct value', () => {
  it('is refused for a regression in the check and in the run, with the same words', () => {
    const data = csv((i) => (i % 3 === 0 ? '' : '2.5'));
    assert.deepEqual(errors('regression', data), ["target 'y' has 1 distinct value: a regression on a constant has nothing to learn"]);
    assert.throws(() => encode('regression', data), { message: "target 'y' of events.csv has 1 distinct value: a regression on a constant has nothing to learn" });
  });

  it('is refused for a classification likewise', () => {
    const data = csv(() => 'yes');
    assert.deepEqual(errors('classification', data), ["target 'y' has 1 distinct value: a classifier needs at least two classes"]);
    assert.throws(() => encode('classification', data), { message: "target 'y' of events.csv has 1 distinct value: a classifier needs at least two classes" });
  });

  it('two distinct values are enough for either task', () => {
    const data = csv((i) => (i === 5 ? '3' : '2.5'));
    assert.deepEqual(errors('regression', data), []);
    assert.equal(encode('regression', data).task, 'regression');
    const labels = csv((i) => (i === 5 ? 'no' : 'yes'));
    assert.deepEqual(errors('classification', labels), []);
    assert.equal(encode('classification', labels).task, 'binary');
  });
});
