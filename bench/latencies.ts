// Response latencies of one autocannon run, kept at the resolution autocannon measures them.
//
// Why not autocannon's own p50/p99: it records each response's hrtime duration (fractional
// milliseconds) into an HDR histogram whose lowest discernible value is 1, so every latency is
// cut to whole milliseconds and a 1.2 ms p99 prints as 1 (a 4.9 ms one as 4). Servers that answer
// in under a few milliseconds were told apart by that rounding alone. Here every 2xx response's
// duration is kept (8 bytes each: 300,000 responses are 2.4 MB) and the percentiles are exact.
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

/** The part of autocannon's options and result used by the benches, typed (it ships no types). */
export interface LoadOptions {
  url: string;
  connections: number;
  overallRate?: number;
  duration?: number;
  amount?: number;
  method: string;
  headers: Record<string, string>;
  body?: string;
  requests?: Array<{ body: string }>;
}
export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
type Instance = EventEmitter & PromiseLike<LoadResult>;
const autocannon = createRequire(__filename)('autocannon') as (o: LoadOptions) => Instance;

export class Latencies {
  private values = new Float64Array(1 << 16);
  private n = 0;
  private sorted = true;

  get count(): number {
    return this.n;
  }

  /**
   * One response's latency in ms. With `expectedIntervalMs` (a rate-limited connection's time
   * between requests) a response later than that also counts the requests the connection could
   * not send meanwhile, at ms - interval, ms - 2 x interval, … (HDR histogram's
   * recordValueWithExpectedInterval, as autocannon does under --rate: coordinated omission).
   */
  record(ms: number, expectedIntervalMs?: number): void {
    this.push(ms);
    if (expectedIntervalMs !== undefined && expectedIntervalMs > 0) {
      for (let missing = ms - expectedIntervalMs; missing >= expectedIntervalMs; missing -= expectedIntervalMs) this.push(missing);
    }
  }

  /** The nearest-rank percentile (the smallest recorded value with at least p% of them at or below it); NaN when none. */
  percentile(p: number): number {
    if (this.n === 0) return NaN;
    if (!this.sorted) {
      this.values.subarray(0, this.n).sort();
      this.sorted = true;
    }
    // The 1e-9 keeps a percentile that is not exact in binary (99.9 x 100,000 = 99,900.000…01) on its rank.
    const rank = Math.min(this.n, Math.max(1, Math.ceil((p * this.n) / 100 - 1e-9)));
    return this.values[rank - 1];
  }

  private push(ms: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = ms;
    this.sorted = false;
  }
}

/**
 * autocannon run with every 2xx response's latency kept. Under a rate (overallRate, shared out
 * evenly over the connections), a connection's expected interval is connections x 1000 / rate ms;
 * autocannon's own correction uses ceil(1 / its rate) (1 ms whatever the rate), not copied here.
 */
export async function loadWithLatencies(options: LoadOptions): Promise<{ result: LoadResult; latencies: Latencies }> {
  const latencies = new Latencies();
  const run = autocannon(options);
  const interval = options.overallRate ? (options.connections * 1000) / options.overallRate : undefined;
  run.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.record(ms, interval);
  });
  const result = await run;
  return { result, latencies };
}
