/**
 * A regression target cell beyond float32's range ('1e39') is an infinity to the trainer, which
 * refused it by its index in the training matrix ('y: row 4: Infinity is not a finite number',
 * exit 1) after a clean check. The checker and the runner now refuse it alike, naming the row.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { runEngine, tableOf } from '../../agreement/engine.js';
import { memoryHost } from './fixture.js';
import { HOUSES_PIPELINE, housesCsv } from './targetPipelines.js';

function both(csv: string) {
  const a = analyze(HOUSES_PIPELINE, memoryHost({ 'houses.csv': csv }));
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  const engine = runEngine(a.binding, new Map([['houses', tableOf('houses', csv, 'houses.csv')]]));
  return { errors, engine, text: (d: (typeof errors)[number]) => HOUSES_PIPELINE.slice(d.start, d.end) };
}

describe('a regression target beyond float32', () => {
  for (const [what, cell, printed] of [
    ['a cell beyond the range', '1e39', '1e+39'],
    ['a negative one', '-6e38', '-6e+38'],
  ] as const) {
    it(`${what} is 'invalid-value' at the target, in the runner's words`, () => {
      const { errors, engine, text } = both(housesCsv((i) => (i === 4 ? cell : String(1000 * i))));
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0].code, 'invalid-value');
      assert.equal(text(errors[0]), 'price');
      assert.ok(errors[0].message.startsWith(`target 'price' on row 5 of 'houses.csv' is ${printed}, beyond float32's range`), errors[0].message);
      assert.equal(engine.ok, false);
      assert.equal(!engine.ok && engine.error.message, errors[0].message);
    });
  }

  it("float32's largest values and a missing cell are clean and accepted", () => {
    const { errors, engine } = both(housesCsv((i) => (i === 4 ? '3.4e38' : i === 5 ? '' : String(-1000 * i))));
    assert.deepEqual(errors, []);
    assert.equal(engine.ok, true);
  });
});
