import type { Require } from '../../syntax/ast.js';
import { TEST } from '../../data/split.js';
import { compare } from '../../evaluate/gates.js';
import { splitConfig } from '../../language/splitConfig.js';
import { classOrder } from '../../language/task.js';
import { literalNumber } from '../../syntax/literals.js';
import type { CheckContext } from '../context.js';
import { engineSplit, isSeeded, keptSplitVerdict, splitColumn, splitKey, timesReadable } from '../engineSplit.js';
import type { Rule } from '../rule.js';
import type { SplitVerdicts } from '../verdicts.js';

/**
 * A gate whose metric the seeded split's test side cannot give: `require auc` when its rows hold
 * one class of the target (AUC needs both outcomes), `require r2` when it holds one row (r2
 * needs two), or when its rows hold one target value (r2 has no variance to explain: 0 unless
 * every prediction is exactly that value, as the run's gate then says). The run measures the metric as not computed and the gate fails every run (exit 3,
 * nothing registered) after a clean check. Likewise `require precision`, `recall` or `f1` of a
 * binary target when the test rows hold only the negative class: those measure the positive
 * class, so each is 0 whatever the model predicts (scikit-learn's zero_division), and a gate
 * above 0 fails every run. Computed with the engine's own split, over the rows with a target
 * (the rows the run keeps are among them, so they hold no more classes or rows).
 * An unseeded split draws its seed at run time and is not judged.
 */
export const gateNeverComputed: Rule = {
  name: 'invalid-value/gate-never-computed',
  phase: 1,
  file(ctx) {
    const tasks = ctx.modelTasks();
    if (tasks.size !== 1) return; // a metric of another task is reported as such
    const metrics: readonly string[] = tasks.has('classification') ? ['auc', ...POSITIVE_CLASS_METRICS] : tasks.has('regression') ? ['r2'] : [];
    const gates = (ctx.singleton('evaluate')?.entries ?? []).filter((e): e is Require => e.kind === 'Require' && metrics.includes(e.metric.name));
    if (!gates.length) return;
    const p = ctx.binding.primary;
    const data = p?.target ? ctx.readData(p) : undefined;
    if (!p?.target || !data || data.sampled || !splitConfig(ctx.binding).valid || !isSeeded(ctx)) return;
    const key = splitKey(ctx);
    const v = keptSplitVerdict(ctx, 'testClasses', 'test-classes', key === undefined ? undefined : `${key}\u0000${p.target}`, () => testClasses(ctx));
    if (!v || v.rows === 0) return; // no test row: invalid-value/empty-split
    const time = splitConfig(ctx.binding).order === 'time';
    const remedy = `${time ? "use a larger 'test'" : "try another 'seed' or a larger 'test'"}, or gate on another metric`;
    const rows = v.rows === 1 ? 'the one test row' : `all ${v.rows.toLocaleString('en-US')} test rows`;
    const labels = v.classes.length === 1 ? binaryLabels(ctx) : undefined;
    for (const g of gates) {
      const metric = g.metric.name;
      if (metric === 'auc' && v.classes.length === 1)
        ctx.report('invalid-value', g.metric, `'auc' would never be computed: the split puts ${rows} with a target in class ${JSON.stringify(v.classes[0])} of '${p.target}', and AUC needs two classes, so this gate fails every run; ${remedy}`);
      else if (metric === 'r2' && v.rows === 1)
        ctx.report('invalid-value', g.metric, `'r2' would never be computed: the split puts one row with a target in the test split, and r2 needs two, so this gate fails every run; ${remedy}`);
      else if (metric === 'r2' && v.classes.length === 1) {
        const threshold = literalNumber(g.value);
        // A gate that 0 meets passes every run; one that 1 fails is the threshold's own check's.
        if (threshold === undefined || compare(0, g.op, threshold) || !compare(1, g.op, threshold)) continue;
        const value = v.classes[0];
        ctx.report(
          'invalid-value',
          g.metric,
          `'r2' would be 0 on every run: the split puts ${rows} with a target at one value of '${p.target}' (${value}), which leaves r2 no variance to explain (1 only when every prediction is exactly ${value}, else 0, as scikit-learn), so this gate fails every run; ${time ? "use a larger 'test'" : "try another 'seed' or a larger 'test'"}, or gate on 'rmse' or 'mae'`,
        );
      }
      else if (POSITIVE_CLASS_METRICS.includes(metric) && labels && v.classes[0] === labels[0]) {
        const threshold = literalNumber(g.value);
        // A threshold that 0 meets passes every run, which the threshold's own check reports.
        if (threshold === undefined || compare(0, g.op, threshold)) continue;
        ctx.report(
          'invalid-value',
          g.metric,
          `'${metric}' would be 0 on every run: the split puts ${rows} with a target in class ${JSON.stringify(labels[0])} of '${p.target}' and none in the positive class ${JSON.stringify(labels[1])}, which ${metric} measures, so this gate fails every run; ${remedy}`,
        );
      }
    }
  },
};

/** The metrics of a binary classifier's positive class (precision, recall and f1 of the engine's class 1). */
const POSITIVE_CLASS_METRICS: readonly string[] = ['precision', 'recall', 'f1'];

/** A binary target's two labels in the engine's class order (the second is the positive class); undefined for any other target. */
function binaryLabels(ctx: CheckContext): string[] | undefined {
  const p = ctx.binding.primary;
  const col = p?.target ? ctx.column(p, p.target) : undefined;
  const cells = splitColumn(ctx, p?.target);
  if (!col || col.type === undefined || col.distinct !== 2 || !cells) return undefined;
  const labels = new Set<string>();
  for (const c of cells) if (c !== null && c !== undefined && labels.add(c).size === 2) break;
  return labels.size === 2 ? classOrder(labels, col.type !== 'string') : undefined;
}

/** The test side's rows with a target, and its distinct classes (the engine's keys; at most two kept). */
function testClasses(ctx: CheckContext): SplitVerdicts['testClasses'] {
  const a = engineSplit(ctx);
  const targets = splitColumn(ctx, ctx.binding.primary?.target);
  if (!a || !targets) return null;
  // A time the engine cannot read refuses the time-ordered split ('invalid-value' at 'order'): no test side to judge.
  if (!timesReadable(ctx)) return null;
  let rows = 0;
  const classes: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const t = targets[i];
    if (a[i] !== TEST || t === null || t === undefined) continue;
    rows++;
    if (classes.length < 2 && !classes.includes(t)) classes.push(t);
  }
  return { rows, classes };
}
