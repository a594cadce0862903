/**
 * `time = y` over the target with `order = time` was a clean check, and the run sorted the rows by
 * their label: the test split was the rows of the highest target values (a binary target's 1s only,
 * auc NaN), not the most recent. The runner refuses it now (`partitionRows`), and the checker
 * reports the same sentence as `invalid-value` at `time = …` (`timeIsTargetProblem`), alone: no
 * split is judged behind it, and a text target is not also reported as times the parser refuses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { runEngine, tableOf } from './engine.js';

const rows = (label: (i: number) => string) =>
  'id,at,x,y\n' + Array.from({ length: 40 }, (_, i) => `${i},2025-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z,${(i * 7) % 11},${label(i)}`).join('\n') + '\n';
const pipeline = (time: string, split: string, task = '') =>
  `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n  time   = ${time}\n}\n\n${split}\n\n` +
  `feature f0 = fill_missing(events.x, 0)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  epochs = 1\n  seed   = 1\n${task}}\n`;

function both(text: string, csv: string) {
  const a = analyze(text, memoryHost({ 'events.csv': csv }));
  const engine = runEngine(a.binding, new Map([['events', tableOf('events', csv, 'events.csv')]]));
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  return { errors: errors.map((d) => [d.code, text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character), d.message]), refusal: engine.ok ? undefined : engine.error.message };
}

const TIME_SPLIT = 'split {\n  test  = 0.2\n  order = time\n}';
const binary = rows((i) => String(i % 2));

describe("a time-ordered split over a 'time' that is the target", () => {
  it("is refused by the runner and reported at 'time' in the same words, alone", () => {
    const { errors, refusal } = both(pipeline('y', TIME_SPLIT), binary);
    assert.equal(
      refusal,
      "'time = y' of 'data events' names its target, and 'order = time' would sort the rows by their label: the test split would be the rows of the highest 'y' values, not the most recent; name the column that holds each row's moment in 'time', or drop 'order = time'",
    );
    assert.deepEqual(errors, [['invalid-value', 'y', refusal]]);
  });

  it('is one error for a text target too, not also times the parser refuses', () => {
    const csv = rows((i) => (i % 2 ? 'yes' : 'no'));
    const { errors, refusal } = both(pipeline('y', TIME_SPLIT, '  task   = classification\n'), csv);
    assert.ok(refusal);
    assert.deepEqual(errors, [['invalid-value', 'y', refusal]]);
  });

  it('stays quiet with a real time column, and with a random split (the time is not read)', () => {
    for (const text of [pipeline('at', TIME_SPLIT), pipeline('y', 'split {\n  test = 0.2\n  seed = 42\n}')]) {
      const { errors, refusal } = both(text, binary);
      assert.equal(refusal, undefined);
      assert.deepEqual(errors, []);
    }
  });
});
