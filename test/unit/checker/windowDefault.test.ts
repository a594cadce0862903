import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const base = basePipeline();
const withDefaults = (text: string, lines: string) => edit(text, '  model = churn_model@production\n', `  model = churn_model@production\n  defaults {\n${lines}  }\n`);
const found = (text: string) => checkText(text).filter((d) => d.code === 'skew/window-default');

describe('skew/window-default', () => {
  it("names the features whose windows a default 'as_of' freezes", () => {
    const [d, more] = found(withDefaults(base, '    snapshot_at = "2025-06-01"\n'));
    assert.equal(more, undefined);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /^serving fills a missing 'snapshot_at' with "2025-06-01", a fixed moment: every request without it gets the window of feature 'spend' as of that moment/);
  });

  it('reports a default for the column windows join on, naming the history table', () => {
    const [d] = found(withDefaults(base, '    customer_id = "C1"\n'));
    assert.match(d.message, /'customer_id' with "C1", one entity: every request without it gets the window of feature 'spend' over the 'orders' rows of "C1"/);
  });

  // A demand pipeline joins promotions and past sales on the store: the message named only the
  // first table, so 'units_7d' read as a window over promotions.
  it('names every history table the defaulted key joins', () => {
    let text = edit(base, 'split {', 'data returns {\n  source = "orders.csv"\n  key    = customer_id\n  time   = ordered_at\n}\n\nsplit {');
    text = edit(text, 'feature plan ', 'feature back    = window_count(returns.order_id, 30d, as_of = customers.snapshot_at)\nfeature plan ');
    text = edit(text, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, back]');
    const [d] = found(withDefaults(text, '    customer_id = "C1"\n'));
    assert.match(d.message, /gets the windows of features 'spend', 'back' over the 'orders' and 'returns' rows of "C1"/);
  });

  it('reads only the served model: a window feature another model reads alone stays quiet', () => {
    // The served model no longer reads 'spend_z' (so not 'spend'); a second model does.
    let text = edit(base, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, plan]');
    text = edit(text, 'evaluate {', 'model other {\n  kind   = mlp\n  inputs = [spend_z]\n  seed   = 7\n}\n\nevaluate {');
    text = edit(text, 'drift spend_z psi > 0.2', 'drift tenure psi > 0.2');
    assert.deepEqual(found(withDefaults(text, '    snapshot_at = "2025-06-01"\n')), []);
  });

  it('stays quiet on a default that is a missing value: "NA" fills nothing, so no request gets a fixed moment or entity from it', () => {
    // 'spend' fills its window: a request without the field gets that fill, as training's rows without it did.
    for (const line of ['    snapshot_at = "NA"\n', '    customer_id = ""\n', '    snapshot_at = "null"\n']) {
      const text = withDefaults(base, line);
      assert.deepEqual(found(text), [], line);
      assert.deepEqual(checkText(text).filter((d) => d.severity === 'error'), [], line);
    }
  });
});
