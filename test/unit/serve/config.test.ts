/**
 * Serving reads the monitor block with the checker's judgement of each drift line: a line the
 * checker calls `invalid-value` (an unknown statistic, the wrong way, a threshold that never or
 * always alerts) is refused with the same words, and a line it passes is served as written.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { servingConfig, ServeError } from '../../../server/backend/serve/config.js';
import { basePipeline, checkText, edit } from '../checker/fixture.js';

const base = basePipeline();
const config = (text: string) => servingConfig(bind(parse(text)));
const monitor = (line: string) => edit(base, 'drift spend_z psi > 0.2', line);

describe('serving config: the monitor lines', () => {
  it('serves lines the checker passes, as written', () => {
    assert.deepEqual(config(monitor('drift spend_z chi2 <= 0.05')).monitor.drift, [{ target: 'spend_z', statistic: 'chi2', op: '<=', threshold: 0.05 }]);
    assert.deepEqual(config(base).monitor.drift, [{ target: 'spend_z', statistic: 'psi', op: '>', threshold: 0.2 }]);
  });

  for (const line of ['drift spend_z chi2 > 0.05', 'drift spend_z ks < 0.3', 'drift spend_z js > 0.9', 'drift spend_z psi >= 0']) {
    it(`refuses '${line}' with the checker's own words`, () => {
      const text = monitor(line);
      const checked = checkText(text).filter((d) => d.code === 'invalid-value');
      assert.equal(checked.length, 1, `the checker reports '${line}'`);
      assert.throws(
        () => config(text),
        (e: unknown) => e instanceof ServeError && e.message === `the monitor cannot be served as written: ${checked[0].message}`,
      );
    });
  }

  it('refuses a statistic the catalogue does not have, with the checker\'s words', () => {
    assert.throws(() => config(monitor('drift spend_z kl > 0.2')), (e: unknown) => e instanceof ServeError && e.message === `the monitor cannot be served as written: ${checkText(monitor('drift spend_z kl > 0.2')).find((d) => d.code === 'invalid-value')!.message}`);
  });

  it('takes the model from --model when the pipeline has no serve block, with the defaults', () => {
    const unserved = base.replace(/\nserve \{[^}]*\}\n/, '\n');
    assert.doesNotMatch(unserved, /^serve \{/m);
    assert.throws(() => config(unserved), (e: unknown) => e instanceof ServeError && /no serve block: .*--model NAME@STAGE/.test(e.message));
    const c = servingConfig(bind(parse(unserved)), { name: 'churn_model', at: 'staging' });
    assert.deepEqual({ model: c.model, port: c.port, log: c.logPredictions, defaults: c.defaults }, { model: { name: 'churn_model', at: 'staging' }, port: 8080, log: true, defaults: {} });
    // --model wins over the serve block's own model.
    assert.deepEqual(servingConfig(bind(parse(base)), { name: 'other', at: 3 }).model, { name: 'other', at: 3 });
  });
});

describe('serving config: the spec\'s defaults', () => {
  it("window is 1000 predictions unless the monitor says otherwise; port 8080 unless the serve block does; log_predictions true", () => {
    const c = config(base);
    assert.deepEqual({ window: c.monitor.window, port: c.port, log: c.logPredictions, onDrift: c.monitor.onDrift }, { window: 1000, port: 8080, log: true, onDrift: 'retrain' });
    const set = config(edit(edit(base, '  on_drift = retrain\n', '  on_drift = alert\n  window = 500\n'), '  model = churn_model@production\n', '  model = churn_model@production\n  port = 0\n  log_predictions = false\n'));
    assert.deepEqual({ window: set.monitor.window, port: set.port, log: set.logPredictions, onDrift: set.monitor.onDrift }, { window: 500, port: 0, log: false, onDrift: 'alert' });
    const without = config(edit(base, '  on_drift = retrain\n', ''));
    assert.equal(without.monitor.onDrift, null);
  });
});
