import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strayCells, straysText } from '../../../server/mlpipe/data/strays.js';
import { fitPlan } from '../../../server/mlpipe/features/index.js';
import { planOf, table } from './helpers.js';

test('strayCells: the non-number cells of a column that holds numbers, the first by data row', () => {
  assert.deepEqual(strayCells(['1', null, 'N/A', '2.5', '?']), { count: 2, first: 'N/A', row: 3 });
  assert.equal(strayCells(['a', 'b', null]), undefined, 'a column of text has no strays');
  assert.equal(strayCells(['1', '2']), undefined);
  assert.equal(strayCells(['a', '7', 'b', null]), undefined, 'mostly text is text, not numbers with strays');
  assert.equal(straysText({ count: 1, first: 'x'.repeat(50), row: 9 }), `: '${'x'.repeat(40)}…' in data row 9 is its one cell that is not a number; write a missing value as empty, NA or null, or fix the cell`);
});

test('strayCells: numbers formatted for people are the strays of their column, however few cells are plain', () => {
  // A spreadsheet's price column: every cell over 999 has a separator, so most cells are text.
  assert.deepEqual(strayCells(['950.00', '1,250.00', null, '12,000.50', '3,400.00']), { count: 3, first: '1,250.00', row: 2, plain: '1250.00' });
  assert.deepEqual(strayCells(['1.234,5', '7,25']), { count: 2, first: '1.234,5', row: 1, plain: '1234.5' });
  // A stray word beside them is named once the formatting is fixed; the formatting comes first.
  assert.deepEqual(strayCells(['n/a', '1,250', '2,500', '3,750']), { count: 3, first: '1,250', row: 2, plain: '1250' });
  // Labels that happen to hold one are still text.
  assert.equal(strayCells(['red', 'green', 'blue', '1,5']), undefined);
  assert.match(
    straysText({ count: 3, first: '1,250.00', row: 2, plain: '1250.00' }),
    /^: '1,250\.00' in data row 2 is the first of its 3 cells holding a number formatted for people \(a thousands separator, a decimal comma, a currency, percent or plus sign\): write plain numbers, '1250\.00' \(pandas: read_csv\(thousands=','\)/,
  );
});

test('the engine refusing a column of dates as numbers says they are dates, as the checker does', () => {
  const plan = planOf('feature t = standardize(customers.sold)', ['t']);
  const data = { tables: new Map([['customers', table('customers', { customer_id: [1, 2], sold: ['2025-03-01', '2025-03-02T10:00:00Z'] })]]) };
  assert.throws(() => fitPlan(plan, data, null), /standardize needs numbers, and customers\.sold is text: its cells are dates or times \('2025-03-01' in data row 1\)/);
});

test('the engine refusing a text column names its stray cell, as the checker does', () => {
  const plan = planOf('feature t = standardize(customers.tenure)\nfeature d = customers.tenure * 2', ['t']);
  const tenure = Array.from({ length: 10 }, (_, i) => (i === 6 ? 'abc' : String(i)));
  const data = { tables: new Map([['customers', table('customers', { customer_id: tenure.map((_, i) => i), tenure })]]) };
  assert.throws(() => fitPlan(plan, data, null), /standardize needs numbers, and customers\.tenure is text: 'abc' in data row 7 is its one cell that is not a number/);
  const arithmetic = planOf('feature d = customers.tenure * 2', ['d']);
  assert.throws(() => fitPlan(arithmetic, data, null), /'\*' needs numbers, and customers\.tenure is text: 'abc' in data row 7/);
  // A column of text is text, with nothing to point at.
  const words = { tables: new Map([['customers', table('customers', { customer_id: [1, 2], tenure: ['long', 'short'] })]]) };
  assert.throws(() => fitPlan(plan, words, null), (e: Error) => /is text$/.test(e.message));
});

test("a numeric window of a history column that is text names the file and its stray cell, or says 'window_count'", async () => {
  const { buildHistoryIndex } = await import('../../../server/mlpipe/features/index.js');
  const plan = planOf('feature w = window_mean(orders.order_value, 30d, as_of = customers.snapshot_at)', ['w']);
  const customers = table('customers', { customer_id: [1, 2], snapshot_at: ['2025-02-01', '2025-02-01'] });
  const history = (values: Array<string | null>) => ({
    tables: new Map([
      ['customers', customers],
      ['orders', table('orders', { customer_id: [1, 2, 1], ordered_at: ['2025-01-10', '2025-01-11', '2025-01-12'], order_value: values })],
    ]),
  });
  // Serving and scoring read the history file as it is now (it may have changed since the check).
  assert.throws(
    () => buildHistoryIndex(plan, history(['12.5', 'abc', '3'])),
    /^PlanError: window_mean needs numbers, and orders\.order_value of orders\.csv is text: 'abc' in data row 2 is its one cell that is not a number/,
  );
  assert.throws(() => buildHistoryIndex(plan, history(['big', 'small', null])), /orders\.order_value of orders\.csv is text: 'window_count' is the window that reads text/);
});
