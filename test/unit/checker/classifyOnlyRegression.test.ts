/**
 * A 'logistic' model over a target inferred as a regression (more than 10 distinct whole numbers,
 * or 0.0/1.0 written with a decimal point) is refused by the check with why the task was inferred.
 * A check that sampled the file can miss it (a class past the sample makes 11), and the run then
 * refused in the trainer's words only: "a logistic model needs a classification task, but the
 * task is regression". The engine's target encoding now says what the check says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeTarget } from '../../../server/backend/pipeline/target.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';
import { eventsCsv, eventsPipeline, eventsTarget } from './targetPipelines.js';

const csv = (y: (i: number) => string) => eventsCsv(120, y);

const checkErrors = (task: string, data: string) =>
  analyze(eventsPipeline('logistic', task), memoryHost({ 'events.csv': data }))
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);
const encode = (data: string, task?: 'regression' | 'classification') =>
  encodeTarget(eventsTarget(data), 'events.csv', task, { name: 'm', kind: 'logistic' });

describe("a 'logistic' model over a regression target", () => {
  it('of 12 distinct whole numbers: the run refuses in the check\'s words, with why the task is regression', () => {
    const data = csv((i) => String(i % 12));
    const message = "a 'logistic' model can only classify, and model 'm' learns a regression (target 'y' has more than 10 distinct values): use kind linear or mlp";
    assert.deepEqual(checkErrors('', data), [message]);
    assert.throws(() => encode(data), { message });
  });

  it('of 0.0/1.0: both offer the stated task', () => {
    const data = csv((i) => (i % 2 ? '1.0' : '0.0'));
    const message =
      "a 'logistic' model can only classify, and model 'm' learns a regression (target 'y' holds 2 distinct whole numbers written with a decimal point, such as '1.0', which read as a regression target): set 'task = classification' in model 'm' to classify them, or use kind linear or mlp";
    assert.deepEqual(checkErrors('', data), [message]);
    assert.throws(() => encode(data), { message });
  });

  it("stated as 'task = regression': no reason to give", () => {
    const data = csv((i) => String(i % 2));
    const message = "a 'logistic' model can only classify, and model 'm' learns a regression: use kind linear or mlp";
    assert.deepEqual(checkErrors('regression', data), [message]);
    assert.throws(() => encode(data, 'regression'), { message });
  });

  it('stays quiet for classes, and for a model kind that regresses', () => {
    assert.doesNotThrow(() => encode(csv((i) => String(i % 3))));
    const data = csv((i) => String(i % 12));
    assert.doesNotThrow(() => encodeTarget(eventsTarget(data), 'events.csv', undefined, { name: 'm', kind: 'linear' }));
  });
});
