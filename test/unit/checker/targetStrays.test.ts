/**
 * A regression target made text by one stray cell ('inf' among prices) was told to 'set task =
 * classification', which would learn every price as a class; it now names the cell, as
 * type-mismatch does for a feature's column. A target of labels keeps the classification advice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';
import { HOUSES_PIPELINE, housesCsv } from './targetPipelines.js';

function errorsOf(price: (i: number) => string) {
  return analyze(HOUSES_PIPELINE, memoryHost({ 'houses.csv': housesCsv(price) })).diagnostics.filter((d) => d.severity === 'error');
}

describe('a regression target that is text', () => {
  it('names the stray cell when the column otherwise holds numbers', () => {
    const errors = errorsOf((i) => (i === 3 ? 'inf' : (1000.5 * i).toString()));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(
      errors[0].message,
      "target 'price' is text: 'inf' in data row 4 is its one cell that is not a number: an infinity, which no feature can use; write infinities as missing values (empty, NA or null; in pandas df.replace([np.inf, -np.inf], np.nan) before to_csv or to_parquet) or fix what computed them",
    );
  });

  it('names another stray cell as a missing value or a typo', () => {
    const errors = errorsOf((i) => (i === 3 ? 'n/a' : (1000.5 * i).toString()));
    assert.equal(errors[0]?.message, "target 'price' is text: 'n/a' in data row 4 is its one cell that is not a number; write a missing value as empty, NA or null, or fix the cell");
  });

  it('of labels some of which are digits, says to classify as the engine does, not to fix each text cell', () => {
    const errors = errorsOf((i) => ['ünï', 'a;b', '007', '7', ' x'][i % 5]!);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].message, "target 'price' is text, so model 'm' cannot learn a regression: set 'task = classification' in model 'm'");
  });

  it('of prices written with thousands separators names the first and its plain number, and offers no task to set', () => {
    // A spreadsheet's export: told "set 'task = classification'", with a quick fix that wrote it,
    // so every price became a class.
    const errors = errorsOf((i) => (i < 5 ? `${100 * i}.50` : `"$${i},${String(i).padStart(3, '0')}.50"`));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(
      errors[0].message,
      "target 'price' is text: '$5,005.50' in data row 6 is the first of its 15 cells holding a number formatted for people (a thousands separator, a decimal comma, a currency, percent or plus sign): write plain numbers, '5005.50' (pandas: read_csv(thousands=',') or read_csv(decimal=',', thousands='.') reads such a file)",
    );
    assert.equal(errors[0].data, undefined);
  });

  it('of a feature column written with decimal commas says so, not to encode it as categories', () => {
    const lines = ['id,sqft,price'];
    for (let i = 0; i < 20; i++) lines.push(`${i},"${50 + i},5",${1000 * i}`);
    const errors = analyze(HOUSES_PIPELINE, memoryHost({ 'houses.csv': lines.join('\n') + '\n' })).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'type-mismatch');
    assert.match(errors[0].message, /^'standardize' needs numbers, but 'houses\.sqft' is text: '50,5' in data row 1 is the first of its 20 cells holding a number formatted for people .*: write plain numbers, '50\.5' /);
  });

  it("of numbers written with ', ' between fields names the padded cell, and offers no task to set", () => {
    // 'id, sqft, price' rows: every field after the first keeps its space, so the target was
    // text and told to classify (with the fix that wrote it), each value a class ' 1000'.
    const errors = errorsOf((i) => ` ${1000 * i}`);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(
      errors[0].message,
      "target 'price' is text: ' 0' in data row 1 is the first of its 20 cells holding a number with spaces around it (a CSV written with ', ' between fields has them): write plain numbers, '0' (pandas reads such a file with read_csv(skipinitialspace=True))",
    );
    assert.equal(errors[0].data, undefined);
  });

  it('of labels, still says to classify', () => {
    const errors = errorsOf((i) => ['cheap', 'dear'][i % 2]);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].message, "target 'price' is text, so model 'm' cannot learn a regression: set 'task = classification' in model 'm'");
  });
});

describe('a 0/1 target with one stray cell', () => {
  // A binary target with a typo ('yes') is text, so the task was inferred as regression: the
  // error said the model "cannot learn a regression" and every classification gate was a second
  // and third error ("'auc' is a classification metric, but this pipeline's task is regression").
  // Which task the file means is unknown until the cell is fixed: one error, naming it.
  const binary = `pipeline machines

data m {
  source = "m.csv"
  target = failed
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature size = standardize(m.load)

model clf {
  kind   = logistic
  inputs = [size]
  seed   = 1
}

evaluate {
  require auc >= 0.7
  require f1  >= 0.2
}
`;
  it('is one error at the target, naming the cell, and no metric is said to be of the other task', () => {
    const lines = ['id,load,failed'];
    for (let i = 0; i < 20; i++) lines.push(`${i},${i * 3},${i === 6 ? 'yes' : i % 2}`);
    const errors = analyze(binary, memoryHost({ 'm.csv': lines.join('\n') + '\n' })).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].message, "target 'failed' is text: 'yes' in data row 7 is its one cell that is not a number; write a missing value as empty, NA or null, or fix the cell");
  });
});

describe('a target of text labels without a task', () => {
  // Labels ('billing', 'Tech Support') infer regression by the spec's rule, which the engine
  // refuses for text: the target's error says to set 'task', and every classification gate was
  // a second error telling the file its task is regression.
  const routing = `pipeline routing

data t {
  source = "t.csv"
  target = queue
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature wait = standardize(t.wait)

model router {
  kind   = mlp
  inputs = [wait]
  seed   = 1
}

evaluate {
  require accuracy >= 0.6
  require log_loss <= 1.2
}
`;
  it('is one error at the target, and no metric is said to be of the other task', () => {
    const lines = ['id,wait,queue'];
    for (let i = 0; i < 20; i++) lines.push(`${i},${i * 3},${['billing', 'Tech Support', 'accounts-payable'][i % 3]}`);
    const errors = analyze(routing, memoryHost({ 't.csv': lines.join('\n') + '\n' })).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].message, "target 'queue' is text, so model 'router' cannot learn a regression: set 'task = classification' in model 'router'");
  });
});

describe("a text target holding a spreadsheet's error value", () => {
  // Excel's '#N/A' (a failed lookup) among 'yes'/'no' was learned as a third class: the binary
  // model became multiclass, with a clean check.
  const churn = `pipeline churn

data c {
  source = "c.csv"
  target = churned
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature spend = standardize(c.spend)

model clf {
  kind   = logistic
  task   = classification
  inputs = [spend]
  seed   = 1
}
`;
  const errorsOf = (label: (i: number) => string) => {
    const lines = ['id,spend,churned'];
    for (let i = 0; i < 40; i++) lines.push(`${i},${i * 3},${label(i)}`);
    return analyze(churn, memoryHost({ 'c.csv': lines.join('\n') + '\n' })).diagnostics.filter((d) => d.severity === 'error');
  };

  it('is an error at the target naming the value, its count and first row', () => {
    const errors = errorsOf((i) => (i === 7 || i === 30 ? '#N/A' : ['no', 'yes'][i % 2]!));
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(
      errors[0].message,
      "target 'churned' holds '#N/A', a spreadsheet's error value, in 2 rows (first: data row 8), which would be learned as a class of its own: write those cells empty (missing), so the run leaves those rows out, or fix what computed them",
    );
    assert.match(errorsOf((i) => (i === 3 ? '#DIV/0!' : ['no', 'yes'][i % 2]!))[0]?.message ?? '', /holds '#DIV\/0!', a spreadsheet's error value, in 1 row \(first: data row 4\)/);
  });

  it('leaves labels that merely start with # alone', () => {
    assert.deepEqual(errorsOf((i) => ['#1', '#2'][i % 2]!), []);
  });
});
