import { bareName } from '../../binder.js';
import { beyondFloat32, float32ConstantTarget, targetBeyondFloat32Message, targetFloat32ConstantMessage } from '../../features/usable.js';
import { CLASSIFY_ONLY_KINDS, classifyOnlyRegression, continuousClassTarget, inferredTaskReason, isFractional, MAX_CLASSES, tooFewTargetValues } from '../../language/task.js';
import type { Rule } from '../rule.js';
import type { CheckContext } from '../context.js';
import { straysText } from '../../data/strays.js';
import { SPREADSHEET_ERROR } from '../../data/values.js';

/**
 * The task a model learns must fit its target, as the runner encodes it: a regression target
 * must be numeric and within float32's range, either task needs at least two distinct values, and
 * a classify-only kind ('logistic') cannot learn a regression.
 */
export const targetTask: Rule = {
  name: 'invalid-value/target-task',
  phase: 1,
  file(ctx) {
    const p = ctx.binding.primary;
    const targetAttr = p?.attrs.get('target');
    if (!p?.target || !targetAttr) return;
    const col = ctx.column(p, p.target);
    const data = ctx.readData(p);
    if (!col || !data) return;
    for (const m of ctx.binding.models.values()) {
      const task = ctx.task(m);
      const explicit = m.attrs.get('task');
      const at = explicit && bareName(explicit.value) ? explicit.value : targetAttr.value;
      if (task === undefined && col.type === 'string' && col.strays) {
        // Numbers with a stray cell: a typo in a target of classes or of values alike.
        ctx.report('invalid-value', targetAttr.value, `target '${p.target}' is text${straysText(col.strays)}`);
        return;
      }
      // No task for labels means the engine's default, regression, which it refuses for text.
      if ((task ?? 'regression') === 'regression' && col.type === 'string') {
        ctx.report(
          'invalid-value',
          at,
          // A column of numbers with a stray cell is a regression target with a typo, not classes.
          `target '${p.target}' is text, so model '${m.name}' cannot learn a regression${col.strays ? straysText(col.strays) : `: set 'task = classification' in model '${m.name}'`}`,
          // Labels ('yes'/'no', a Parquet BOOLEAN's 'true'/'false') can only be classes: the fix
          // writes what the message says. Not over a stated 'task = regression' (a person's
          // choice to revisit), nor for numbers with a stray cell (a typo to correct).
          !explicit && !col.strays ? { fix: 'set-task', model: m.name, task: 'classification' } : undefined,
        );
        return;
      }
      if (task === 'regression') {
        const cells = ctx.cells(p, p.target) ?? [];
        const row = firstRow(data, 'beyond', p.target, cells, beyondFloat32);
        if (row >= 0) {
          ctx.report('invalid-value', targetAttr.value, targetBeyondFloat32Message(p.target, row, Number(cells[row]), p.source!));
          return;
        }
        // Only a target read whole can be said to hold one float32 value in every row.
        const constant = !data.sampled || col.whole ? float32Constant(data, p.target, cells) : undefined;
        if (constant !== undefined) {
          ctx.report('invalid-value', targetAttr.value, targetFloat32ConstantMessage(p.target, constant, p.source!));
          return;
        }
      }
      const kind = bareName(m.attrs.get('kind')?.value);
      if (task === 'regression' && kind && CLASSIFY_ONLY_KINDS.includes(kind.name)) {
        // Classes written 0.0/1.0 (pandas' floats): the model is right, the inferred task is not.
        const decimals = !explicit && ctx.targetWholeWithDecimalPoint();
        ctx.report(
          'invalid-value',
          kind,
          classifyOnlyRegression(kind.name, m.name, explicit ? undefined : inferredTaskReason(p.target, col.type, col.distinct, decimals), decimals),
          decimals ? { fix: 'set-task', model: m.name, task: 'classification' } : undefined,
        );
        return;
      }
      // Only a stated task can be classification on a column of non-integer numbers.
      if (task === 'classification') {
        const continuous = continuousTarget(ctx);
        if (continuous) {
          ctx.report('invalid-value', at, continuous);
          return;
        }
      }
      // Excel's '#N/A' among 'yes'/'no' made a binary target multiclass, with a clean check.
      if (task === 'classification' && col.type === 'string') {
        const cells = ctx.cells(p, p.target) ?? [];
        const errors = spreadsheetErrors(data, p.target, cells);
        if (errors) {
          ctx.report(
            'invalid-value',
            targetAttr.value,
            `target '${p.target}' holds '${cells[errors.row]}', a spreadsheet's error value, in ${errors.count === 1 ? '1 row' : `${errors.count.toLocaleString('en-US')} rows`} (first: data row ${errors.row + 1}), which would be learned as a class of its own: write those cells empty (missing), so the run leaves those rows out, or fix what computed them`,
          );
          return;
        }
      }
      // A sample's distinct count says nothing of the whole file's; a target read whole (`whole`) does.
      const tooFew = task && (!data.sampled || col.whole) ? tooFewTargetValues(p.target, task, col.distinct) : undefined;
      if (tooFew) {
        ctx.report('invalid-value', at, tooFew);
        return;
      }
    }
  },
};

// Scanned once per file version, question and column: the editor checks on every keystroke.
const firstRows = new WeakMap<object, Map<string, number>>();

/**
 * Why the primary table's target cannot be a classifier's classes (`continuousClassTarget`: many
 * values, not all whole), or undefined when it can or the data is not read. Read by this rule, and
 * by the metric rule, which must not advise 'task = classification' for such a target.
 */
export function continuousTarget(ctx: CheckContext): string | undefined {
  const p = ctx.binding.primary;
  const col = p?.target ? ctx.column(p, p.target) : undefined;
  const data = p ? ctx.readData(p) : undefined;
  if (!p?.target || !col || !data || col.type !== 'number' || col.distinct <= MAX_CLASSES) return undefined;
  const cells = ctx.cells(p, p.target) ?? [];
  const row = firstRow(data, 'fractional', p.target, cells, isFractional);
  return continuousClassTarget(p.target, col.distinct, row >= 0 ? Number(cells[row]) : undefined);
}

/** The first row whose cell, read as the engine's number, passes `test` (-1: none); `question` names the test. */
function firstRow(data: object, question: string, column: string, cells: ReadonlyArray<string | null>, test: (v: number) => boolean): number {
  let m = firstRows.get(data);
  if (!m) firstRows.set(data, (m = new Map()));
  const key = `${question}\u0000${column}`;
  let row = m.get(key);
  if (row === undefined) m.set(key, (row = cells.findIndex((c) => c !== null && test(Number(c)))));
  return row;
}

const float32Constants = new WeakMap<object, Map<string, number | null>>();

/** `float32ConstantTarget` of a column's cells, once per file version and column. */
function float32Constant(data: object, column: string, cells: ReadonlyArray<string | null>): number | undefined {
  let m = float32Constants.get(data);
  if (!m) float32Constants.set(data, (m = new Map()));
  let found = m.get(column);
  if (found === undefined) m.set(column, (found = float32ConstantTarget(cells.map((c) => (c === null ? null : Number(c)))) ?? null));
  return found ?? undefined;
}

const errorCells = new WeakMap<object, Map<string, { row: number; count: number } | null>>();

/** The first cell of a column that is a spreadsheet's error value, and how many are, once per file version and column. */
function spreadsheetErrors(data: object, column: string, cells: ReadonlyArray<string | null>): { row: number; count: number } | undefined {
  let m = errorCells.get(data);
  if (!m) errorCells.set(data, (m = new Map()));
  let found = m.get(column);
  if (found === undefined) {
    found = null;
    for (let r = 0; r < cells.length; r++) {
      const c = cells[r];
      if (c === null || c.charCodeAt(0) !== 35 /* # */ || !SPREADSHEET_ERROR.test(c)) continue;
      if (found) found.count++;
      else found = { row: r, count: 1 };
    }
    m.set(column, found);
  }
  return found ?? undefined;
}
