/**
 * Issue 7's known disagreements between the checker and the engine, each pinned: the two sides
 * now say the same thing about the same file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/mlpipe/index.js';
import { basePipeline, customersCsv, edit, memoryHost, ORDERS } from '../unit/checker/fixture.js';
import { runEngine, tableOf } from './engine.js';

const TIME_SPLIT = 'split {\n  test  = 0.2\n  order = time\n}';

function both(customers: string) {
  const text = edit(basePipeline(customers), 'split {\n  test = 0.2\n  seed = 42\n  by   = customer_id\n}', TIME_SPLIT);
  const a = analyze(text, memoryHost({ 'customers.csv': customers, 'orders.csv': ORDERS }, ['package-lock.json']));
  const tables = new Map([
    ['customers', tableOf('customers', customers, 'customers.csv')],
    ['orders', tableOf('orders', ORDERS, 'orders.csv')],
  ]);
  return { text, diagnostics: a.diagnostics, engine: runEngine(a.binding, tables) };
}

describe("a time-ordered split over time text that does not parse", () => {
  it("is refused by the engine and reported by the checker at 'order', naming the row", () => {
    const bad = customersCsv((row, i) => {
      if (i === 37) row[1] = '2025-13-45';
    });
    const { text, diagnostics, engine } = both(bad);
    assert.equal(engine.ok, false, 'the engine refuses');
    assert.match(!engine.ok ? engine.error.message : '', /2025-13-45/);
    const found = diagnostics.filter((d) => d.code === 'invalid-value' && d.severity === 'error');
    assert.equal(found.length, 1, JSON.stringify(diagnostics));
    const orderLine = text.split('\n').findIndex((l) => l.includes('order = time'));
    assert.equal(found[0].range.start.line, orderLine);
    assert.match(found[0].message, /data row 38: '2025-13-45' is not a time/);
  });

  it('its near miss (every cell a time, some missing) is clean of it and runs', () => {
    const good = customersCsv((row, i) => {
      if (i === 37) row[1] = '';
    });
    const { diagnostics, engine } = both(good);
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.deepEqual(diagnostics.filter((d) => d.code === 'invalid-value'), []);
  });
});
