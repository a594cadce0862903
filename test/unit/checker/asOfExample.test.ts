// The examples in these messages are in the pipeline's own names, not the churn example's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';

const pipeline = (asOf: string, time = '\n  time = inspected_at') =>
  `pipeline p\ndata inspections {\n  source = "i.csv"\n  target = y\n  key = id${time}\n}\ndata readings {\n  source = "r.csv"\n  key = id\n  time = at\n}\nfeature f = window_mean(readings.t, 1d, as_of = ${asOf})\n`;

test("an 'as_of' that is no column names the primary table's time as the example", () => {
  for (const asOf of ['"inspected_at"', 'fail_model@3', '1d']) {
    const found = analyze(pipeline(asOf)).diagnostics.filter((d) => /'as_of' takes/.test(d.message));
    assert.deepEqual(found.map((d) => d.message), ["'as_of' takes a column of the primary table, e.g. 'as_of = inspections.inspected_at'"], asOf);
  }
  // No 'time' on the primary table: the example names the shape.
  const found = analyze(pipeline('"x"', '')).diagnostics.filter((d) => /'as_of' takes/.test(d.message));
  assert.deepEqual(found.map((d) => d.message), ["'as_of' takes a column of the primary table, e.g. 'as_of = inspections.TIME_COLUMN'"]);
});

test("'inputs' that is no list, and a served version that is no whole number, give examples in the pipeline's names", () => {
  const text = `${pipeline('inspections.inspected_at')}feature g = log1p(f)\nmodel m {\n  kind = mlp\n  inputs = f\n}\nserve {\n  model = fail_model@07\n}\n`;
  const messages = analyze(text).diagnostics.map((d) => d.message);
  assert.ok(messages.includes("'inputs' takes a list of feature names: write 'inputs = [f]'"), messages.join('\n'));
  assert.ok(messages.includes("a version is a positive whole number, e.g. 'fail_model@3'"), messages.join('\n'));
});
