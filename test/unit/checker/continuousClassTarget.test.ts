/**
 * 'task = classification' on a measured target (hundreds of distinct prices, doses, readings)
 * trained a classifier with one class per value, in silence. The check now refuses it as
 * invalid-value and the run refuses it with the same words; a few fractional classes (ratings
 * 1.5, 2.5), whole-number classes and the same target as a regression stay quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeTarget } from '../../../server/backend/pipeline/target.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';
import { eventsCsv, eventsPipeline, eventsTarget } from './targetPipelines.js';

const csv = (y: (i: number) => string) => eventsCsv(200, y);

const errors = (task: string, data: string) =>
  analyze(eventsPipeline('mlp', task), memoryHost({ 'events.csv': data }))
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, message: d.message, line: d.range.start.line }));
const encode = (task: 'regression' | 'classification', data: string) =>
  encodeTarget(eventsTarget(data), 'events.csv', task);

const advice = "a classifier would learn each value as a class; remove 'task = classification' to learn a regression, or give the data a column of a few class labels";

describe('task = classification on a continuous target', { timeout: 10_000 }, () => {
  it('is refused by the check at the task, and by the run, with the same words', () => {
    const data = csv((i) => (i === 0 ? '' : (100 + i * 0.37).toFixed(2)));
    assert.deepEqual(errors('classification', data), [
      { code: 'invalid-value', line: 19, message: `target 'y' has more than 10 distinct values, not all whole numbers (such as 100.37): ${advice}` },
    ]);
    assert.throws(() => encode('classification', data), { message: `target 'y' of events.csv has more than 10 distinct values, not all whole numbers (such as 100.37): ${advice}` });
  });

  it('stays quiet for the same target as a regression', () => {
    const data = csv((i) => (100 + i * 0.37).toFixed(2));
    assert.deepEqual(errors('regression', data), []);
    assert.equal(encode('regression', data).task, 'regression');
  });

  it('stays quiet for a few fractional classes, and for many whole-number classes written as decimals', () => {
    const ratings = csv((i) => ['1.5', '2.5', '3.5', '4', '5'][i % 5]!);
    assert.deepEqual(errors('classification', ratings), []);
    assert.equal(encode('classification', ratings).classes, 5);
    const wholes = csv((i) => `${i % 20}.0`);
    assert.deepEqual(errors('classification', wholes), []);
    assert.equal(encode('classification', wholes).classes, 20);
  });
});
