/**
 * A threshold line (`require METRIC OP VALUE`, `drift TARGET STAT OP VALUE`) judged against what
 * its measure means: which way it points and which values it can take, both read from the
 * metric table and the drift catalogue. A gate or a monitor that points the wrong way, or whose
 * threshold lies outside the measure's values, runs without error and means nothing: a gate that
 * rejects the better models, a monitor that alerts on every window or never.
 */
import { DRIFT_STATISTIC_INFO, type DriftStatistic } from '../drift/catalogue.js';
import { METRICS, type MetricName, type ValueRange } from '../metrics/table.js';
import type { CompareOp } from '../syntax/ast.js';

const FLIP: Record<CompareOp, CompareOp> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

export function flipped(op: CompareOp): CompareOp {
  return FLIP[op];
}

/** Whether `op` points the way the line must: up (`>`, `>=`) when `up`, else down. */
export function pointsRightWay(op: CompareOp, up: boolean): boolean {
  return up === (op === '>' || op === '>=');
}

/** Whether `value OP threshold` can never hold, or always holds, for every value in `range`. */
export function degenerate(op: CompareOp, threshold: number, range: ValueRange): 'never' | 'always' | undefined {
  const { min, max } = range;
  switch (op) {
    case '>':
      return threshold >= max ? 'never' : threshold < min ? 'always' : undefined;
    case '>=':
      return threshold > max ? 'never' : threshold <= min ? 'always' : undefined;
    case '<':
      return threshold <= min ? 'never' : threshold > max ? 'always' : undefined;
    case '<=':
      return threshold < min ? 'never' : threshold >= max ? 'always' : undefined;
  }
}

const shown = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));

/** What follows "takes values": `from 0 to 1`, `of 0 or more`, `of at most 1`. */
export function rangeText(range: ValueRange): string {
  const lo = Number.isFinite(range.min);
  const hi = Number.isFinite(range.max);
  if (lo && hi) return `from ${shown(range.min)} to ${shown(range.max)}`;
  if (lo) return `of ${shown(range.min)} or more`;
  if (hi) return `of at most ${shown(range.max)}`;
  return 'of any size';
}

/** A `require` line of a known metric, or a `drift` line of a known statistic. */
export type ThresholdLine = { kind: 'require'; metric: MetricName } | { kind: 'drift'; target: string; statistic: DriftStatistic };

export interface ThresholdProblem {
  message: string;
  /** Where it belongs: the whole line (the way it points) or its threshold. */
  at: 'line' | 'value';
  /** The comparison that fixes it, when flipping alone does. */
  flip?: CompareOp;
}

/**
 * What is wrong with a threshold line, in the checker's words, or nothing: read by the checker
 * (`invalid-value`) and by serving, which refuses a monitor line the checker refuses.
 * `written`: the threshold as the file writes it.
 */
export function thresholdProblem(line: ThresholdLine, op: CompareOp, threshold: number, written: string): ThresholdProblem | undefined {
  const gate = line.kind === 'require';
  const measure = gate ? line.metric : line.statistic;
  const head = gate ? 'require' : `drift ${line.target}`;
  const up = gate ? METRICS[line.metric].higherIsBetter : DRIFT_STATISTIC_INFO[line.statistic].drifted === 'high';
  const range: ValueRange = gate ? METRICS[line.metric].range : DRIFT_STATISTIC_INFO[line.statistic].range;
  const words = gate
    ? { direction: `is better when ${up ? 'higher' : 'lower'}`, wrongWay: 'rejects the better models', never: 'fails every model', always: 'passes every model: a gate that cannot fail' }
    : { direction: `is ${up ? 'larger' : 'smaller'} the more the data drifts`, wrongWay: 'alerts while the data stays like the reference', never: 'never alerts', always: 'alerts on every window' };
  const text = (o: CompareOp) => `${head} ${measure} ${o} ${written}`;
  const values = `'${measure}' takes values ${rangeText(range)}`;
  const wrong = degenerate(op, threshold, range);
  if (!pointsRightWay(op, up)) {
    const right = flipped(op);
    const within = `write '${head} ${measure} ${right} …' with a threshold ${rangeText(range)}`;
    if (wrong) return { at: 'line', message: `${values} and ${words.direction}, so '${text(op)}' ${words[wrong]}: ${within}` };
    // Flipped, the threshold may still hold never or always: then flipping is no fix.
    if (degenerate(right, threshold, range)) return { at: 'line', message: `'${measure}' ${words.direction}, so '${text(op)}' ${words.wrongWay}: ${within}` };
    return { at: 'line', message: `'${measure}' ${words.direction}, so '${text(op)}' ${words.wrongWay}: write '${text(right)}'`, flip: right };
  }
  if (wrong) return { at: 'value', message: `${values}, so '${text(op)}' ${words[wrong]}: give a threshold within that range` };
  return undefined;
}
