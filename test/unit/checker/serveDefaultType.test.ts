import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveDefaultProblem } from '../../../server/mlpipe/features/row.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { basePipeline, checkText, customersCsv, edit, memoryHost, ORDERS } from './fixture.js';

const withDefaults = (lines: string) => edit(basePipeline(), 'serve {\n  model = churn_model@production\n}', `serve {\n  model = churn_model@production\n  defaults {\n${lines}\n  }\n}`);
const invalid = (text: string) => checkText(text).filter((d) => d.code === 'invalid-value' && d.message.startsWith('serve default'));

test('a serve default its column cannot take is invalid-value on the value, in serving\'s words', () => {
  const text = withDefaults('    tenure_days = "long"\n    support_tickets = true');
  const ds = invalid(text);
  assert.deepEqual(
    ds.map((d) => [text.slice(d.start, d.end), d.message]),
    [
      ['"long"', `serve default for 'tenure_days': field 'tenure_days' must be a number, not the text "long"`],
      ['true', `serve default for 'support_tickets': field 'support_tickets' must be a number, not true`],
    ],
  );
  // The same words as serving refuses with (one function for both).
  assert.equal(ds[0].message, serveDefaultProblem('tenure_days', 'long', true));
  // 'tenure_days' has a fill_missing(…, 0) in training: the type error silences the mismatch on the same value.
  assert.ok(!checkText(text).some((d) => d.code === 'skew/missing-default-mismatch' && text.slice(d.start, d.end) === '"long"'));
});

test('defaults of the right type, numbers as text for numbers, any value for text, and unknown columns are not its business', () => {
  for (const lines of ['    tenure_days = 0', '    tenure_days = "0"', '    plan = "basic"', '    plan = 3', '    plan = true'])
    assert.deepEqual(invalid(withDefaults(lines)), [], lines);
  // An unknown column is unknown-reference, not this.
  assert.deepEqual(invalid(withDefaults('    nosuch = "x"')), []);
});

test("a serve default is compared with training's fill as serving reads it for the column: 0 is the text '0' in a text column", () => {
  const mismatch = (text: string) => checkText(text).filter((d) => d.code === 'skew/missing-default-mismatch');
  const textFill = edit(basePipeline(), 'feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(fill_missing(customers.plan, "0"))');
  assert.deepEqual(mismatch(withDefaultsIn(textFill, '    plan = 0')), [], 'text column: 0 and "0" are one value');
  assert.equal(mismatch(withDefaultsIn(textFill, '    plan = 1')).length, 1, 'text column: 1 is not "0"');
  // tenure_days (numbers) is filled with 0 in training.
  assert.deepEqual(mismatch(withDefaults('    tenure_days = "0"')), [], 'number column: "0" reads as 0');
  assert.equal(mismatch(withDefaults('    tenure_days = 5')).length, 1);
});

function withDefaultsIn(text: string, lines: string): string {
  return edit(text, 'serve {\n  model = churn_model@production\n}', `serve {\n  model = churn_model@production\n  defaults {\n${lines}\n  }\n}`);
}

test("a serve default for a column the served features read as a time (an 'as_of') must be a time, in serving's words", () => {
  const text = withDefaults('    snapshot_at = "soon"');
  const ds = invalid(text);
  const expected = `serve default for 'snapshot_at': field 'snapshot_at': 'soon' is not a time: expected epoch seconds or milliseconds, an ISO 8601 date (2025-03-01) or date-time (2025-03-01T12:00:00Z)`;
  assert.deepEqual(
    ds.map((d) => [text.slice(d.start, d.end), d.message]),
    [['"soon"', expected]],
  );
  assert.equal(serveDefaultProblem('snapshot_at', 'soon', false, true), expected);
  assert.equal(invalid(withDefaults('    snapshot_at = true')).length, 1, 'true is no time either');
});

test('time defaults that parse, missing text, and a column read as a time only by a feature the served model does not read are quiet', () => {
  for (const lines of ['    snapshot_at = "2025-06-01"', '    snapshot_at = "2025-06-01T12:00:00Z"', '    snapshot_at = 1748736000', '    snapshot_at = ""'])
    assert.deepEqual(invalid(withDefaults(lines)), [], lines);
  // 'plan' is read as an as_of only by a feature no model reads: serving never parses it as a time.
  const unread = edit(withDefaults('    plan = "basic"'), 'feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(customers.plan)\nfeature odd     = fill_missing(window_count(orders.order_value, 30d, as_of = customers.plan), 0)');
  assert.deepEqual(invalid(unread), []);
});

test('a boolean default for text the served one_hot learned as True/False is invalid-value, in serving\'s words', () => {
  // Serving refuses it at start (features/row.ts): read as 'true' it is a category never seen.
  const csv = customersCsv((row, i) => (row[3] = i % 2 ? 'True' : 'False'));
  const text = edit(basePipeline(csv), 'serve {\n  model = churn_model@production\n}', 'serve {\n  model = churn_model@production\n  defaults {\n    plan = true\n  }\n}');
  const ds = checkText(text, { 'customers.csv': csv, 'orders.csv': ORDERS }).filter((d) => d.code === 'invalid-value' && d.message.startsWith('serve default'));
  assert.deepEqual(
    ds.map((d) => d.message),
    [`serve default for 'plan': field 'plan' is text the model learned as "True": send that text (true reads as "true", a category it never saw)`],
  );
  // The text in another spelling too, in serving's words (it was only 'skew/unseen-category', an info).
  const asText = edit(text, 'plan = true', 'plan = "TRUE"');
  assert.deepEqual(
    checkText(asText, { 'customers.csv': csv, 'orders.csv': ORDERS })
      .filter((d) => (d.code === 'invalid-value' && d.message.startsWith('serve default')) || d.code === 'skew/unseen-category')
      .map((d) => [d.code, d.message]),
    [['invalid-value', `serve default for 'plan': field 'plan' is text the model learned as "True": send that text ("TRUE" is another spelling, a category it never saw)`]],
  );
  const learned = edit(text, 'plan = true', 'plan = "True"');
  assert.deepEqual(checkText(learned, { 'customers.csv': csv, 'orders.csv': ORDERS }).filter((d) => d.severity === 'error'), []);
});

test('a serve default that is a missing value, for a field a served feature reads with no fill_missing, is invalid-value: it fills nothing', () => {
  // 'plan' is read by one_hot(customers.plan) alone: a request without it is refused, default or not.
  for (const written of ['"NA"', '""', '"null"', '"nan"']) {
    const text = withDefaults(`    plan = ${written}`);
    const ds = invalid(text);
    const value = JSON.parse(written) as string;
    const expected = `serve default for 'plan': ${JSON.stringify(value)} is a missing value, so it fills nothing: requests without 'plan' are refused (read by 'plan' with no fill_missing); give a value, or drop this default`;
    assert.deepEqual(
      ds.map((d) => [text.slice(d.start, d.end), d.message]),
      [[written, expected]],
      written,
    );
    // The words serving refuses to start with (one function for both).
    assert.equal(serveDefaultProblem('plan', value, false, false, ['plan']), expected);
    // Without data too: missing text is missing in every column type.
    assert.deepEqual(
      analyze(text, memoryHost({}, ['package-lock.json'])).diagnostics.filter((d) => d.code === 'invalid-value' && d.message.startsWith('serve default')).map((d) => d.message),
      [expected],
    );
  }
});

test("a missing-value serve default for a field a fill_missing covers is quiet, and no mismatch with training's fill: the request gets that fill", () => {
  // tenure_days is filled with 0 in training; snapshot_at is read only inside fill_missing(window_mean(…)).
  for (const lines of ['    tenure_days = "NA"', '    tenure_days = ""', '    snapshot_at = "NULL"']) {
    const ds = checkText(withDefaults(lines));
    assert.deepEqual(
      ds.filter((d) => d.message.includes('serve') || d.code === 'skew/missing-default-mismatch').map((d) => [d.code, d.message]),
      [],
      lines,
    );
  }
  // A column no served feature reads: the default fills nothing, as any default for it (accepted by serving too).
  assert.deepEqual(invalid(withDefaults('    support_tickets = "NA"')), []);
  assert.equal(serveDefaultProblem('tenure_days', 'NA', true, false, []), undefined);
});

test('a missing-value default is judged on the served model: a second model reading the field bare does not make it an error', () => {
  const other = edit(withDefaults('    tenure_days = "NA"'), 'model m {', 'feature raw_tenure = standardize(tenure_days)\n\nmodel other {\n  kind   = linear\n  inputs = [raw_tenure]\n  seed   = 1\n}\n\nmodel m {');
  assert.deepEqual(invalid(other), []);
  // Served, the bare read leaves the field uncovered.
  const served = edit(other, 'register churn_model {\n  from = m', 'register churn_model {\n  from = other');
  assert.deepEqual(
    invalid(served).map((d) => d.message),
    [`serve default for 'tenure_days': "NA" is a missing value, so it fills nothing: requests without 'tenure_days' are refused (read by 'raw_tenure' with no fill_missing); give a value, or drop this default`],
  );
});

test('a serve default beyond the range of a double is invalid-value, with or without data: serving dropped it without a word', () => {
  // literalValue reads no number there, so serving's defaults lacked the entry and every request
  // without the field was refused as uncovered, while the check was clean.
  for (const [written, shown] of [['1e400', '1e400'], ['-1e400', '-1e400']]) {
    const text = withDefaults(`    tenure_days = ${written}`);
    const expected = `a serving default is a literal number or string, and '${shown}' is beyond the range of a double (about ±1.8e308)`;
    for (const ds of [checkText(text), analyze(text, memoryHost({}, ['package-lock.json'])).diagnostics])
      assert.deepEqual(
        ds.filter((d) => d.code === 'invalid-value').map((d) => [text.slice(d.start, d.end), d.message]),
        [[written, expected]],
        written,
      );
  }
  assert.deepEqual(checkText(withDefaults('    tenure_days = 1e308')).filter((d) => d.code === 'invalid-value'), [], 'within range');
});

test("a YYYYMMDD number as the serve default of an 'as_of' the data writes as ISO text is invalid-value: /predict refuses it (it read as 1970)", () => {
  const expected =
    "serve default for 'snapshot_at': field 'snapshot_at': 20250601 reads as epoch seconds (1970-08-23T09:10:01Z), not as the date 2025-06-01, and the model was trained on 'snapshot_at' written as ISO dates or date-times: send '2025-06-01'";
  for (const written of ['20250601', '"20250601"']) {
    const text = withDefaults(`    snapshot_at = ${written}`);
    assert.deepEqual(
      invalid(text).map((d) => [text.slice(d.start, d.end), d.message]),
      [[written, expected]],
      written,
    );
  }
  // Eight digits that are no date are epoch seconds, as ever.
  assert.deepEqual(invalid(withDefaults('    snapshot_at = 20251350')), []);
});

test('a number default for text the served one_hot learned written otherwise (07) is invalid-value, in serving\'s words', () => {
  // Serving refuses it at start (features/row.ts): read as '7' it is a category never seen.
  const csv = customersCsv((row, i) => (row[3] = i % 3 ? '07' : 'x'));
  const files = { 'customers.csv': csv, 'orders.csv': ORDERS };
  const text = edit(basePipeline(csv), 'serve {\n  model = churn_model@production\n}', 'serve {\n  model = churn_model@production\n  defaults {\n    plan = 7\n  }\n}');
  const errors = (t: string) => checkText(t, files).filter((d) => d.code === 'invalid-value' && d.message.startsWith('serve default')).map((d) => d.message);
  assert.deepEqual(errors(text), [`serve default for 'plan': field 'plan' is text the model learned as "07": send that text (7 reads as "7", a category it never saw)`]);
  assert.deepEqual(errors(edit(text, 'plan = 7', 'plan = "07"')), []);
});
