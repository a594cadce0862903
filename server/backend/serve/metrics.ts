/** The server's Prometheus metrics, on a registry of its own (several servers may share a process). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DriftReport } from '../../protocol/serving.js';
import type { PredictionLog } from './log.js';

export const PHASES = ['parse', 'features', 'inference', 'log'] as const;
export type Phase = (typeof PHASES)[number];

export class ServingMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'route' | 'status'>;
  readonly phase: Histogram<'phase'>;
  readonly predictions: Counter;
  private readonly drift: Gauge<'target' | 'statistic'>;
  private readonly drifted: Gauge<'target'>;
  private readonly phaseChildren: Record<Phase, { observe(v: number): void }>;

  constructor(log: PredictionLog | null) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'mlpipe_http_requests_total', help: 'HTTP requests by route and status code', labelNames: ['route', 'status'], registers });
    this.phase = new Histogram({
      name: 'mlpipe_request_phase_seconds',
      help: 'Time per scoring request by phase: parse (body and validation), features, inference, log (queueing)',
      labelNames: ['phase'],
      buckets: [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
      registers,
    });
    this.phaseChildren = Object.fromEntries(PHASES.map((p) => [p, this.phase.labels(p)])) as unknown as ServingMetrics['phaseChildren'];
    this.predictions = new Counter({ name: 'mlpipe_predictions_total', help: 'Rows scored', registers });
    this.drift = new Gauge({ name: 'mlpipe_drift_value', help: 'Last drift statistic per target', labelNames: ['target', 'statistic'], registers });
    this.drifted = new Gauge({ name: 'mlpipe_drift_drifted', help: '1 when the target crossed its threshold in the last evaluation', labelNames: ['target'], registers });
    new Gauge({
      name: 'mlpipe_log_queue_depth',
      help: 'Predictions waiting to be written to the log',
      registers,
      collect() {
        this.set(log?.depth ?? 0);
      },
    });
    new Gauge({
      name: 'mlpipe_log_dropped_total',
      help: 'Predictions dropped because the log queue was full',
      registers,
      collect() {
        this.set(log?.dropped ?? 0);
      },
    });
    new Gauge({
      name: 'mlpipe_log_written_total',
      help: 'Predictions written to the log',
      registers,
      collect() {
        this.set(log?.written ?? 0);
      },
    });
  }

  observe(phase: Phase, seconds: number): void {
    this.phaseChildren[phase].observe(seconds);
  }

  recordDrift(report: DriftReport): void {
    for (const t of report.targets) {
      if (t.value === null) continue;
      this.drift.labels(t.target, t.statistic).set(t.value);
      this.drifted.labels(t.target).set(t.drifted ? 1 : 0);
    }
  }
}
