// Metric logging throughput of the tracking store, against per-point autocommit inserts
// measured in the same run on the same database (prints, never asserts; target >= 300,000/s).
// Run: npx tsx bench/tracking.ts [--points N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricPoint } from '../server/protocol/tracking.js';
import { MetricBuffer } from '../server/backend/tracking/metricBuffer.js';
import { openStore, type Store } from '../server/backend/tracking/store.js';
import { numberOption } from './argv.js';

interface Row {
  method: string;
  points: number;
  seconds: number;
}

function points(n: number): MetricPoint[] {
  const keys = ['loss', 'val_loss', 'accuracy', 'auc', 'lr', 'grad_norm', 'epoch_ms', 'val_accuracy'];
  return Array.from({ length: n }, (_, i) => ({ key: keys[i % keys.length]!, step: Math.floor(i / keys.length), value: Math.sin(i) }));
}

/** Median of three timed repetitions, each on a fresh run; checks every point arrived. */
function measure(store: Store, method: string, n: number, write: (runId: string, pts: MetricPoint[]) => void): Row {
  const pts = points(n);
  const times: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const run = store.createRun({ pipelineName: 'bench', pipelinePath: 'bench.mlpipe', pipelineText: 'pipeline bench\n' });
    const t = performance.now();
    write(run.id, pts);
    times.push((performance.now() - t) / 1000);
    const stored = store.countMetrics(run.id);
    if (stored !== n) throw new Error(`${method}: stored ${stored} of ${n} points`);
    store.finishRun(run.id, { status: 'completed' });
  }
  times.sort((a, b) => a - b);
  return { method, points: n, seconds: times[1]! };
}

function main(): void {
  const n = numberOption('points', 1_000_000);
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-bench-tracking-'));
  const store = openStore(root);
  try {
    const seqOf = store.db.prepare<[string], { seq: number }>('SELECT seq FROM runs WHERE id = ?');
    const insertOne = store.db.prepare('INSERT INTO metrics (run_seq, key, step, value, ts) VALUES (?, ?, ?, ?, ?)');

    const rows: Row[] = [];
    // Baseline first: what a naive logger does, one autocommit INSERT (one WAL commit) per point.
    const baseline = measure(store, 'autocommit INSERT per point (baseline)', Math.max(1000, Math.floor(n / 50)), (id, pts) => {
      const seq = seqOf.get(id)!.seq;
      for (const p of pts) insertOne.run(seq, p.key, p.step, p.value, Date.now());
    });
    rows.push(baseline);
    rows.push(
      measure(store, 'one transaction, single-row INSERTs', n, (id, pts) => {
        const seq = seqOf.get(id)!.seq;
        const ts = Date.now();
        store.db.transaction(() => {
          for (const p of pts) insertOne.run(seq, p.key, p.step, p.value, ts);
        })();
      }),
    );
    rows.push(
      measure(store, 'logMetrics, batches of 10,000', n, (id, pts) => {
        for (let i = 0; i < pts.length; i += 10_000) store.logMetrics(id, pts.slice(i, i + 10_000));
      }),
    );
    rows.push(
      measure(store, 'MetricBuffer (flush every 1,000)', n, (id, pts) => {
        const buffer = new MetricBuffer(store, id, { maxPoints: 1000 });
        for (const p of pts) buffer.add(p.key, p.step, p.value);
        buffer.close();
      }),
    );
    rows.push(
      measure(store, 'logMetrics, batches of 8 (one epoch each)', Math.max(1000, Math.floor(n / 10)), (id, pts) => {
        for (let i = 0; i < pts.length; i += 8) store.logMetrics(id, pts.slice(i, i + 8));
      }),
    );

    const base = baseline.points / baseline.seconds;
    console.log('| method | points | s (median of 3) | points/s | vs baseline |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const r of rows) {
      const rate = r.points / r.seconds;
      console.log(
        `| ${r.method} | ${r.points.toLocaleString('en')} | ${r.seconds.toFixed(3)} | ${Math.round(rate).toLocaleString('en')} | ${(rate / base).toFixed(1)}x |`,
      );
    }
  } finally {
    store.close();
    rmSync(root, { recursive: true, force: true });
  }
}

main();
