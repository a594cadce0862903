/**
 * The server's Prometheus metrics, on a registry of its own (several servers may share a process).
 * prom-client exposes them; the two recorded on every request (requests by route and status,
 * the phase histogram) count into plain arrays and hand prom-client their values at scrape
 * time, because prom-client's labelled observe() was the largest single cost of a /predict
 * (profiled: 204 ms self time of 11 s under load, more than scoring itself).
 */
import { Counter, Gauge, Registry, type Metric } from 'prom-client';

/** What prom-client's registry reads from a metric at scrape time. */
interface Exported {
  name: string;
  help: string;
  type: string;
  aggregator: string;
  values: Array<{ metricName?: string; labels: Record<string, string | number>; value: number }>;
}
import type { DriftReport } from '../../protocol/serving.js';

export const PHASES = ['parse', 'features', 'inference', 'log'] as const;
export type Phase = (typeof PHASES)[number];
/** Each phase's index in PHASES. */
export const PHASE = Object.fromEntries(PHASES.map((p, i) => [p, i])) as { readonly [P in Phase]: number };

const BUCKETS = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];

/** A histogram by phase with fixed buckets, in a Float64Array. */
class PhaseHistogram {
  readonly name = 'mlpipe_request_phase_seconds';
  readonly help = 'Time per scoring request by phase: parse (body and validation), features, inference, log (queueing)';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** Per phase: one count per bucket (not cumulative), then +Inf's share, then sum and count. */
  private readonly data = new Float64Array(PHASES.length * (BUCKETS.length + 3));

  observe(phase: number, seconds: number): void {
    const base = phase * (BUCKETS.length + 3);
    let b = 0;
    while (b < BUCKETS.length && seconds > BUCKETS[b]) b++;
    this.data[base + b]++;
    this.data[base + BUCKETS.length + 1] += seconds;
    this.data[base + BUCKETS.length + 2]++;
  }

  get(): Exported {
    const values: Exported['values'] = [];
    PHASES.forEach((phase, p) => {
      const base = p * (BUCKETS.length + 3);
      let acc = 0;
      BUCKETS.forEach((le, b) => {
        acc += this.data[base + b];
        values.push({ metricName: `${this.name}_bucket`, labels: { le, phase }, value: acc });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', phase }, value: this.data[base + BUCKETS.length + 2] });
      values.push({ metricName: `${this.name}_sum`, labels: { phase }, value: this.data[base + BUCKETS.length + 1] });
      values.push({ metricName: `${this.name}_count`, labels: { phase }, value: this.data[base + BUCKETS.length + 2] });
    });
    return { name: this.name, help: this.help, type: this.type, aggregator: 'sum', values };
  }
}

/** Requests by route and status code, counted in a Map. */
class RequestCounter {
  readonly name = 'mlpipe_http_requests_total';
  readonly help = 'HTTP requests by route and status code';
  readonly type = 'counter';
  readonly aggregator = 'sum';
  private readonly counts = new Map<string, { route: string; status: number; n: number }>();
  /** The last series counted: under load nearly every request is the one before's ('/predict' 200), found without a key string. */
  private last: { route: string; status: number; n: number } | null = null;

  inc(route: string, status: number): void {
    const l = this.last;
    if (l !== null && l.route === route && l.status === status) {
      l.n++;
      return;
    }
    const key = route + ' ' + status;
    let c = this.counts.get(key);
    if (c) c.n++;
    else this.counts.set(key, (c = { route, status, n: 1 }));
    this.last = c;
  }

  get(): Exported {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'sum',
      values: [...this.counts.values()].map((c) => ({ labels: { route: c.route, status: c.status }, value: c.n })),
    };
  }
}

/**
 * A prom-client counter that shows `read()` at each scrape: the count is kept elsewhere (a plain
 * number, the log thread's totals), and the counter grows by what it gained since the last scrape.
 */
function counterOf(name: string, help: string, registers: Registry[], read: () => number): void {
  let exported = 0;
  new Counter({
    name,
    help,
    registers,
    collect() {
      const n = read();
      if (n > exported) this.inc(n - exported);
      exported = Math.max(exported, n);
    },
  });
}

export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests = new RequestCounter();
  private readonly phase = new PhaseHistogram();
  /** Rows scored, counted here and handed to prom-client's counter at scrape time (its inc() allocates per call). */
  readonly predictions = {
    n: 0,
    inc(rows: number): void {
      this.n += rows;
    },
  };
  private readonly drift: Gauge<'target' | 'statistic'>;
  private readonly drifted: Gauge<'target'>;
  private readonly missing: Gauge<'target' | 'side'>;

  constructor(log: { depth: number; dropped: number; written: number } | null) {
    const registers = [this.registry];
    this.registry.registerMetric(this.requests as unknown as Metric);
    this.registry.registerMetric(this.phase as unknown as Metric);
    const predictions = this.predictions;
    counterOf('mlpipe_predictions_total', 'Rows scored', registers, () => predictions.n);
    this.drift = new Gauge({ name: 'mlpipe_drift_value', help: 'Last drift statistic per target', labelNames: ['target', 'statistic'], registers });
    this.drifted = new Gauge({ name: 'mlpipe_drift_drifted', help: '1 when the target crossed its threshold in the last evaluation', labelNames: ['target'], registers });
    this.missing = new Gauge({ name: 'mlpipe_drift_missing_share', help: "Share of the target's values that are missing, in the last evaluated window (side=window) and in training (side=training)", labelNames: ['target', 'side'], registers });
    new Gauge({
      name: 'mlpipe_log_queue_depth',
      help: 'Predictions waiting to be written to the log',
      registers,
      collect() {
        this.set(log?.depth ?? 0);
      },
    });
    // Counts that only grow, so counters (a gauge named *_total fails `promtool check metrics`:
    // 'non-counter metrics should not have "_total" suffix'), and rate() reads them as such.
    counterOf('mlpipe_log_dropped_total', 'Predictions dropped because the log queue was full', registers, () => log?.dropped ?? 0);
    counterOf('mlpipe_log_written_total', 'Predictions written to the log', registers, () => log?.written ?? 0);
  }

  /** `phase` is an index into PHASES (`PHASE.parse`, …): no lookup per observation. */
  observe(phase: number, seconds: number): void {
    this.phase.observe(phase, seconds);
  }

  /**
   * A target with several `drift` lines (`drift plan chi2 < 0.05` and `drift plan js > 0.1`) has
   * one `mlpipe_drift_drifted` series: 1 when any of its lines crossed, as an alert is recorded per
   * line. It was the last line's verdict, so a target that alerted on its first line read 0.
   */
  recordDrift(targets: DriftReport['targets']): void {
    const drifted = new Map<string, boolean>();
    for (const t of targets) {
      // No value this evaluation (a constant target's chi2, a side with no values): the series
      // goes, with the verdict it reached (never drift). Both used to keep the last evaluation's,
      // so a target that had drifted read drifted 1 while `GET /drift` said false.
      if (t.value === null) this.drift.remove(t.target, t.statistic);
      else this.drift.labels(t.target, t.statistic).set(t.value);
      if (t.drifted !== null) drifted.set(t.target, drifted.get(t.target) === true || t.drifted);
      // The missing shares (a target's lines share them): a series only where the report has a share.
      this.setOrRemove(t.target, 'window', t.missing?.window ?? null);
      this.setOrRemove(t.target, 'training', t.missing?.training ?? null);
    }
    for (const [target, d] of drifted) this.drifted.labels(target).set(d ? 1 : 0);
  }

  private setOrRemove(target: string, side: 'window' | 'training', share: number | null): void {
    if (share === null) this.missing.remove(target, side);
    else this.missing.labels(target, side).set(share);
  }
}
