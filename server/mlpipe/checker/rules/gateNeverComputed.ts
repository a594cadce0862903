import type { Require } from '../../syntax/ast.js';
import { TEST } from '../../data/split.js';
import { splitConfig } from '../../language/splitConfig.js';
import type { CheckContext } from '../context.js';
import { engineSplit, isSeeded, keptSplitVerdict, splitColumn, splitKey, timesReadable } from '../engineSplit.js';
import type { Rule } from '../rule.js';
import type { SplitVerdicts } from '../verdicts.js';

/**
 * A gate whose metric the seeded split's test side cannot give: `require auc` when its rows hold
 * one class of the target (AUC needs both outcomes), `require r2` when it holds one row (r2
 * needs two). The run measures the metric as not computed and the gate fails every run (exit 3,
 * nothing registered) after a clean check. Computed with the engine's own split, over the rows
 * with a target (the rows the run keeps are among them, so they hold no more classes or rows).
 * An unseeded split draws its seed at run time and is not judged.
 */
export const gateNeverComputed: Rule = {
  name: 'invalid-value/gate-never-computed',
  phase: 1,
  file(ctx) {
    const tasks = ctx.modelTasks();
    if (tasks.size !== 1) return; // a metric of another task is reported as such
    const metric = tasks.has('classification') ? 'auc' : tasks.has('regression') ? 'r2' : undefined;
    const gates = (ctx.singleton('evaluate')?.entries ?? []).filter((e): e is Require => e.kind === 'Require' && e.metric.name === metric);
    if (!gates.length) return;
    const p = ctx.binding.primary;
    const data = p?.target ? ctx.readData(p) : undefined;
    if (!p?.target || !data || data.sampled || !splitConfig(ctx.binding).valid || !isSeeded(ctx)) return;
    const key = splitKey(ctx);
    const v = keptSplitVerdict(ctx, 'testClasses', 'test-classes', key === undefined ? undefined : `${key}\u0000${p.target}`, () => testClasses(ctx));
    if (!v || v.rows === 0) return; // no test row: invalid-value/empty-split
    const time = splitConfig(ctx.binding).order === 'time';
    const remedy = `${time ? "use a larger 'test'" : "try another 'seed' or a larger 'test'"}, or gate on another metric`;
    let message: string | undefined;
    if (metric === 'auc' && v.classes.length === 1) {
      const rows = v.rows === 1 ? 'the one test row' : `all ${v.rows.toLocaleString('en-US')} test rows`;
      message = `'auc' would never be computed: the split puts ${rows} with a target in class ${JSON.stringify(v.classes[0])} of '${p.target}', and AUC needs two classes, so this gate fails every run; ${remedy}`;
    } else if (metric === 'r2' && v.rows === 1)
      message = `'r2' would never be computed: the split puts one row with a target in the test split, and r2 needs two, so this gate fails every run; ${remedy}`;
    if (message) for (const g of gates) ctx.report('invalid-value', g.metric, message);
  },
};

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
