/**
 * Parity replay: logged serving requests scored again through the batch path (a table through
 * `transformBatch`, as `mlpipe score` and training do) and compared with what serving logged,
 * per feature and for the prediction, in TFDV's skew vocabulary.
 */
import { statSync } from 'node:fs';
import { interruptionPoint } from '../interruptible.js';
import type { LoggedRow, LogReader } from '../serve/log.js';
import { Scorer, tableOfRequests } from '../serve/scorer.js';
import type { ServedModel } from '../serve/served.js';
import type { ParityCounts, ParityOutput as ParityReport } from '../../protocol/cli.js';
import { PREDICTION, type MonitoredValue } from './values.js';

/** The report's shape is `mlpipe parity --json`'s, declared once with the CLI's other outputs. */
export type { ParityCounts, ParityOutput as ParityReport } from '../../protocol/cli.js';

const SAMPLE = 20;
const PAGE = 5000;

function same(a: MonitoredValue, b: MonitoredValue): boolean {
  return typeof a === 'number' && typeof b === 'number' ? Object.is(a, b) : a === b;
}

/**
 * A multiclass answer's every probability, as logged, against the batch path's output row (the
 * label alone let a skew that kept the arg-max through): the JSON text of each, or undefined
 * when they are the same bit for bit.
 */
function probabilitiesDiffer(logged: unknown, labels: readonly string[], out: Float32Array, r: number): { serving: string; batch: string } | undefined {
  const p = (logged as { probabilities?: Record<string, unknown> } | null)?.probabilities ?? {};
  const k = labels.length;
  const again: Record<string, number> = {};
  let differ = false;
  for (let c = 0; c < k; c++) {
    again[labels[c]] = out[r * k + c];
    if (!Object.is(p[labels[c]], out[r * k + c])) differ = true;
  }
  return differ ? { serving: JSON.stringify(p), batch: JSON.stringify(again) } : undefined;
}

/**
 * `signal`: an interrupt (Ctrl-C) stops the replay between pages, as an AbortError ('interrupted
 * while replaying …'): a replay of a long log is seconds of synchronous scoring, which a signal
 * handler never got a turn in, so `mlpipe parity` was killed without a word.
 */
export async function replayParity(served: ServedModel, reader: LogReader, opts: { limit?: number; signal?: AbortSignal } = {}): Promise<ParityReport> {
  const pause = interruptionPoint(opts.signal, 'while replaying the prediction log');
  const scorer = new Scorer(served);
  const { task, labels } = served.run.meta;
  const classes = task === 'multiclass' ? (labels ?? Array.from({ length: served.forward.outWidth }, (_, c) => String(c))) : null;
  // Each feature once, however often the model lists it (its values are the same each time).
  const column = new Map<string, number>();
  scorer.valueNames.forEach((name, i) => column.has(name) || column.set(name, i));
  const names = [...column.keys(), PREDICTION];
  const counts: ParityCounts[] = names.map((target) => ({ target, match: 0, mismatch: 0, serving_only: 0, training_only: 0 }));
  const mismatches: ParityReport['mismatches'] = [];
  const limit = opts.limit ?? Infinity;
  let rows = 0;
  let after = 0;
  let first = Infinity;
  for (;;) {
    await pause();
    const page = reader.page({ after, limit: PAGE, model: served.name, version: served.version });
    const batch: LoggedRow[] = page.rows.slice(0, Math.max(0, limit - rows));
    if (batch.length === 0) break;
    const table = tableOfRequests(served.run.plan.primary.name, batch.map((r) => r.inputs as Record<string, string | number | boolean | null>), scorer.fields.map((f) => f.column), scorer.textColumns);
    const scored = scorer.scoreTable(table);
    batch.forEach((logged, r) => {
      first = Math.min(first, logged.ts);
      names.forEach((target, k) => {
        const serving = target === PREDICTION ? logged.predicted : (logged.features[target] ?? null);
        const again = (target === PREDICTION ? (scored.ok[r] ? scored.predicted[r] : null) : scored.values[r][column.get(target)!]) ?? null;
        const c = counts[k];
        if (serving === null && again === null) c.match++;
        else if (again === null) c.serving_only++;
        else if (serving === null) c.training_only++;
        else if (!same(serving, again)) {
          c.mismatch++;
          if (mismatches.length < SAMPLE) mismatches.push({ id: logged.id, target, serving, batch: again });
        } else {
          const differ = target === PREDICTION && classes ? probabilitiesDiffer(logged.prediction, classes, scored.out, r) : undefined;
          if (!differ) c.match++;
          else {
            c.mismatch++;
            if (mismatches.length < SAMPLE) mismatches.push({ id: logged.id, target, ...differ });
          }
        }
      });
    });
    rows += batch.length;
    if (page.next === null || rows >= limit) break;
    after = page.next;
  }
  const ok = counts.every((c) => c.mismatch === 0 && c.serving_only === 0 && c.training_only === 0);
  const report: ParityReport = { model: { name: served.name, version: served.version }, rows, targets: counts, mismatches, ok };
  if (!ok) {
    const changed = served.historyFiles.flatMap(({ source, path }) => {
      const modified = modifiedAt(path);
      return modified !== undefined && modified > first ? [{ source, modified: new Date(modified).toISOString() }] : [];
    });
    if (changed.length) report.historyChanged = changed;
  }
  return report;
}

function modifiedAt(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
