/**
 * A `validation` share that rounds to no row (`validation = 0.001` over 40 rows) trained without
 * a validation loss and said nothing, in the check and the run alike. The checker's error and the
 * runner's refusal now come from one rounding (`validationRowCount`, the split's own), in the
 * same words, at every share around the boundary.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { runEngine, tableOf } from './engine.js';

const csv = 'id,x,y\n' + Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${i % 2}`).join('\n') + '\n';
const pipeline = (validation: string) =>
  `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test       = 0.25\n  validation = ${validation}\n  seed       = 3\n}\n\n` +
  'feature f0 = fill_missing(events.x, 0)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  epochs = 1\n  seed   = 1\n}\n';

function both(validation: string) {
  const text = pipeline(validation);
  const a = analyze(text, memoryHost({ 'events.csv': csv }));
  const engine = runEngine(a.binding, new Map([['events', tableOf('events', csv, 'events.csv')]]));
  return { text, errors: a.diagnostics.filter((d) => d.severity === 'error'), engine, refusal: engine.ok ? undefined : engine.error.message };
}

describe('a validation share that rounds to no row', () => {
  it('is an error at the share exactly when the runner refuses it, in the same words', () => {
    // round(v × 40) = 0 below 0.0125: 0.0124 deals none, 0.0125 one.
    for (const v of ['0.001', '0.0124', '1e-7']) {
      const { text, errors, refusal } = both(v);
      assert.equal(refusal, `'validation = ${Number(v)}' deals no row of the 40 in 'events.csv' (round(${Number(v)} × 40) = 0), so training would have no validation rows: use 'validation = 0.0125' or more, or remove 'validation'`, v);
      assert.deepEqual(errors.map((d) => [d.code, d.message, d.range.start.line]), [['invalid-value', refusal, text.split('\n').findIndex((l) => l.includes('validation ='))]], v);
    }
    for (const v of ['0.0125', '0.1']) {
      const { errors, engine } = both(v);
      assert.deepEqual(errors, [], v);
      assert.ok(engine.ok, v);
    }
  });
});
