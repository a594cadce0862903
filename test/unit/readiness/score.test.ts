import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CODES, analyze, CODES } from '../../../server/mlpipe/index.js';
import { AUTOMATED_ITEMS, MANUAL_ITEMS, scoreReadiness } from '../../../server/mlpipe/readiness/index.js';
import type { ReadinessItem } from '../../../server/protocol/webviewReadiness.js';
import { basePipeline, CUSTOMERS, customersCsv, edit, hashOf, memoryHost, ORDERS } from '../checker/fixture.js';

const files = { 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS };
const mixedChurn = customersCsv((row, i) => {
  if (i % 5 === 0) row[5] = row[5] === '1' ? '0' : '1';
});
const base = basePipeline();

function score(text: string, extra: Record<string, string> = {}) {
  const a = analyze(text, memoryHost({ ...files, ...extra }, ['package-lock.json']));
  const report = scoreReadiness(a);
  const byId = new Map(report.items.map((i) => [i.id, i]));
  return { report, item: (id: string): ReadinessItem => byId.get(id) ?? assert.fail(`no item ${id}`), diagnostics: a.diagnostics };
}

describe('readiness scoring', () => {
  it('every code an item relies on is a checker code, and ids are unique', () => {
    for (const i of AUTOMATED_ITEMS) for (const c of i.codes) assert.ok(ALL_CODES.includes(c), `${i.id}: ${c}`);
    const ids = [...AUTOMATED_ITEMS, ...MANUAL_ITEMS].map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('a clean pipeline has every automated item verified and nothing missing', () => {
    const { report, diagnostics } = score(base);
    assert.deepEqual(
      diagnostics.filter((d) => CODES[d.code] !== 'info').map((d) => d.code),
      [],
    );
    assert.deepEqual(
      report.items.filter((i) => i.status === 'missing').map((i) => `${i.id}: ${i.detail}`),
      [],
    );
    assert.equal(report.counts.automated, AUTOMATED_ITEMS.length);
    assert.equal(report.counts.manual, MANUAL_ITEMS.length);
    assert.deepEqual([...new Set(report.items.map((i) => i.section))], ['data', 'model', 'infrastructure', 'monitoring']);
  });

  it('the monitor item names the inputs left to the default test', () => {
    assert.match(score(base).item('monitor.drift').detail, /tenure, plan use the default test/);
  });

  it('a drift line in a second monitor block (duplicate-definition: serving reads the first) leaves its input to the default test', () => {
    const twice = edit(base, 'environment {', 'monitor {\n  drift tenure psi > 0.2\n}\n\nenvironment {');
    const { item, diagnostics } = score(twice);
    assert.ok(diagnostics.some((d) => d.code === 'duplicate-definition'), diagnostics.map((d) => d.code).join(', '));
    assert.match(item('monitor.drift').detail, /tenure, plan use the default test/);
  });

  // One failing pipeline per item: the item turns missing, with the checker's quick fix where it has one.
  const cases: Array<{ id: string; text: string; extra?: Record<string, string>; detail: RegExp; quickfix?: string }> = [
    { id: 'data.pinned', text: edit(base, `  version = "${hashOf(CUSTOMERS)}"\n`, ''), detail: /repro\/unpinned-data/, quickfix: 'repro/unpinned-data' },
    { id: 'model.split', text: edit(base, '  seed = 42\n', ''), detail: /repro\/unseeded-split/, quickfix: 'repro/unseeded-split' },
    // Two plans of 30 rows each: the first group dealt makes half the rows test where 0.2 is asked.
    // The fixture's plan is its month, as is 'churned': a few churns flipped give each plan both
    // classes, else the training side is one class, which the runner refuses ('invalid-value').
    { id: 'model.split', text: edit(basePipeline(mixedChurn), '  by   = customer_id', '  by   = plan'), extra: { 'customers.csv': mixedChurn }, detail: /lopsided-split/ },
    { id: 'model.seeded', text: edit(base, '  seed   = 7\n', ''), detail: /repro\/unseeded-model/, quickfix: 'repro/unseeded-model' },
    { id: 'model.gates', text: edit(base, 'evaluate {\n  require auc >= 0.7\n}\n', ''), detail: /lifecycle\/no-gates|no 'evaluate' block/ },
    { id: 'monitor.serving', text: edit(base, 'monitor {\n  drift spend_z psi > 0.2\n  on_drift = retrain\n}\n', ''), detail: /lifecycle\/unmonitored-serving/, quickfix: 'lifecycle/unmonitored-serving' },
    { id: 'monitor.retrain', text: edit(base, '  on_drift = retrain\n', ''), detail: /lifecycle\/no-retrain/ },
    { id: 'monitor.drift', text: edit(base, 'drift spend_z psi', 'drift spend_zz psi'), detail: /lifecycle\/unknown-drift-target/ },
    { id: 'infra.registry', text: edit(edit(base, 'register churn_model {\n  from = m\n}\n', ''), 'serve {\n  model = churn_model@production\n}\n', ''), detail: /no 'register' block/ },
    { id: 'infra.deterministic', text: edit(edit(base, 'backend       = cpu', 'backend       = gpu'), '  deterministic = true\n', ''), detail: /repro\/nondeterministic/ },
    { id: 'infra.lockfile', text: edit(base, '  lockfile      = "package-lock.json"\n', ''), detail: /repro\/unpinned-environment/ },
    { id: 'data.beneficial', text: edit(base, 'feature plan    = one_hot(customers.plan)\n', 'feature plan    = one_hot(customers.plan)\nfeature spare   = fill_missing(tenure_days, 1)\n'), detail: /lifecycle\/unused-feature/ },
    { id: 'data.leakage', text: edit(edit(base, 'feature plan    =', 'feature leak = churned\nfeature plan    ='), '[tenure, spend_z, plan]', '[tenure, spend_z, plan, leak]'), detail: /skew\/target-leakage/ },
    { id: 'infra.parity', text: edit(base, 'standardize(spend)', 'standardize(spend, mean = 40, std = 12)'), detail: /skew\/hard-coded-baseline/ },
  ];
  for (const c of cases) {
    it(`${c.id} is missing when the pipeline fails it (${c.detail.source})`, () => {
      const { item, report, diagnostics } = score(c.text, c.extra);
      const i = item(c.id);
      assert.equal(i.status, 'missing', `${c.id}: ${i.detail} (diagnostics: ${diagnostics.map((d) => d.code).join(', ')})`);
      assert.match(i.detail, c.detail);
      assert.ok(i.range, 'points somewhere in the file');
      if (c.quickfix) {
        assert.equal(i.fix?.kind, 'quickfix');
        assert.equal(i.fix?.kind === 'quickfix' && i.fix.code, c.quickfix);
        const d = diagnostics.find((x) => x.code === c.quickfix)!;
        assert.deepEqual(i.fix?.kind === 'quickfix' && i.fix.range, d.range, 'the fix is asked for at the diagnostic’s range');
      }
      assert.ok(report.counts.missing >= 1);
      assert.equal(report.counts.automated + report.counts.manual + report.counts.missing, report.items.length);
    });
  }

  it('never throws on broken input', () => {
    for (const text of ['', 'pipeline', 'model {', 'monitor { drift }', '}}}{{{']) {
      const { report } = score(text);
      assert.equal(report.items.length, AUTOMATED_ITEMS.length + MANUAL_ITEMS.length);
    }
  });
});

