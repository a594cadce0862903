/**
 * A renamed name ('amt_z' to 'amount_z', a column 'amount' to 'amount_usd') is too far from the
 * old one by characters for a typo, so unknown-reference suggested nothing; the words are the
 * same, abbreviated or with a unit added, and the checker now says which name it was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Suggester } from '../../../server/mlpipe/checker/suggest.js';
import { basePipeline, checkText, CUSTOMERS, edit, ORDERS } from './fixture.js';

describe('did you mean, for a renamed name', () => {
  it('an abbreviated word, a unit added or dropped: the one candidate with the same words', () => {
    const s = new Suggester(['id', 'amount_usd', 'amount_z', 'is_fraud']);
    assert.equal(s.suggest('amt_z'), 'amount_z');
    assert.equal(new Suggester(['id', 'amount_usd', 'is_fraud']).suggest('amount'), 'amount_usd');
    assert.equal(new Suggester(['amount', 'id']).suggest('amount_usd'), 'amount');
    // A typo is still the edit distance's, which `closest` alone answers.
    assert.equal(s.suggest('amount_zz'), 'amount_z');
    assert.equal(s.closest('amt_z'), undefined);
  });

  it('nothing when two candidates fit, the name is short, or the words are not the same', () => {
    assert.equal(new Suggester(['amount_usd', 'amount_eur']).suggest('amount'), undefined);
    assert.equal(new Suggester(['ab_cd']).suggest('ab'), undefined);
    // 'a' is too little of 'apple', and 'reg' is no qualifier of a one-letter 'm'.
    assert.equal(new Suggester(['apple_banana']).suggest('a_b_c'), undefined);
    assert.equal(new Suggester(['apple_b']).suggest('a_b'), undefined);
    assert.equal(new Suggester(['m']).suggest('m_reg'), undefined);
    assert.equal(new Suggester(['amount_in_usd']).suggest('amount'), undefined);
    assert.equal(new Suggester(['tenure_days']).suggest('spend_z'), undefined);
    // Two words changed (abbreviated and extended) is no rename of one.
    assert.equal(new Suggester(['customer_id']).suggest('cust'), undefined);
    // A name that is a candidate is no rename of another.
    assert.equal(new Suggester(['amount', 'amount_usd']).renamed('amount'), 'amount_usd');
    assert.equal(new Suggester(['amt', 'amount']).renamed('amt'), 'amount');
  });

  it('look thousands of renames up among thousands of names without comparing every pair', () => {
    const s = new Suggester(Array.from({ length: 20000 }, (_, i) => `h${i}`));
    const t = performance.now();
    for (let i = 1000; i < 6000; i++) assert.equal(s.suggest(`h${i}_typo`), `h${i}`);
    // 100M pairs compared take minutes; looked up by their words, well under a second.
    assert.ok(performance.now() - t < 5000, `took ${performance.now() - t} ms`);
  });

  it('a column renamed in the data and a feature renamed in the file are suggested by the checker', { timeout: 30_000 }, () => {
    const orders = ORDERS.replace('order_value', 'order_value_usd');
    const text = edit(basePipeline(CUSTOMERS, orders), 'feature tenure  = fill_missing', 'feature tenure_filled = fill_missing');
    const found = checkText(text, { 'customers.csv': CUSTOMERS, 'orders.csv': orders }).filter((d) => d.code === 'unknown-reference');
    const column = found.find((d) => d.message.includes("no column 'order_value'"));
    assert.match(column?.message ?? '', /Did you mean 'order_value_usd'\?$/, JSON.stringify(found));
    assert.deepEqual(column?.data, { fix: 'did-you-mean', name: 'order_value_usd' });
    const feature = found.find((d) => d.message.startsWith("no feature is called 'tenure'"));
    assert.match(feature?.message ?? '', /Did you mean 'tenure_filled'\?$/, JSON.stringify(found));
  });
});
