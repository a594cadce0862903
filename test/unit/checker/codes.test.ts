import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitRows, TEST } from '../../../server/mlpipe/data/split.js';
import { ALL_CODES, CODES, type Code } from '../../../server/mlpipe/index.js';
import { basePipeline, checkText, CUSTOMERS, customersCsv, edit, hashOf, ORDERS } from './fixture.js';

interface Case {
  text: string;
  files?: Record<string, string>;
  /** A fragment of `text`: the diagnostic must start on the line where it is. */
  at?: string;
}
interface CodeCases {
  bad: Case;
  /** A near miss that must stay quiet (defaults to the clean base pipeline). */
  good?: Case;
}

const base = basePipeline();
const ORDERS_CRLF = ORDERS.replace('O7,', '"O7",').replace(/\n/g, '\r\n');
// One order time written without its zone among times in UTC ('Z'); and the same in every row.
const ORDERS_ONE_UNZONED = ORDERS.replace('2025-05-11T10:00:00Z', '2025-05-11T10:00:00');
const ORDERS_UNZONED = ORDERS.replace(/T10:00:00Z/g, 'T10:00:00');
// Order dates as whole numbers, YYYYMMDD (20250410), and as epoch seconds of the same days.
const ORDERS_COMPACT = ORDERS.replace(/(\d{4})-(\d{2})-(\d{2})T10:00:00Z/g, '$1$2$3');
const ORDERS_EPOCH = ORDERS.replace(/\d{4}-\d{2}-\d{2}T10:00:00Z/g, (t) => String(Date.parse(t) / 1000));
const files = { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS };
const mixedChurn = customersCsv((row, i) => {
  if (i % 5 === 0) row[5] = row[5] === '1' ? '0' : '1';
});

/** Customers where one test-split row has a plan no training row has. */
function unseenPlanData(): { customers: string; value: string } {
  const rows = CUSTOMERS.trim().split('\n').slice(1);
  const keys = rows.map((r) => r.split(',')[0]);
  const { assignment } = splitRows({ rowCount: rows.length, test: 0.2, seed: 42, by: keys });
  const testRow = assignment.findIndex((a) => a === TEST);
  const customers = customersCsv((row, i) => {
    if (i === testRow) row[3] = 'enterprise';
  });
  return { customers, value: 'enterprise' };
}

const unseen = unseenPlanData();

// Churn written as yes/no, with one 'Yes' (the last row) among them.
const yesNo = (variant: string) => customersCsv((row, i) => (row[5] = i === 59 ? variant : row[5] === '1' ? 'yes' : 'no'));
const classified = (customers: string) => edit(basePipeline(customers), '  seed   = 7\n}', '  seed   = 7\n  task   = classification\n}');

const CASES: Record<Code, CodeCases> = {
  syntax: { bad: { text: edit(base, 'feature plan    = one_hot(customers.plan)', 'feature plan = one_hot(customers.plan'), at: 'feature plan' } },
  'unknown-reference': {
    bad: { text: edit(base, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_zz, plan]'), at: 'inputs =' },
    good: { text: edit(base, 'fill_missing(tenure_days, 0)', 'fill_missing(customers.tenure_days, 0)') },
  },
  'duplicate-definition': {
    bad: { text: edit(base, 'feature plan    =', 'feature tenure = fill_missing(tenure_days, 1)\nfeature plan    ='), at: 'feature tenure = fill_missing(tenure_days, 1)' },
    // A feature may share its name with a column ('plan'), and a second feature may read the same column.
    good: { text: edit(base, 'feature plan    =', 'feature tenure_b = fill_missing(tenure_days, 1)\nfeature plan    =').replace('[tenure, spend_z, plan]', '[tenure, spend_z, plan, tenure_b]') },
  },
  'unknown-block': { bad: { text: base + '\nschedule {\n  every = 1\n}\n', at: 'schedule {' } },
  'unknown-attribute': {
    bad: { text: edit(base, '  seed   = 7\n', '  seed   = 7\n  colour = red\n'), at: 'colour' },
    good: { text: edit(base, '  seed   = 7\n', '  seed   = 7\n  activation = relu\n') },
  },
  'invalid-value': {
    bad: { text: edit(base, 'test = 0.2', 'test = 1.5'), at: 'test = 1.5' },
    good: { text: edit(base, 'test = 0.2', 'test = 0.3') },
  },
  'missing-attribute': { bad: { text: edit(base, '  kind   = mlp\n', ''), at: 'model m {' } },
  'unknown-transform': {
    bad: { text: edit(base, 'standardize(spend)', 'zscore(spend)'), at: 'feature spend_z' },
    good: { text: edit(base, 'standardize(spend)', 'min_max(spend)') },
  },
  'feature-cycle': {
    bad: { text: edit(base, 'feature spend_z = standardize(spend)', 'feature spend_z = standardize(spend) + loop\nfeature loop = spend_z * 2'), at: 'feature spend_z' },
  },
  'history-outside-window': {
    bad: {
      text: edit(base, 'feature plan    =', 'feature last = log1p(fill_missing(orders.order_value, 0))\nfeature plan    =').replace('[tenure, spend_z, plan]', '[tenure, spend_z, plan, last]'),
      at: 'feature last',
    },
    good: {
      text: edit(base, 'feature plan    =', 'feature last = log1p(fill_missing(window_max(orders.order_value, 30d, as_of = customers.snapshot_at), 0))\nfeature plan    =').replace(
        '[tenure, spend_z, plan]',
        '[tenure, spend_z, plan, last]',
      ),
    },
  },
  'type-mismatch': {
    bad: { text: edit(base, 'standardize(spend)', 'standardize(customers.plan)'), at: 'feature spend_z' },
    good: { text: edit(base, 'standardize(spend)', 'standardize(customers.support_tickets)') },
  },
  'label-variants': {
    bad: { text: classified(yesNo('Yes')), files: { ...files, 'customers.csv': yesNo('Yes') }, at: '  target  = churned' },
    good: { text: classified(yesNo('yes')), files: { ...files, 'customers.csv': yesNo('yes') } },
  },
  'lopsided-split': {
    // Two plans of 30 rows each: whichever is dealt first makes half the rows test, where 0.2 is asked.
    // The fixture's plan is its month, as is 'churned': a few churns flipped give each plan both
    // classes, else the training side is one class, which the runner refuses ('invalid-value').
    bad: { text: edit(basePipeline(mixedChurn), '  by   = customer_id', '  by   = plan'), files: { ...files, 'customers.csv': mixedChurn }, at: 'split {' },
    // By customer: many small groups deal close to the share asked.
    good: { text: base },
  },
  'repro/unpinned-data': {
    bad: { text: edit(base, `  version = "${hashOf(ORDERS)}"\n`, ''), at: 'data orders {' },
    // A pin that no longer matches is repro/data-changed, not unpinned.
    good: { text: base, files: { ...files, 'orders.csv': ORDERS + 'O999,C001,2025-06-02T10:00:00Z,12.00\n' } },
  },
  'repro/data-changed': {
    bad: { text: base, files: { ...files, 'orders.csv': ORDERS + 'O999,C001,2025-06-02T10:00:00Z,12.00\n' }, at: `version = "${hashOf(ORDERS)}"` },
  },
  'repro/missing-source': {
    bad: { text: edit(base, '"orders.csv"', '"history/orders.csv"'), at: 'history/orders.csv' },
  },
  'repro/unreadable-source': {
    bad: { text: base, files: { ...files, 'orders.csv': ORDERS.replace('O7,', 'O7;') }, at: '"orders.csv"' },
    // CRLF line ends and a quoted field are readable CSV.
    good: { text: basePipeline(CUSTOMERS, ORDERS_CRLF), files: { ...files, 'orders.csv': ORDERS_CRLF } },
  },
  'repro/mutable-source': {
    bad: { text: edit(base, '"orders.csv"', '"https://example.com/orders.csv"'), at: 'https://' },
    good: { text: base },
  },
  'repro/unseeded-split': {
    bad: { text: edit(base, '  seed = 42\n', ''), at: 'split {' },
    good: { text: edit(base, '  seed = 42\n', '  order = time\n') },
  },
  'repro/unseeded-model': { bad: { text: edit(base, '  seed   = 7\n', ''), at: 'model m {' } },
  'repro/unpinned-environment': {
    bad: { text: base.slice(0, base.indexOf('environment {')), at: 'pipeline churn' },
    // A lockfile that exists pins it, whatever the backend.
    good: { text: edit(edit(base, '  backend       = cpu\n', ''), '  deterministic = true\n', '') },
  },
  'repro/nondeterministic': {
    bad: { text: edit(edit(base, 'backend       = cpu', 'backend       = gpu'), '  deterministic = true\n', ''), at: 'backend' },
    good: { text: edit(base, 'backend       = cpu', 'backend       = gpu') },
  },
  'skew/hard-coded-baseline': {
    bad: { text: edit(base, 'standardize(spend)', 'standardize(spend, mean = 40, std = 12)'), at: 'feature spend_z' },
    good: { text: edit(base, 'standardize(spend)', 'standardize(spend, fit = train)') },
  },
  'skew/serving-redefines-feature': {
    bad: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  feature tenure = tenure_days\n'), at: '  feature tenure = tenure_days' },
    // A serving default fills a column; it defines no feature.
    good: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    tenure_days = 0\n  }\n') },
  },
  'skew/missing-default-mismatch': {
    bad: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    tenure_days = 30\n  }\n'), at: 'tenure_days = 30' },
    good: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    tenure_days = 0\n  }\n') },
  },
  'skew/implicit-missing': {
    bad: { text: edit(base, 'fill_missing(tenure_days, 0)', 'log1p(tenure_days)'), at: 'feature tenure' },
    good: { text: edit(base, 'fill_missing(tenure_days, 0)', 'log1p(fill_missing(tenure_days, 0))') },
  },
  'skew/not-point-in-time': {
    bad: { text: edit(base, ', as_of = customers.snapshot_at', ''), at: 'feature spend ' },
  },
  'skew/target-leakage': {
    bad: { text: edit(edit(base, 'feature plan    =', 'feature leak = churned\nfeature plan    ='), '[tenure, spend_z, plan]', '[tenure, spend_z, plan, leak]'), at: 'feature leak' },
    // A feature named like the target that reads another column.
    good: { text: edit(edit(base, 'feature plan    =', 'feature churned_hint = fill_missing(support_tickets, 0)\nfeature plan    ='), '[tenure, spend_z, plan]', '[tenure, spend_z, plan, churned_hint]') },
  },
  'skew/fit-on-all-data': {
    bad: { text: edit(base, 'standardize(spend)', 'standardize(spend, fit = all)'), at: 'feature spend_z' },
    good: { text: edit(base, 'standardize(spend)', 'standardize(spend, fit = train)') },
  },
  'skew/unseen-category': {
    bad: {
      text: edit(base, `version = "${hashOf(CUSTOMERS)}"`, `version = "${hashOf(unseen.customers)}"`),
      files: { ...files, 'customers.csv': unseen.customers },
      at: 'feature plan',
    },
  },
  'skew/group-leakage': {
    bad: { text: edit(base, '  by   = customer_id\n', ''), at: 'split {' },
  },
  'skew/empty-window': {
    // An amount is no moment: read as seconds into 1970, before every order.
    bad: { text: edit(base, 'as_of = customers.snapshot_at', 'as_of = customers.support_tickets'), at: 'feature spend ' },
  },
  'skew/window-default': {
    // Every request without the time would get its 90-day window as of one fixed day.
    bad: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    snapshot_at = "2025-06-01"\n  }\n'), at: 'snapshot_at = "2025-06-01"' },
    // A default for a column no window reads by is a plain fill.
    good: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    tenure_days = 0\n  }\n') },
  },
  'skew/mixed-time-zones': {
    bad: { text: basePipeline(CUSTOMERS, ORDERS_ONE_UNZONED), files: { ...files, 'orders.csv': ORDERS_ONE_UNZONED }, at: '  time    = ordered_at' },
    // Every time without a zone is one clock: read as UTC throughout, consistently.
    good: { text: basePipeline(CUSTOMERS, ORDERS_UNZONED), files: { ...files, 'orders.csv': ORDERS_UNZONED } },
  },
  'skew/dates-as-numbers': {
    bad: { text: basePipeline(CUSTOMERS, ORDERS_COMPACT), files: { ...files, 'orders.csv': ORDERS_COMPACT }, at: '  time    = ordered_at' },
    // Epoch seconds are what a whole-number time column means.
    good: { text: basePipeline(CUSTOMERS, ORDERS_EPOCH), files: { ...files, 'orders.csv': ORDERS_EPOCH } },
  },
  'lifecycle/no-gates': {
    bad: { text: edit(base, '  require auc >= 0.7\n', ''), at: 'register churn_model {' },
    // No gate and nothing registered: nothing is promoted ungated.
    good: { text: edit(edit(base, '  require auc >= 0.7\n', ''), 'register churn_model {\n  from = m\n}\n', '') },
  },
  'lifecycle/unmonitored-serving': {
    bad: { text: edit(base, 'monitor {\n  drift spend_z psi > 0.2\n  on_drift = retrain\n}\n', ''), at: 'serve {' },
  },
  'lifecycle/no-retrain': {
    bad: { text: edit(base, '  on_drift = retrain\n', ''), at: 'monitor {' },
    // Alerting is a stated choice.
    good: { text: edit(base, '  on_drift = retrain\n', '  on_drift = alert\n') },
  },
  'lifecycle/small-window': {
    bad: { text: edit(base, '  on_drift = retrain\n', '  window = 1\n  on_drift = retrain\n'), at: 'window = 1' },
    // Ten predictions fill the reference's ten quantile bins, if only just.
    good: { text: edit(base, '  on_drift = retrain\n', '  window = 10\n  on_drift = retrain\n') },
  },
  'lifecycle/unknown-drift-target': {
    bad: { text: edit(base, 'drift spend_z psi', 'drift tickets psi'), at: 'drift tickets' },
    good: { text: edit(base, 'drift spend_z psi', 'drift spend psi') },
  },
  'lifecycle/unused-feature': {
    bad: { text: edit(base, 'feature plan    =', 'feature tickets = support_tickets\nfeature plan    ='), at: 'feature tickets' },
    good: { text: edit(base, 'feature plan    =', 'feature tickets = support_tickets\nfeature plan    =').replace('[tenure, spend_z, plan]', '[tenure, spend_z, plan, tickets]') },
  },
  'lifecycle/unused-default': {
    bad: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    support_tickets = 0\n  }\n'), at: 'support_tickets = 0' },
    // A column the served model reads: its default fills the request field.
    good: { text: edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    tenure_days = 0\n  }\n') },
  },
};

function lineOf(text: string, fragment: string): number {
  const i = text.indexOf(fragment);
  assert.ok(i >= 0, `fragment not in text: ${fragment}`);
  return text.slice(0, i).split('\n').length - 1;
}

describe('every diagnostic code', () => {
  it('the base pipeline is clean', () => {
    assert.deepEqual(checkText(base), []);
  });

  it('has a case for every code in the spec', () => {
    assert.deepEqual(Object.keys(CASES).sort(), [...ALL_CODES].sort());
  });

  for (const code of ALL_CODES) {
    describe(code, () => {
      const { bad, good } = CASES[code];
      it('is reported', () => {
        const diags = checkText(bad.text, bad.files ?? files);
        const hits = diags.filter((d) => d.code === code);
        assert.ok(hits.length > 0, `expected ${code}, got ${JSON.stringify(diags.map((d) => [d.code, d.message]), null, 1)}`);
        if (bad.at) assert.equal(hits[0].range.start.line, lineOf(bad.text, bad.at), `${code} on the wrong line: ${hits[0].message}`);
        for (const h of hits) {
          assert.ok(h.message.length > 10 && !h.message.includes('undefined'), `bad message: ${h.message}`);
          assert.ok(!h.message.includes('`'), `messages are plain text, names in single quotes: ${h.message}`);
          assert.equal(h.severity, CODES[code], `${code}: severity`);
          assert.ok(h.end >= h.start && h.end <= bad.text.length);
        }
      });
      it('stays quiet on a near miss', () => {
        const g = good ?? { text: base };
        const diags = checkText(g.text, g.files ?? files);
        assert.deepEqual(
          diags.filter((d) => d.code === code).map((d) => d.message),
          [],
        );
      });
    });
  }
});

describe('missing-attribute on history tables read by windows', () => {
  it('asks for the time of a history table a window reads, once, on its header', () => {
    const text = edit(base, '  time    = ordered_at\n', '');
    const hits = checkText(text).filter((d) => d.code === 'missing-attribute');
    assert.equal(hits.length, 1, JSON.stringify(hits));
    assert.equal(hits[0].range.start.line, lineOf(text, 'data orders {'));
    assert.match(hits[0].message, /needs 'time'/);
  });
  it('stays quiet for a history table no window reads', () => {
    const text = edit(edit(base, '  time    = ordered_at\n', ''), 'window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)', 'tenure_days');
    assert.deepEqual(checkText(text).filter((d) => d.code === 'missing-attribute'), []);
  });
});

describe('no environment block (the spec: backend = auto, reported once)', () => {
  it('is repro/unpinned-environment on the pipeline line and not also repro/nondeterministic', () => {
    const text = base.slice(0, base.indexOf('environment {'));
    const env = checkText(text).filter((d) => d.code.startsWith('repro/') && /environment|nondeterministic/.test(d.code));
    assert.deepEqual(env.map((d) => [d.code, d.range.start.line]), [['repro/unpinned-environment', lineOf(text, 'pipeline churn')]]);
  });
});
