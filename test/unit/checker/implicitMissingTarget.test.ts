/**
 * `skew/implicit-missing` counts a column's missing values among the rows the run trains on. A
 * row without a target is left out before any feature reads it (the blank rows Excel leaves at a
 * sheet's end), so its empty cells reach neither training nor serving: counted, they told users
 * to wrap every column in fill_missing although each trained row had a value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { basePipeline, customersCsv, memoryHost, ORDERS } from './fixture.js';

const said = (customers: string) =>
  analyze(basePipeline(customers, ORDERS), memoryHost({ 'customers.csv': customers, 'orders.csv': ORDERS }, ['package-lock.json']))
    .diagnostics.filter((d) => d.code === 'skew/implicit-missing')
    .map((d) => d.message);

test('blank rows at the end of a sheet (every cell empty, the target too) add no implicit-missing warning', () => {
  const plain = customersCsv();
  const blank = plain + ',,,,,\n,,,,,\n';
  assert.deepEqual(said(blank), said(plain));
});

test("a column missing only where the target is missing is quiet; missing where it is present, it is reported with that count and share", () => {
  // Rows 0-2: no target and no plan; rows 10 and 20: a target and no plan.
  const onlyUntrained = customersCsv((row, i) => {
    if (i < 3) (row[3] = ''), (row[5] = '');
  });
  assert.deepEqual(said(onlyUntrained).filter((m) => m.startsWith("'customers.plan'")), []);
  const both = customersCsv((row, i) => {
    if (i < 3) (row[3] = ''), (row[5] = '');
    if (i === 10 || i === 20) row[3] = '';
  });
  const plan = said(both).filter((m) => m.startsWith("'customers.plan'"));
  assert.equal(plan.length, 1, said(both).join('\n'));
  // 2 of the 57 rows with a target.
  assert.match(plan[0], /^'customers\.plan' has 2 missing values \(3\.5% of rows\), and /);
});
