import { buildProfile, statisticProblem } from '../../drift/index.js';
import { compilePlan, completeRows, fitPlan, outputLayout, planInputOf, transformBatch, type FeaturePlan } from '../../features/index.js';
import { PREDICTION_TARGET } from '../../language/keywords.js';
import type { CheckContext } from '../context.js';
import { wholeTable } from '../dataTables.js';
import { engineSplit, isSeeded, splitKey } from '../engineSplit.js';
import { historyOf, isRefusal, partsOf, tablesOf } from '../judge.js';
import { planTextOf } from './missingEveryRow.js';
import type { Rule } from '../rule.js';
import { monitorDriftLines } from '../../served.js';
import { driftTargetKind } from './driftStatisticKind.js';

/**
 * `drift X chi2` on a numeric model input with more than 100 distinct values on the training
 * rows: the reference profile keeps no counts for it, so the run registers the model and serving
 * refuses to start on the line (`unmeasurableDriftLines`). The checker computes those values as
 * the run does (the served model's plan fitted on the engine's training split, the rows
 * `completeRows` keeps, one profile by `buildProfile`) and asks the same `statisticProblem`, so a
 * clean check still means the pipeline serves. Only for a seeded split: an unseeded run draws its
 * own, and a count near 100 could fall either way. An inner drift target (a feature the model
 * reads through another, `drift xr chi2` with `xs = standardize(xr)`) is computed as the run's
 * reference computes it (`saveTrainingReference`: a plan of that feature, the model's fitted
 * state, the same training rows); it was left to serving, so the check was clean, the run
 * trained and registered, and `mlpipe serve` refused the line.
 */
export const driftValues: Rule = {
  name: 'invalid-value/drift-values',
  phase: 2,
  file(ctx) {
    const lines = monitorDriftLines(ctx.binding).filter((e) => e.stat.name === 'chi2');
    if (lines.length === 0) return;
    const model = ctx.servedModel();
    const p = ctx.binding.primary;
    if (!model || !p?.target || !isSeeded(ctx)) return;
    for (const line of lines) {
      const target = line.target.name;
      if (target === PREDICTION_TARGET || driftTargetKind(target, ctx) !== 'numeric') continue;
      const problem = problemOf(ctx, model.name, target);
      if (problem) ctx.report('invalid-value', line.stat, problem);
    }
  },
};

/** The training values' problem for chi2, by the primary data object, then the split, model plan and target. */
const kept = new WeakMap<object, Map<string, string | null>>();

function problemOf(ctx: CheckContext, modelName: string, target: string): string | undefined {
  const p = ctx.binding.primary!;
  const data = ctx.readData(p);
  const split = splitKey(ctx);
  if (!data || split === undefined) return undefined;
  let plan: FeaturePlan;
  try {
    plan = compilePlan(planInputOf(ctx.binding, modelName));
  } catch (e) {
    if (isRefusal(e)) return undefined; // the compiler's refusal is another rule's error
    throw e;
  }
  // The history tables' bytes too: a history file changes while the primary data object stays.
  const histories = [...plan.histories.keys()].map((name) => {
    const t = ctx.binding.tables.get(name);
    return t ? (ctx.readData(t)?.hash ?? null) : null;
  });
  if (histories.includes(null)) return undefined;
  const key = JSON.stringify([split, planTextOf(plan), histories, target]);
  let byKey = kept.get(data);
  if (!byKey) kept.set(data, (byKey = new Map()));
  if (byKey.has(key)) return byKey.get(key) ?? undefined;
  const found = compute(ctx, plan, modelName, target);
  if (found === undefined) return undefined; // not known: tried again next check
  byKey.set(key, found);
  return found ?? undefined;
}

/** The problem (null: none), or undefined when the rows cannot be computed (a table not wholly known, an engine refusal). */
function compute(ctx: CheckContext, plan: FeaturePlan, modelName: string, target: string): string | null | undefined {
  const p = ctx.binding.primary!;
  const tables = tablesOf(ctx, plan);
  const targets = tables && wholeTable(ctx, p, [p.target!])?.columns[0];
  const assignment = engineSplit(ctx);
  if (!tables || !targets || !assignment) return undefined;
  try {
    const history = historyOf(ctx, plan, tables);
    const state = fitPlan(plan, { tables }, assignment, { history });
    const batch = transformBatch(plan, state, { tables }, { history });
    // The runner's sides (rows with a target), then the rows whose inputs are all present.
    const rows = completeRows(batch, partsOf(assignment, targets.values));
    if (rows.empty || rows.beyond || rows.noColumns) return undefined; // the run is refused: other rules say why
    const slot = outputLayout(plan, state).features.find((f) => f.feature === target);
    let values: number[];
    if (slot) values = rows.sides.train.map((r) => batch.x[r * batch.width + slot.offset]);
    else {
      // An inner target: only a feature of the model's closure has a reference (others are
      // `unknown-drift-target`).
      if (!plan.features.has(target)) return undefined;
      const inner = compilePlan({ ...planInputOf(ctx.binding, modelName), inputs: [target] });
      const b = transformBatch(inner, state, { tables }, { history, rows: rows.sides.train });
      values = Array.from(b.x.subarray(0, b.rows * b.width));
    }
    return statisticProblem(buildProfile(values, 'numeric'), 'chi2', target) ?? null;
  } catch (e) {
    if (isRefusal(e)) return undefined;
    throw e;
  }
}
