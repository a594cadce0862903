import type { Comparison, GateOutcome } from './gates.js';

/**
 * A metric's value in words: `digits` decimals, or as many significant digits plus one in
 * exponent form from a million up (a regression on a target of 1e30 printed 'rmse
 * 9.427465107062706e+29', and 5e20 as 21 digits and '.000').
 */
export function metricText(v: number, digits = 4): string {
  return Math.abs(v) < 1e6 ? v.toFixed(digits) : v.toPrecision(digits + 1);
}

const num = (v: number | null) => (v === null ? 'not computed' : metricText(v));

/**
 * One `compare_to` judgement in words, the same in the terminal, the editor's messages and the
 * Run panel: `auc vs production v1 on this run's 750 test rows: 0.8743 vs 0.8552`. The verdict
 * (`not worse` / `WORSE`) is left to the caller, which colours it.
 */
export function comparisonText(c: Comparison): string {
  if (c.version === undefined) return `${c.metric} vs ${c.stage} (none yet)`;
  const trainedOn = c.trainedOn ? ` (${c.trainedOn} it trained on left out)` : '';
  const basis = c.basis === 'test-rows' ? ` on this run's ${c.rows} test rows${trainedOn}` : c.basis === 'recorded' ? ` as recorded at its training (${c.why})` : '';
  const reason = c.candidate === null && c.reason ? ` (${c.reason})` : '';
  return `${c.metric} vs ${c.stage} v${c.version}${basis}: ${num(c.candidate)} vs ${num(c.incumbent)}${reason}`;
}

/**
 * One gate's judgement in words, the same in the run's output and a drift retrain's alert:
 * `rmse <= 1: 6.8033`, or `not computed (its reason)`, or a value with the reason the test rows
 * gave it (`r2 >= 0.5: 0.0000 (…one target value…)`). The verdict is left to the caller.
 */
export function gateText(g: GateOutcome): string {
  return `${g.metric} ${g.op} ${g.threshold}: ${g.actual === null ? 'not computed' : metricText(g.actual)}${g.reason ? ` (${g.reason})` : ''}`;
}

/**
 * `notRegisteredReason` with the failed gates named (`a gate failed (rmse <= 1: 6.8033)`): a
 * retrain on drift says it on one line, with no run summary beside it to look the gate up in.
 */
export function notRegisteredDetail(gates: { passed: boolean; results: GateOutcome[]; comparisons: Comparison[] }): string | undefined {
  const reason = notRegisteredReason(gates);
  const failed = gates.results.filter((g) => !g.passed);
  if (reason === undefined || failed.length === 0) return reason;
  const [first, ...rest] = reason.split('; ');
  return [`${first} (${failed.map(gateText).join('; ')})`, ...rest].join('; ');
}

/** A candidate metric that was not computed fails as `NOT COMPARED`: no number showed it worse. */
export function comparisonVerdict(c: Pick<Comparison, 'passed' | 'candidate'>): 'not worse' | 'WORSE' | 'NOT COMPARED' {
  return c.passed ? 'not worse' : c.candidate === null ? 'NOT COMPARED' : 'WORSE';
}

/** Why a run whose gates ran registered nothing, or undefined when it did or had no reason to. */
export function notRegisteredReason(gates: { passed: boolean; results: Array<{ passed: boolean }>; comparisons: Comparison[] }): string | undefined {
  if (gates.passed) return undefined;
  const failed = gates.results.filter((g) => !g.passed).length;
  const worse = gates.comparisons.filter((c) => !c.passed && c.candidate !== null);
  const uncompared = gates.comparisons.filter((c) => !c.passed && c.candidate === null);
  const parts: string[] = [];
  if (failed) parts.push(failed === 1 ? 'a gate failed' : `${failed} gates failed`);
  if (worse.length) parts.push(`worse than ${worse[0].stage} v${worse[0].version} on ${worse.map((c) => c.metric).join(', ')}`);
  if (uncompared.length) parts.push(`could not be compared with ${uncompared[0].stage} v${uncompared[0].version} on ${uncompared.map((c) => c.metric).join(', ')}`);
  return parts.join('; ');
}

/**
 * The metrics a run list shows, as `name=value`: the ones its gates judge first (a multiclass run
 * gated on `f1` and `log_loss` listed only `accuracy auc precision recall`, the first four in
 * computation order), then the others, at least `atLeast` in all.
 */
export function listedMetrics(metrics: Record<string, number>, gates: ReadonlyArray<{ metric: string }>, atLeast = 4): string {
  const gated = new Set(gates.map((g) => g.metric));
  const entries = Object.entries(metrics);
  const ordered = [...entries.filter(([k]) => gated.has(k)), ...entries.filter(([k]) => !gated.has(k))];
  return ordered.slice(0, Math.max(atLeast, gated.size)).map(([k, v]) => `${k}=${metricText(v, 3)}`).join(' ');
}

/** A stored run's gates in a few words, for run lists: `gates pass`, `a gate failed`, `gates pass; worse than production v1 on auc`. */
export function gatesSummary(run: { gates: Array<{ passed: boolean }>; comparisons?: Comparison[] }): string {
  const comparisons = run.comparisons ?? [];
  if (!run.gates.length && !comparisons.length) return '';
  const passed = run.gates.every((g) => g.passed) && comparisons.every((c) => c.passed);
  return passed ? 'gates pass' : (notRegisteredReason({ passed, results: run.gates, comparisons }) ?? '');
}
