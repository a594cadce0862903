/**
 * A sampled file's numeric column (or one with no value in the sample) may hold text past the
 * sample: the engine, which reads every row, then reads it as text. Errors that need the column
 * to be numbers (a string fill, 'one_hot' of no value, a serve default of text)
 * were reported from the sample, and since 'mlpipe run' checks with the same sample limit, a run
 * the engine could train was refused (a postal code column of digits, then 'K1A 0B1'). A text
 * column's type is certain from a sample, so its errors stay.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type CheckHost, type Diagnostic } from '../../../server/mlpipe/index.js';
import { basePipeline, customersCsv, edit, memoryHost, ORDERS } from './fixture.js';

const PLAN_COLUMN = 3;

function check(text: string, customers: string, sampled: boolean): Diagnostic[] {
  const host = memoryHost({ 'customers.csv': customers, 'orders.csv': ORDERS }, ['package-lock.json']);
  const read = host.data!;
  const seen: CheckHost = sampled
    ? {
        ...host,
        data: (source) => {
          const info = read(source);
          return info && { ...info, sampled: true };
        },
      }
    : host;
  return analyze(text, seen).diagnostics.filter((d) => d.severity === 'error');
}

function pipeline(customers: string, plan: string, serveDefaults = ''): string {
  let text = edit(basePipeline(customers), 'feature plan    = one_hot(customers.plan)', `feature plan    = ${plan}`);
  if (serveDefaults) text = edit(text, 'model = churn_model@production\n', `model = churn_model@production\n  defaults {\n    ${serveDefaults}\n  }\n`);
  return text;
}

const digits = customersCsv((row, i) => (row[PLAN_COLUMN] = String(10000 + (i % 7))));
const empty = customersCsv((row) => (row[PLAN_COLUMN] = ''));
const fractions = customersCsv((row, i) => (row[PLAN_COLUMN] = `${i % 7}.5`));

describe('a numeric column of a sampled file', () => {
  it("takes a string fill: quiet when sampled, 'type-mismatch' when the file was read whole", () => {
    const text = pipeline(digits, 'one_hot(fill_missing(customers.plan, "none"))');
    assert.deepEqual(check(text, digits, true), []);
    const whole = check(text, digits, false);
    assert.deepEqual(
      whole.map((d) => [d.code, d.message]),
      [['type-mismatch', "'customers.plan' is numeric, so 'fill_missing' needs a number, not a string"]],
    );
  });

  it("with no value in the sample: 'one_hot' of it and a string fill of it are quiet when sampled", () => {
    for (const plan of ['one_hot(customers.plan)', 'one_hot(fill_missing(customers.plan, "none"))']) {
      const text = pipeline(empty, plan);
      assert.deepEqual(check(text, empty, true), [], plan);
      assert.deepEqual(
        check(text, empty, false).map((d) => d.code),
        ['type-mismatch'],
        plan,
      );
    }
  });

  it("of fractions: 'one_hot' of it is still 'type-mismatch' when sampled (the fractions are in the file)", () => {
    const text = pipeline(fractions, 'one_hot(customers.plan)');
    for (const sampled of [true, false]) assert.deepEqual(check(text, fractions, sampled).map((d) => d.code), ['type-mismatch'], String(sampled));
  });

  it("takes a serve default of text: quiet when sampled, 'invalid-value' when read whole", () => {
    const text = pipeline(digits, 'one_hot(customers.plan)', 'plan = "none"');
    assert.deepEqual(check(text, digits, true), []);
    assert.deepEqual(
      check(text, digits, false).map((d) => d.code),
      ['invalid-value'],
    );
  });
});

describe('a text column of a sampled file', () => {
  it("is text in the whole file too: a number fill is still 'type-mismatch'", () => {
    const text = pipeline(customersCsv(), 'one_hot(fill_missing(customers.plan, 0))');
    assert.deepEqual(
      check(text, customersCsv(), true).map((d) => d.code),
      ['type-mismatch'],
    );
  });
});
