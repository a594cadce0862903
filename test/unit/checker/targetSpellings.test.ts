/**
 * A target's classes are counted by value, as the runner's target encoding counts them: '1' and
 * '01' (an export that zero-pads some cells) are one class. The checker counted the cells' texts,
 * so a target of '1' and '01' passed the check and the run refused it ('has 1 class'), and a 0/1
 * target written in eleven spellings was read as a regression ('more than 10 distinct values')
 * while the runner trained a binary classifier; a binary target of '0', '1', '00' and '01' had a
 * categorical 'prediction' (so 'drift prediction ks' was an error) where the runner's is a number.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeTarget } from '../../../server/backend/pipeline/target.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';
import { tableOf } from '../../agreement/engine.js';

const pipeline = (kind: string) => `pipeline p

data events {
  source = "events.csv"
  target = y
}

split {
  test = 0.5
  seed = 1
}

feature f0 = fill_missing(events.x, 0)

model m {
  kind   = ${kind}
  inputs = [f0]
  seed   = 1
}
`;

function csv(y: string[]): string {
  return ['x,y', ...y.map((v, i) => `${i},${v}`)].join('\n') + '\n';
}

function errors(kind: string, data: string): string[] {
  return analyze(pipeline(kind), memoryHost({ 'events.csv': data }))
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

const classes = (data: string) => encodeTarget(tableOf('events', data, 'events.csv').columns.find((c) => c.name === 'y')!, 'events.csv');

describe('a target whose cells spell one number in several ways', () => {
  it("'1' and '01' are one class: an error in the check, as in the run", () => {
    const data = csv(['1', '01', '1', '01', '1', '01']);
    assert.throws(() => classes(data), /has 1 distinct value: a classifier needs at least two classes/);
    assert.deepEqual(errors('logistic', data), ["target 'y' has 1 distinct value: a classifier needs at least two classes"]);
  });

  it("a binary model's prediction is a probability (a number) whatever the spelling of its classes", () => {
    // '0', '1', '01' and '00' were four classes to the checker, so 'prediction' was categorical
    // and 'ks' of it an error; the runner trains a binary model, whose prediction is a number.
    const data = csv(['0', '1', '01', '00', '1', '0', '01', '1']);
    assert.equal(classes(data).task, 'binary');
    const served = `${pipeline('logistic')}\nregister r {\n  from = m\n}\n\nserve {\n  model = r\n}\n\nmonitor {\n  drift prediction ks > 0.2\n  on_drift = alert\n}\n`;
    const found = analyze(served, memoryHost({ 'events.csv': data })).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(found.map((d) => d.message), []);
  });

  it('0 and 1 in eleven spellings are two classes (a binary classifier), not a regression', () => {
    const spellings = ['0', '1', '00', '01', '000', '001', '0000', '0001', '00000', '00001', '000000'];
    const data = csv([...spellings, ...spellings]);
    assert.equal(classes(data).task, 'binary');
    assert.deepEqual(errors('logistic', data), []);
  });
});
