/**
 * The Experiments table's logic, apart from the DOM: which columns exist, how a cell reads,
 * sorting and filtering. Pure, so it is tested under a simulated DOM and benchmarked alone.
 */
import type { RunSummary } from '../../server/protocol/backend.js';
import type { ColumnId, ExperimentsState, SortDirection } from '../../server/protocol/webview.js';
import { age, formatMetric } from '../../extension/format/runText.js';

export const RUN_COLUMNS = ['id', 'status', 'pipeline', 'started', 'backend'] as const;

export function columnKey(c: ColumnId): string {
  return `${c.group}:${c.key}`;
}

/** Run fields, then every metric and every scalar param any run has, in first-seen order. */
export function columnsOf(runs: readonly RunSummary[]): ColumnId[] {
  const metrics = new Set<string>();
  const params = new Set<string>();
  for (const r of runs) {
    for (const k of Object.keys(r.metrics)) metrics.add(k);
    for (const [k, v] of Object.entries(r.params)) if (v === null || typeof v !== 'object') params.add(k);
  }
  return [
    ...RUN_COLUMNS.map((key) => ({ group: 'run' as const, key })),
    ...[...metrics].map((key) => ({ group: 'metric' as const, key })),
    ...[...params].map((key) => ({ group: 'param' as const, key })),
  ];
}

/** The value a column sorts and filters by. */
export function cellValue(run: RunSummary, c: ColumnId): string | number | null {
  if (c.group === 'metric') return run.metrics[c.key] ?? null;
  if (c.group === 'param') {
    const v = run.params[c.key];
    return v === undefined || v === null ? null : typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);
  }
  switch (c.key) {
    case 'id':
      return run.id;
    case 'status':
      return run.status;
    case 'pipeline':
      return run.pipelineName;
    case 'started':
      return Date.parse(run.startedAt);
    case 'backend':
      return run.backend ?? null;
  }
  return null;
}

/**
 * A metric that was NaN or infinite (a diverged loss) is stored as JSON, where it becomes
 * null: it is there, just not a number, and must not read as a blank.
 */
export const NOT_FINITE = 'not finite';

/** The text a cell shows. */
export function cellText(run: RunSummary, c: ColumnId, now: number): string {
  if (c.group === 'run' && c.key === 'started') return age(run.startedAt, now);
  if (c.group === 'metric' && c.key in run.metrics && !Number.isFinite(run.metrics[c.key])) return NOT_FINITE;
  const v = cellValue(run, c);
  if (v === null) return '';
  return typeof v === 'number' ? (c.group === 'metric' ? formatMetric(v) : String(v)) : v;
}

/** Sorted copy; empty cells last whatever the direction; ties keep newest first. */
export function sortRuns(runs: readonly RunSummary[], column: ColumnId, direction: SortDirection): RunSummary[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = runs.map((r, i) => ({ r, i, v: cellValue(r, column) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
    const d = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
    return d === 0 || Number.isNaN(d) ? a.i - b.i : sign * d;
  });
  return keyed.map((k) => k.r);
}

type Test = (r: RunSummary) => boolean;
const COMPARISON = /^([A-Za-z_][\w.]*)\s*(>=|<=|!=|=|>|<)\s*(.+)$/;

/**
 * Filter text: space-separated terms, all of which must hold. `auc>0.85`, `epochs=20`,
 * `status=failed` compare a metric, param or run field; any other word matches as a
 * case-insensitive substring of the id, pipeline, status or backend.
 */
export function parseFilter(text: string): Test {
  const tests: Test[] = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => {
      const m = COMPARISON.exec(term);
      if (!m) {
        const needle = term.toLowerCase();
        return (r) => [r.id, r.pipelineName, r.status, r.backend ?? ''].some((s) => s.toLowerCase().includes(needle));
      }
      const [, key, op, raw] = m;
      const wanted = Number(raw);
      const numeric = raw.trim() !== '' && Number.isFinite(wanted);
      return (r) => {
        const v =
          key in r.metrics ? r.metrics[key] : key in r.params ? cellValue(r, { group: 'param', key }) : (RUN_COLUMNS as readonly string[]).includes(key) ? cellValue(r, { group: 'run', key }) : null;
        if (v === null) return false;
        if (numeric && typeof v === 'number') {
          switch (op) {
            case '>':
              return v > wanted;
            case '>=':
              return v >= wanted;
            case '<':
              return v < wanted;
            case '<=':
              return v <= wanted;
            case '!=':
              return v !== wanted;
            default:
              return v === wanted;
          }
        }
        const eq = String(v).toLowerCase() === raw.toLowerCase();
        return op === '!=' ? !eq : op === '=' ? eq : false;
      };
    });
  return (r) => tests.every((t) => t(r));
}

/** What the table shows: filtered, then sorted. */
export function visibleRuns(runs: readonly RunSummary[], state: Pick<ExperimentsState, 'filter' | 'sort'>): RunSummary[] {
  const keep = parseFilter(state.filter);
  return sortRuns(
    runs.filter((r) => keep(r)),
    state.sort.column,
    state.sort.direction,
  );
}

export interface ParamRow {
  key: string;
  values: string[];
  /** True when the compared runs do not all agree. */
  differs: boolean;
}

/**
 * Metrics of the compared runs side by side, in first-seen order: '—' where a run has no such
 * metric (still running, failed, or another pipeline's metric set), and each row marked when
 * the runs do not all agree, as params are.
 */
export function compareMetrics(runs: readonly RunSummary[], now: number): ParamRow[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  return keys.map((key) => {
    const values = runs.map((r) => (key in r.metrics ? cellText(r, { group: 'metric', key }, now) : '—'));
    return { key, values, differs: new Set(values).size > 1 };
  });
}

/** Params of the compared runs side by side: every key any of them has, differences first. */
export function compareParams(runs: readonly RunSummary[]): ParamRow[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.params)) keys.add(k);
  for (const r of runs) for (const k of Object.keys(r.seeds)) keys.add(`seed.${k}`);
  const rows = [...keys].map((key) => {
    const values = runs.map((r) => {
      const v = key.startsWith('seed.') && !(key in r.params) ? r.seeds[key.slice(5)] : r.params[key];
      return v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
    });
    return { key, values, differs: new Set(values).size > 1 };
  });
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

export const DEFAULT_STATE: Omit<ExperimentsState, 'folder'> = {
  sort: { column: { group: 'run', key: 'started' }, direction: 'desc' },
  filter: '',
  selected: [],
  hidden: [],
  curveKey: 'loss',
};
