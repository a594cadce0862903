import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PHASE, PHASES, ServingMetrics } from '../../../server/backend/serve/metrics.js';

/** The value of one series in Prometheus text, or undefined when it is not there. */
function series(text: string, line: RegExp): number | undefined {
  const m = line.exec(text);
  return m ? Number(m[1]) : undefined;
}

describe('serving metrics', () => {
  it('counts requests by route and status exactly, however the series alternate', async () => {
    const m = new ServingMetrics(null);
    const sent: Array<[string, number]> = [];
    // Runs of the same series (the cached one) broken by others, as under mixed traffic.
    const kinds: Array<[string, number]> = [['/predict', 200], ['/predict', 400], ['/health', 200], ['/predict', 200], ['/metrics', 200]];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const k = kinds[seed % kinds.length];
      const run = 1 + (seed % 4);
      for (let j = 0; j < run; j++) {
        m.requests.inc(k[0], k[1]);
        sent.push(k);
      }
    }
    const text = await m.registry.metrics();
    for (const [route, status] of new Map(kinds.map((k) => [k.join(' '), k])).values()) {
      const expected = sent.filter((k) => k[0] === route && k[1] === status).length;
      const re = new RegExp(`^mlpipe_http_requests_total\\{route="${route.replace('/', '\\/')}",status="${status}"\\} (\\d+)$`, 'm');
      assert.equal(series(text, re), expected, `${route} ${status}`);
    }
  });

  it('exports rows scored as a counter that grows by what was scored between scrapes', async () => {
    const m = new ServingMetrics(null);
    const total = /^mlpipe_predictions_total (\d+)$/m;
    assert.equal(series(await m.registry.metrics(), total), 0);
    m.predictions.inc(1);
    m.predictions.inc(3);
    assert.equal(series(await m.registry.metrics(), total), 4);
    assert.equal(series(await m.registry.metrics(), total), 4, 'a second scrape adds nothing');
    m.predictions.inc(10);
    const text = await m.registry.metrics();
    assert.equal(series(text, total), 14);
    assert.match(text, /^# TYPE mlpipe_predictions_total counter$/m);
  });

  it('a target with two drift lines is drifted when either crossed, whichever comes last', async () => {
    const m = new ServingMetrics(null);
    const line = (statistic: string, value: number, drifted: boolean | null) => ({ target: 'plan', statistic, value, threshold: 0.05, op: '<' as const, drifted, defaultTest: false });
    const drifted = /^mlpipe_drift_drifted\{target="plan"\} (\d+)$/m;
    m.recordDrift([line('chi2', 0.001, true), line('js', 0.02, false)]);
    assert.equal(series(await m.registry.metrics(), drifted), 1);
    m.recordDrift([line('chi2', 0.4, false), line('js', 0.3, true)]);
    assert.equal(series(await m.registry.metrics(), drifted), 1);
    m.recordDrift([line('chi2', 0.4, false), line('js', 0.02, false)]);
    assert.equal(series(await m.registry.metrics(), drifted), 0);
    // Each line keeps its own value.
    const text = await m.registry.metrics();
    assert.equal(series(text, /^mlpipe_drift_value\{target="plan",statistic="chi2"\} (\S+)$/m), 0.4);
    assert.equal(series(text, /^mlpipe_drift_value\{target="plan",statistic="js"\} (\S+)$/m), 0.02);
  });

  it('a target whose statistic has no value in the latest evaluation drops its value and reads not drifted', async () => {
    // A constant column's chi2 is NaN (one category): after a window that had drifted, /metrics
    // kept value 0 and drifted 1 while GET /drift said value null, drifted false.
    const m = new ServingMetrics(null);
    const kc = (value: number | null, drifted: boolean | null) => [{ target: 'kc', statistic: 'chi2', value, threshold: 0.05, op: '<' as const, drifted, defaultTest: true }];
    m.recordDrift(kc(0, true));
    assert.equal(series(await m.registry.metrics(), /^mlpipe_drift_drifted\{target="kc"\} (\d+)$/m), 1);
    m.recordDrift(kc(null, false));
    const text = await m.registry.metrics();
    assert.equal(series(text, /^mlpipe_drift_drifted\{target="kc"\} (\d+)$/m), 0);
    assert.doesNotMatch(text, /^mlpipe_drift_value\{target="kc"/m);
  });

  it('exports each target missing share in the window and in training, and drops a share the report lacks', async () => {
    // The statistics compare present values only: a feed gone half missing showed in no series.
    const m = new ServingMetrics(null);
    const t = (missing?: { window: number; training: number | null }) => [{ target: 'tenure_raw', statistic: 'psi', value: 0.1, threshold: 0.2, op: '>' as const, drifted: false, defaultTest: false, ...(missing ? { missing } : {}) }];
    const share = (side: string) => new RegExp(`^mlpipe_drift_missing_share\\{target="tenure_raw",side="${side}"\\} (\\S+)$`, 'm');
    m.recordDrift(t({ window: 0.6, training: 0.05 }));
    let text = await m.registry.metrics();
    assert.equal(series(text, share('window')), 0.6);
    assert.equal(series(text, share('training')), 0.05);
    m.recordDrift(t({ window: 0.5, training: null }));
    text = await m.registry.metrics();
    assert.equal(series(text, share('window')), 0.5);
    assert.doesNotMatch(text, /^mlpipe_drift_missing_share\{target="tenure_raw",side="training"/m, 'an unknown training share has no series');
    m.recordDrift(t());
    assert.doesNotMatch(await m.registry.metrics(), /^mlpipe_drift_missing_share\{/m);
  });

  it('observes phases by index into the same histogram series as by name', async () => {
    const m = new ServingMetrics(null);
    for (const p of PHASES) m.observe(PHASE[p], 0.00003);
    m.observe(PHASE.features, 0.002);
    const text = await m.registry.metrics();
    assert.equal(series(text, /^mlpipe_request_phase_seconds_count\{phase="features"\} (\d+)$/m), 2);
    assert.equal(series(text, /^mlpipe_request_phase_seconds_count\{phase="log"\} (\d+)$/m), 1);
    assert.equal(series(text, /^mlpipe_request_phase_seconds_bucket\{le="0.0025",phase="features"\} (\d+)$/m), 2);
    assert.equal(series(text, /^mlpipe_request_phase_seconds_bucket\{le="0.001",phase="features"\} (\d+)$/m), 1);
  });
});
