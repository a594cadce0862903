/**
 * A drift report over one batch of logged predictions, read both ways the monitor reads it (the
 * log file and the in-memory window), which must agree, and checked against the protocol's
 * schema: the shared set-up of the tests of what a report says of its targets.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProfile, defaultTest, type ReferenceProfile } from '../../../server/mlpipe/drift/index.js';
import { DriftWindow } from '../../../server/backend/monitor/driftWindow.js';
import { driftReport, driftReportInMemory, type MonitorSpec, type TargetTest } from '../../../server/backend/monitor/monitor.js';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { driftReport as driftReportBody, type DriftReport } from '../../../server/protocol/serving.js';

/** 300 training values of a numeric target, the i-th from `f(i)` (NaN: missing). */
export function numericProfile(f: (i: number) => number): ReferenceProfile {
  return buildProfile(Array.from({ length: 300 }, (_, i) => f(i)), 'numeric');
}

/**
 * The report of a window of `rows.length` predictions whose targets (in `targets`' order, each
 * with the spec's default test) hold `rows[k]`; the window is exactly full.
 */
export function reportOfRows(targets: Record<string, ReferenceProfile>, rows: ReadonlyArray<readonly number[]>): DriftReport {
  const names = Object.keys(targets);
  const source: LogSource = { pipeline: 'p', model: 'm', version: 1, names, categories: names.map(() => null) };
  const tests: TargetTest[] = names.map((t) => ({ target: t, test: defaultTest(targets[t]), defaultTest: true }));
  const spec: MonitorSpec = { pipelineName: 'p', name: 'm', version: 1, runId: 'r1', window: rows.length, present: true, reference: { format: 'mlpipe-reference/1', rows: 300, targets }, tests, task: 'binary', labels: undefined };
  const root = mkdtempSync(join(tmpdir(), 'mlpipe-drift-window-'));
  const log = new PredictionLog(root);
  const reader = new LogReader(root);
  try {
    const live = new DriftWindow(spec.window, names, source.names, source.categories, true);
    log.onBatchWritten = (b, firstSeq) => live.add(b, firstSeq);
    const b = new LogBatchBuilder(source, rows.length);
    rows.forEach((row, k) => b.codes.set(row, b.add(`q${k}`, 1_700_000_000_000 + k, 90, { id: k }, 0.5)));
    log.pushBatch(b.seal().batch);
    log.flush();
    const report = driftReport(spec, reader);
    assert.deepStrictEqual(driftReportInMemory(spec, live, report.alerts, null), report, 'the in-memory window says the same');
    assert.ok(driftReportBody.safeParse(report).success, 'the protocol carries it');
    return report;
  } finally {
    log.close();
    reader.close();
    rmSync(root, { recursive: true, force: true });
  }
}
