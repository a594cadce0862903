/**
 * An unknown bare name or table close to nothing says what there is, as an unknown
 * 'table.column' already did ("Its columns are …"): it said only "'nosuch' is neither a feature
 * nor a column of 'customers'." (the spec: a message says what is wrong and what to do).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const unknown = (text: string) => checkText(text).filter((d) => d.code === 'unknown-reference').map((d) => d.message);

describe('an unknown name close to nothing', () => {
  it('is quiet on the clean pipeline', { timeout: 30_000 }, () => {
    assert.deepEqual(unknown(basePipeline()), []);
  });

  it('bare: lists the primary table\'s columns and the features', { timeout: 30_000 }, () => {
    const [m] = unknown(edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(zzzzzz)'));
    assert.match(m!, /^'zzzzzz' is neither a feature nor a column of 'customers'\. Its columns are 'customer_id', 'snapshot_at', 'tenure_days', 'plan', 'support_tickets' and 'churned'\. The features are '[a-z_]+'(, '[a-z_]+')* and '[a-z_]+'\.$/);
  });

  it('as a table: lists the tables', { timeout: 30_000 }, () => {
    const [m] = unknown(edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(qqqqqq.plan)'));
    assert.equal(m, "no 'data' block is called 'qqqqqq'. The tables are 'customers' and 'orders'.");
  });

  it('a close name still gets "Did you mean" instead', { timeout: 30_000 }, () => {
    const [m] = unknown(edit(basePipeline(), 'one_hot(customers.plan)', 'one_hot(custmers.plan)'));
    assert.equal(m, "no 'data' block is called 'custmers'. Did you mean 'customers'?");
  });
});
