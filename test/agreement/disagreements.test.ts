/**
 * Issue 7's known disagreements between the checker and the engine, each pinned: the two sides
 * now say the same thing about the same file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/mlpipe/index.js';
import { basePipeline, customersCsv, edit, memoryHost, ORDERS } from '../unit/checker/fixture.js';
import { TRIAL_SEEDS } from '../../server/mlpipe/checker/engineSplit.js';
import { runEngine, tableOf } from './engine.js';
import { computeMetrics } from '../../server/mlpipe/metrics/compute.js';

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
    // Named as a window's time refusal names a cell: file, data row, column.
    assert.match(!engine.ok ? engine.error.message : '', /^customers\.csv, data row 38, column snapshot_at: '2025-13-45' is not a time/);
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
    // The time split's 12 most recent rows all hold class 0: the file's 'require auc' is never
    // computed, an error of its own (the one-class test split's, below), not the time column's.
    const auc = (d: { message: string }) => d.message.startsWith("'auc' would never be computed");
    assert.equal(engine.ok && new Set(engine.kept.sides.test.map((r) => engine.target.y[r])).size, 1);
    assert.equal(diagnostics.filter(auc).length, 1);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'invalid-value' && !auc(d)), []);
  });
});

describe('an unseeded random split that some seeds leave empty', () => {
  // Twelve rows, one target, grouped by a column with few groups: whether the test side gets a
  // row with a target depends on the seed the run draws. Two rows of class 1 in two groups ('a'
  // and the empty one): with a single one, every split that trains trained on class 0 alone,
  // which the runner now refuses, so no seed would split well.
  const csv =
    'id,at,num,cat,y\n0,2025-01-01,0,a,0\n1,2025-02-02,0,,1\n0,2025-03-03,0,,0\n1,2025-04-04,,日本,0\n0,2025-05-05,,a,1\n1,2025-06-06,0,,0\n' +
    '0,2025-07-07,0,,0\n1,2025-08-08,,,0\n0,2025-09-09,,"x y",0\n1,2025-01-10,0,,0\n0,2025-02-11,0,ünï,0\n1,2025-03-12,,7,0\n';
  const text = (split: string) =>
    `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n  time   = at\n}\n\n${split}\n\nfeature f0 = fill_missing(events.num, 0)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  epochs = 1\n  seed   = 1\n}\n`;
  const check = (split: string) => analyze(text(split), memoryHost({ 'events.csv': csv }));
  const engineWith = (split: string) => runEngine(check(split).binding, new Map([['events', tableOf('events', csv, 'events.csv')]]));

  it('is an error naming how many seeds fail, since the run can be refused', () => {
    const unseeded = 'split {\n  test = 0.2\n  validation = 0.5\n  by = cat\n}';
    const errors = check(unseeded).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.match(errors[0].message, /with \d+ of 9 seeds tried \(the run draws its own, so it can be refused\)/);
    // Seeds the checker tried: some leave the test side empty, and the engine refuses those.
    const outcomes = [42, 0, 1, 2, 3, 4, 5, 6, 7].map((seed) => engineWith(unseeded.replace('by = cat', `by = cat\n  seed = ${seed}`)).ok);
    assert.ok(outcomes.includes(false) && outcomes.includes(true), String(outcomes));
  });

  it("its 'add seed' fix writes a seed the engine can split with", () => {
    const unseeded = 'split {\n  test = 0.2\n  validation = 0.5\n  by = cat\n}';
    // The error carries the fix (the unseeded-split hint is then hidden behind it).
    const hint = check(unseeded).diagnostics.find((d) => d.code === 'invalid-value')!;
    const seed = hint.data?.fix === 'add-seed' ? hint.data.seed : undefined;
    assert.equal(typeof seed, 'number');
    const seeded = unseeded.replace('by = cat', `by = cat\n  seed = ${seed}`);
    assert.deepEqual(check(seeded).diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(engineWith(seeded).ok);
  });
});

describe('a model input missing on every training row', () => {
  const withTickets = (customers: string) =>
    edit(edit(basePipeline(customers), 'feature plan    = one_hot(customers.plan)', 'feature plan    = one_hot(customers.plan)\nfeature tickets = log1p(support_tickets)'), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, tickets]');
  const both = (customers: string) => {
    const text = withTickets(customers);
    const a = analyze(text, memoryHost({ 'customers.csv': customers, 'orders.csv': ORDERS }, ['package-lock.json']));
    const tables = new Map([
      ['customers', tableOf('customers', customers, 'customers.csv')],
      ['orders', tableOf('orders', ORDERS, 'orders.csv')],
    ]);
    return { text, diagnostics: a.diagnostics, engine: runEngine(a.binding, tables) };
  };

  it("is refused by the engine and an error at the model input, computed by the feature engine", () => {
    // log1p is undefined below -1: every row's 'tickets' is missing after the transform.
    const { text, diagnostics, engine } = both(customersCsv((row) => (row[4] = '-3')));
    assert.equal(engine.ok, false, 'the engine refuses');
    assert.match(!engine.ok ? engine.error.message : '', /every training row/);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(diagnostics));
    assert.equal(errors[0].code, 'invalid-value');
    assert.match(errors[0].message, /^'tickets' is missing on every training row of 'customers.csv' after every transform \(\d+ rows\): the run is refused/);
    const at = text.slice(errors[0].start, errors[0].end);
    assert.equal(at, 'tickets');
    assert.ok(text.slice(0, errors[0].start).endsWith('inputs = [tenure, spend_z, plan, '), 'at the model input');
  });

  it('its near miss (some rows keep a value) is clean of errors and runs', () => {
    const { diagnostics, engine } = both(customersCsv((row, i) => (row[4] = i % 3 === 0 ? '2' : '-3')));
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  });
});

describe("a model input beyond float32's range", () => {
  // Row 11's tenure (data row 11) holds the value under test; 'tenure' is fill_missing(tenure_days, 0).
  const withTenure = (value: string) => customersCsv((row, i) => (row[2] = i === 10 ? value : row[2]));
  const both = (customers: string, inputs = 'inputs = [tenure, spend_z, plan]') => {
    let text = edit(basePipeline(customers), 'inputs = [tenure, spend_z, plan]', inputs);
    if (!inputs.includes('spend_z')) text = edit(text, 'drift spend_z psi', 'drift tenure psi');
    const a = analyze(text, memoryHost({ 'customers.csv': customers, 'orders.csv': ORDERS }, ['package-lock.json']));
    const tables = new Map([
      ['customers', tableOf('customers', customers, 'customers.csv')],
      ['orders', tableOf('orders', ORDERS, 'orders.csv')],
    ]);
    return { text, diagnostics: a.diagnostics, engine: runEngine(a.binding, tables) };
  };
  const refused = (value: string, inputs?: string) => {
    const { text, diagnostics, engine } = both(withTenure(value), inputs);
    assert.equal(engine.ok, false, 'the engine refuses');
    assert.match(!engine.ok ? engine.error.message : '', /'tenure' on row 11 of 'customers.csv' is .*, beyond float32's range/);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(diagnostics));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(errors[0].message, !engine.ok ? engine.error.message : '', 'the same words as the engine');
    assert.equal(text.slice(errors[0].start, errors[0].end), 'tenure');
    assert.ok(/inputs = \[$/.test(text.slice(0, errors[0].start)), 'at the model input');
    return errors[0].message;
  };

  it("'1e300' is refused by the engine and an error at the model input naming the row and value", () => {
    assert.match(refused('1e300'), /is 1e\+300, beyond float32's range/);
  });

  it("'-1e39' is refused too, even when every input's last step fills missing values", () => {
    assert.match(refused('-1e39', 'inputs = [tenure]'), /is -1e\+39, beyond/);
  });

  it("'1e309' (beyond the doubles' range) names no number: the column is text, refused by both", () => {
    const { diagnostics, engine } = both(withTenure('1e309'), 'inputs = [tenure]');
    assert.equal(engine.ok, false, 'the engine refuses');
    assert.match(!engine.ok ? engine.error.message : '', /tenure_days needs a string/);
    // Not an infinity read as a number: the checker types the column as the loader does.
    const errors = diagnostics.filter((d) => d.severity === 'error');
    // One error, at the fill, naming the cell (the model input reading the fill is not a second).
    assert.deepEqual(errors.map((d) => d.code), ['type-mismatch']);
    assert.match(errors[0].message, /'tenure_days' is text: '1e309' in data row \d+ is its one cell that is not a number/);
  });

  it("its near miss ('3.4e38' fits float32) is clean of errors and runs", () => {
    const { diagnostics, engine } = both(withTenure('3.4e38'), 'inputs = [tenure]');
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  });

  it('a row the run leaves out (its target missing) does not count', () => {
    const customers = customersCsv((row, i) => {
      if (i === 10) {
        row[2] = '1e300';
        row[5] = '';
      }
    });
    const { diagnostics, engine } = both(customers, 'inputs = [tenure]');
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  });
});

describe('a model whose inputs are one-hot encodings with no category', () => {
  // Every training row misses 'num' under the time split (rows 9 and 10 are the test side), so
  // one_hot learns an empty vocabulary and the model would get no input column at all.
  const pipeline = (split: string, inputs = '[f0]') =>
    `pipeline p\n\ndata events {\n  source = "events.csv"\n  target = y\n  time   = at\n}\n\n${split}\n\nfeature f0 = one_hot(events.num)\nfeature f1 = fill_missing(events.num, 0)\nfeature f2 = clip(events.id, 0, 100)\n\nmodel m {\n  kind   = logistic\n  inputs = ${inputs}\n  seed   = 1\n}\n`;
  const timeSplit = 'split {\n  test  = 0.2\n  order = time\n}';
  const csv = (trainValue: (i: number) => string) =>
    'id,at,num,y\n' + Array.from({ length: 10 }, (_, i) => `${i},2025-01-${String(i + 1).padStart(2, '0')},${i >= 8 ? String(i) : trainValue(i)},${i % 2}`).join('\n') + '\n';
  const both = (text: string, data: string, seed?: number) => {
    const a = analyze(text, memoryHost({ 'events.csv': data }));
    const engine = runEngine(a.binding, new Map([['events', tableOf('events', data, 'events.csv')]]), seed);
    return { diagnostics: a.diagnostics, errors: a.diagnostics.filter((d) => d.severity === 'error'), engine };
  };

  it("is refused by the engine in one sentence, and the checker's error at 'inputs' has the same words", () => {
    const text = pipeline(timeSplit);
    const { errors, engine } = both(text, csv(() => ''));
    assert.equal(engine.ok, false, 'the engine refuses');
    const message = !engine.ok ? engine.error.message : '';
    assert.match(message, /^the model has no input column: its only input 'f0' is a one-hot encoding with no category/);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 'invalid-value');
    assert.equal(errors[0].message, message);
    assert.equal(text.slice(errors[0].start, errors[0].end), '[f0]');
  });

  it('its near misses are clean and run: one training row with a value, or another input beside it (one the pass computes, or one it need not)', () => {
    for (const [text, data] of [
      [pipeline(timeSplit), csv((i) => (i === 3 ? '5' : ''))],
      [pipeline(timeSplit, '[f0, f1]'), csv(() => '')],
      // 'f2' can be neither missing nor out of range, so the pass leaves it out of what it computes.
      [pipeline(timeSplit, '[f0, f2]'), csv(() => '')],
    ] as const) {
      const { errors, engine } = both(text, data);
      assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
      assert.deepEqual(errors, []);
    }
  });

  it('an unseeded split is judged on the trial seeds: an error names how many fail, and one of them fails in the engine', () => {
    // Ten rows, 'num' only on the last: a random half trains without it about half the time.
    const data = csv(() => '').replace(/\n8,(.*?),8,/, '\n8,$1,,');
    const { errors } = both(pipeline('split {\n  test = 0.5\n}'), data);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, /^the model has no input column: .* \(\d of 9 seeds tried: the run draws its own\)$/);
    const text = pipeline('split {\n  test = 0.5\n}');
    assert.ok(TRIAL_SEEDS.some((seed) => !both(text, data, seed).engine.ok), 'some trial seed is refused');
  });
});

describe("an 'auc' gate over a seeded split whose test rows hold one class", () => {
  // Groups g0, g2, g4 hold class 0 alone and g1, g3, g5 class 1 alone: a split by group can deal
  // the test side groups of one class, and AUC is then never computed (the gate fails every run).
  const csv = 'id,g,x,y\n' + Array.from({ length: 36 }, (_, i) => `${i},g${i % 6},${(i * 7) % 11},${i % 2}`).join('\n') + '\n';
  const text = (seed: number) =>
    `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test = 0.2\n  seed = ${seed}\n  by   = g\n}\n\n` +
    'feature f0 = fill_missing(events.x, 0)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  epochs = 1\n  seed   = 1\n}\n\nevaluate {\n  require auc >= 0.5\n}\n';
  const outcome = (seed: number) => {
    const a = analyze(text(seed), memoryHost({ 'events.csv': csv }));
    const engine = runEngine(a.binding, new Map([['events', tableOf('events', csv, 'events.csv')]]));
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    const classes = engine.ok ? new Set(engine.kept.sides.test.map((r) => engine.target.y[r])).size : 0;
    const said = a.diagnostics.filter((d) => d.code === 'invalid-value' && d.message.startsWith("'auc' would never be computed"));
    return { classes, said, text: text(seed) };
  };
  const seeds = Array.from({ length: 12 }, (_, s) => outcome(s));

  it("is an error at the gate's metric exactly when the runner's test rows hold one class", () => {
    assert.ok(seeds.some((o) => o.classes === 1) && seeds.some((o) => o.classes === 2), String(seeds.map((o) => o.classes)));
    for (const o of seeds) {
      assert.equal(o.said.length, o.classes === 1 ? 1 : 0, `${o.classes} test classes: ${JSON.stringify(o.said)}`);
      if (o.classes !== 1) continue;
      const d = o.said[0];
      assert.equal(d.severity, 'error');
      assert.equal(o.text.slice(d.start, d.end), 'auc');
      assert.match(d.message, /the split puts all \d+ test rows with a target in class "[01]" of 'y', and AUC needs two classes/);
    }
  });

  it("and 'require r2' over a seeded split with one test row is the same error, exactly when the runner tests one row", () => {
    const reg = 'id,x,y\n' + Array.from({ length: 12 }, (_, i) => `${i},${i * 1.5},${i * 3.1 + 0.2 * (i % 3)}`).join('\n') + '\n';
    const regText = (test: string) =>
      `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test = ${test}\n  seed = 3\n}\n\n` +
      'feature f0 = standardize(events.x)\n\nmodel m {\n  kind   = linear\n  inputs = [f0]\n  epochs = 1\n  seed   = 1\n}\n\nevaluate {\n  require r2 >= 0.5\n}\n';
    for (const test of ['0.1', '0.25']) {
      const a = analyze(regText(test), memoryHost({ 'events.csv': reg }));
      const engine = runEngine(a.binding, new Map([['events', tableOf('events', reg, 'events.csv')]]));
      assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
      const rows = engine.ok ? engine.kept.sides.test.length : 0;
      const said = a.diagnostics.filter((d) => d.code === 'invalid-value' && d.message.startsWith("'r2' would never be computed"));
      assert.equal(said.length, rows === 1 ? 1 : 0, `test = ${test}: ${rows} test rows, ${JSON.stringify(said)}`);
      if (test === '0.1') assert.equal(rows, 1);
      else assert.ok(rows > 1);
    }
  });
});

describe("a 'precision', 'recall' or 'f1' gate over a seeded split whose test rows hold only the negative class", () => {
  // 'yes' on one row in ten (the positive class: text labels in code-unit order, 'no' before
  // 'yes'): a small test side often holds none, and the three metrics of the positive class are
  // then 0 whatever the model predicts.
  const csv = 'id,x,y\n' + Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${i % 10 === 3 ? 'yes' : 'no'}`).join('\n') + '\n';
  const text = (seed: number, gates: string) =>
    `pipeline gen\n\ndata events {\n  source = "events.csv"\n  target = y\n  key    = id\n}\n\nsplit {\n  test = 0.1\n  seed = ${seed}\n}\n\n` +
    `feature f0 = fill_missing(events.x, 0)\n\nmodel m {\n  kind   = logistic\n  inputs = [f0]\n  epochs = 1\n  seed   = 1\n  task   = classification\n}\n\nevaluate {\n${gates}\n}\n`;
  const GATES = '  require precision >= 0.5\n  require recall > 0\n  require f1 >= 0.1\n  require accuracy >= 0.5';
  const outcome = (seed: number, gates = GATES) => {
    const a = analyze(text(seed, gates), memoryHost({ 'events.csv': csv }));
    const engine = runEngine(a.binding, new Map([['events', tableOf('events', csv, 'events.csv')]]));
    assert.ok(engine.ok, !engine.ok ? engine.error.message : '');
    const truth = engine.ok ? engine.kept.sides.test.map((r) => engine.target.y[r]) : [];
    const said = a.diagnostics.filter((d) => d.code === 'invalid-value' && / would be 0 on every run/.test(d.message));
    return { truth, labels: engine.ok ? engine.target.labels : undefined, said, text: text(seed, gates) };
  };
  const seeds = Array.from({ length: 12 }, (_, s) => outcome(s));

  it("is an error at each such gate's metric exactly when the runner's test rows hold no row of the positive class", () => {
    assert.ok(seeds.some((o) => o.truth.includes(1)) && seeds.some((o) => !o.truth.includes(1)), 'both kinds of test side occur');
    for (const o of seeds) {
      assert.deepEqual(o.labels, ['no', 'yes']);
      const none = !o.truth.includes(1);
      assert.deepEqual(
        o.said.map((d) => o.text.slice(d.start, d.end)),
        none ? ['precision', 'recall', 'f1'] : [],
      );
      for (const d of o.said) assert.match(d.message, /the split puts all \d+ test rows with a target in class "no" of 'y' and none in the positive class "yes"/);
    }
  });

  it('those metrics are 0 on such rows whatever the model predicts, so the gates can never pass', () => {
    const o = seeds.find((x) => !x.truth.includes(1))!;
    for (const p of [0, 0.2, 0.7, 1]) {
      const m = computeMetrics('binary', Float64Array.from(o.truth), new Float64Array(o.truth.length).fill(p));
      assert.deepEqual([m.precision, m.recall, m.f1], [0, 0, 0], `predicting ${p}`);
    }
  });

  it('a threshold 0 meets is not this error (it passes every run: the threshold check says so)', () => {
    const o = outcome(seeds.findIndex((x) => !x.truth.includes(1)), '  require recall >= 0');
    assert.deepEqual(o.said, []);
  });
});
