/**
 * A primary table with a header and no data rows (an export that found nothing), or whose every
 * target cell is missing, was told to 'use a smaller test or validation, or split by a column
 * with more groups' (no split can help), and every classification gate was a second error ('auc'
 * is a classification metric, but this pipeline's task is regression: no value infers no task).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, customersCsv, ORDERS } from './fixture.js';

function errorsOf(customers: string): string[] {
  return checkText(basePipeline(customers, ORDERS), { 'customers.csv': customers, 'orders.csv': ORDERS })
    .filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

describe('a primary table with no target value', () => {
  it("is reported at the data block's 'target', not at 'split {'", { timeout: 30_000 }, () => {
    const header = customersCsv().split('\n')[0] + '\n';
    const text = basePipeline(header, ORDERS);
    const errors = checkText(text, { 'customers.csv': header, 'orders.csv': ORDERS }).filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(text.slice(errors[0].start, errors[0].end), 'churned');
    assert.equal(text.slice(0, errors[0].start).split('\n').at(-1), '  target  = ');
  });

  it('of no data rows is one error saying so', { timeout: 30_000 }, () => {
    const header = customersCsv().split('\n')[0] + '\n';
    assert.deepEqual(errorsOf(header), ["no row of 'customers.csv' has a value of the target 'churned' (0 data rows read): the run would have nothing to train or test on"]);
  });

  it('of rows whose every target is missing is one error saying so', { timeout: 30_000 }, () => {
    const csv = customersCsv((row) => {
      row[5] = '';
    });
    assert.deepEqual(errorsOf(csv), ["no row of 'customers.csv' has a value of the target 'churned' (60 data rows read): the run would have nothing to train or test on"]);
  });
});
