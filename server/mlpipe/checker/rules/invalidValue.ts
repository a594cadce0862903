import { attributesOf, bareName, isBareName, type ModelSymbol } from '../../binder.js';
import { attributeSpec, DRIFT_STATISTICS, METRICS, STAGES, type AttributeSpec } from '../../language/blocks.js';
import { isDriftStatistic, unknownStatisticMessage } from '../../drift/catalogue.js';
import { isMetricName } from '../../metrics/table.js';
import type { Attribute, Block, CompareOp, Expr, Ident, Span } from '../../syntax/ast.js';
import { literalNumber } from '../../syntax/literals.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';
import type { ModelKind, Task } from '../../language/keywords.js';
import { tooManyWeights } from '../../language/networkSize.js';
import { versionNumber } from '../../language/versionNumber.js';
import { inferredTaskReason } from '../../language/task.js';
import { continuousTarget } from './targetTask.js';
import { thresholdProblem, type ThresholdLine } from '../threshold.js';
import type { FixData } from '../../diagnostics.js';
import { DATA_VERSION } from '../../language/dataVersion.js';
import { refName, refPart, refPartCount, refPartIdent } from '../../syntax/reference.js';

function describe(e: Expr): string {
  switch (e.kind) {
    case 'String':
      return 'a string';
    case 'Number':
      return `'${e.text}'`;
    case 'Duration':
      return 'a duration';
    case 'List':
      return 'a list';
    case 'Bool':
      return `'${e.value}'`;
    case 'Reference':
      // As written, '@stage' included: 'compare_to = churn_model@production' is not "not 'churn_model'".
      return `'${refName(e)}${e.at ? '@' + e.at.text : ''}'`;
    default:
      return 'an expression';
  }
}

/** Why a list item cannot be a model input: a column is named as a feature that reads it, anything else as a name. */
function notAnInput(ctx: CheckContext, item: Expr): string {
  if (item.kind === 'Reference' && refPartCount(item) === 2 && !item.at) {
    const t = refPartIdent(item, 0);
    const c = refPartIdent(item, 1);
    const feature = ctx.binding.features.has(c.name) ? `list the feature '${c.name}'` : `define 'feature ${c.name} = ${t.name}.${c.name}' and list '${c.name}'`;
    return `'${t.name}.${c.name}' is a column, and 'inputs' name features: ${feature}`;
  }
  if (item.kind === 'String' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(item.value))
    return `'inputs' name features without quotes: write ${item.value}, not "${item.value}"`;
  return `'inputs' takes feature names, not ${describe(item)}: define a feature for it and list its name`;
}

/** What a path attribute's message shows as an example: a lockfile is no CSV file. */
const PATH_EXAMPLE: Record<string, string> = { source: 'data/file.csv', lockfile: 'package-lock.json' };

function checkValue(ctx: CheckContext, spec: AttributeSpec, attr: Attribute): void {
  const v = attr.value;
  if (v.kind === 'ErrorExpr') return;
  const name = attr.name.name;
  const bad = (msg: string) => ctx.report('invalid-value', v, msg);
  const n = literalNumber(v);
  switch (spec.kind) {
    case 'string':
    case 'path':
      if (v.kind !== 'String') bad(`'${name}' takes a quoted path, e.g. '${name} = "${PATH_EXAMPLE[name] ?? 'data/file.csv'}"'`);
      else if (v.value.trim() === '') bad(`'${name}' is empty: name a file, e.g. '${name} = "${PATH_EXAMPLE[name] ?? 'data/file.csv'}"'`);
      break;
    case 'version':
      if (v.kind !== 'String' || !DATA_VERSION.test(v.value)) bad(`'version' takes '"sha256:<64 hex digits>"', the content hash of the file`);
      break;
    case 'fraction':
      if (n === undefined || !(n > 0 && n < 1)) bad(`'${name}' takes a share between 0 and 1 (exclusive), not ${describe(v)}`);
      break;
    case 'integer': {
      const min = spec.range?.min ?? 1;
      const max = spec.range?.max ?? Number.MAX_SAFE_INTEGER;
      if (n === undefined || !Number.isInteger(n) || n < min)
        bad(`'${name}' takes a ${min > 0 ? 'positive' : 'non-negative'} whole number, not ${describe(v)}`);
      else if (n > max) bad(`'${name}' takes a whole number from ${min} to ${max}, not ${describe(v)}`);
      break;
    }
    case 'number':
      if (n === undefined || !(n > 0)) bad(`'${name}' takes a positive number, not ${describe(v)}`);
      break;
    case 'bool':
      if (v.kind !== 'Bool') bad(`'${name}' takes 'true' or 'false', not ${describe(v)}`);
      break;
    case 'keyword': {
      const id = bareName(v);
      if (v.kind === 'String' && spec.values!.includes(v.value)) {
        // The right word in quotes ('format = "parquet"', as YAML and JSON configs write it): say so.
        bad(`'${name}' takes the bare word ${v.value}, not the string "${v.value}": write '${name} = ${v.value}' without the quotes`);
      } else if (!id || !spec.values!.includes(id.name)) {
        const { suffix, fix } = id ? ctx.didYouMeanWord(`keywords:${name}`, spec.values!, id.name) : { suffix: '', fix: undefined };
        const quoted = spec.values!.map((x) => "'" + x + "'");
        // One allowed word ('reference' takes only 'training') reads as 'only', not 'one of'.
        const allowed = quoted.length === 1 ? `only ${quoted[0]}` : `one of ${quoted.join(', ')}`;
        ctx.report('invalid-value', v, `'${name}' takes ${allowed}, not ${describe(v)}${suffix}`, fix);
      }
      break;
    }
    case 'column':
    case 'primaryColumn':
    case 'model':
      if (!bareName(v)) bad(`'${name}' takes a bare name, not ${describe(v)}`);
      break;
    case 'features':
      if (v.kind === 'List') {
        if (v.items.length === 0) bad("'inputs' is empty: name at least one feature");
        // Each item that is no feature name is reported where it stands, so a long list says which.
        for (const item of v.items) {
          // A feature named 'true' is the error ('duplicate-definition' at its name): one error for one cause.
          if (item.kind === 'Bool' && ctx.binding.features.has(String(item.value))) continue;
          // The test of a bare word alone: a name node per input would be one per model input per check.
          if (!isBareName(item)) ctx.report('invalid-value', item, notAnInput(ctx, item));
        }
      } else if (bareName(v)) {
        // One feature without brackets: the binder still counts it as the input, so only this is said.
        bad(`'inputs' takes a list of feature names: write 'inputs = [${bareName(v)!.name}]'`);
      } else {
        // The example in the pipeline's own feature names, as the rest of the message speaks.
        bad(`'inputs' takes a list of feature names, e.g. 'inputs = [${[...ctx.binding.features.keys()].slice(0, 2).join(', ') || 'feature_a, feature_b'}]'`);
      }
      break;
    case 'integerList': {
      const max = spec.range?.max ?? Number.MAX_SAFE_INTEGER;
      if (v.kind !== 'List' || v.items.some((i) => {
        const x = literalNumber(i);
        return x === undefined || !Number.isInteger(x) || x <= 0 || x > max;
      }))
        bad(`'${name}' takes a list of whole numbers from 1 to ${max}, e.g. '[64, 32]'`);
      break;
    }
    case 'servedModel':
      if (v.kind !== 'Reference' || refPartCount(v) !== 1) bad("'model' takes 'name', 'name@stage' or 'name@version'");
      else if (v.at && !v.at.isNumber && !STAGES.includes(v.at.text)) {
        const { suffix, fix } = ctx.didYouMeanWord('stages', STAGES, v.at.text);
        ctx.report('invalid-value', { start: v.at.start, end: v.at.end }, `'@${v.at.text}' is not a stage: use ${STAGES.map((s) => "'@" + s + "'").join(', ')} or a version number${suffix}`, fix);
      }
      else if (v.at?.isNumber && versionNumber(v.at.text) === undefined)
        ctx.report('invalid-value', { start: v.at.start, end: v.at.end }, `a version is a positive whole number, e.g. '${refPart(v, 0)}@3'`);
      else servesRegistered(ctx, refPartIdent(v, 0));
      break;
  }
}

/**
 * Serving reads versions from the registry, which holds registered models: a `model` block's
 * own name there names nothing the server can load (`cannot load 'm': unknown model 'm'`). The
 * fix names the registered model made from it, when a `register` block makes one.
 */
function servesRegistered(ctx: CheckContext, name: Ident): void {
  const { binding } = ctx;
  if (binding.registered.has(name.name) || !binding.models.has(name.name)) return;
  const from = [...binding.registered.values()].find((r) => r.from?.name === name.name);
  ctx.report(
    'invalid-value',
    name,
    from
      ? `'${name.name}' is a model, and serving loads versions of a registered model: serve '${from.name}', which registers it`
      : `'${name.name}' is a model, and serving loads versions of a registered model: add 'register ${name.name}_model { from = ${name.name} }' and serve that name`,
    from ? { fix: 'did-you-mean', name: from.name } : undefined,
  );
}

/** A threshold line's problem (`checker/threshold.ts`), at the whole line or at its threshold. */
function checkThreshold(ctx: CheckContext, node: Span & { value: Expr }, line: ThresholdLine, op: CompareOp): void {
  const problem = thresholdProblem(line, op, literalNumber(node.value)!, ctx.file.text.slice(node.value.start, node.value.end));
  if (problem) ctx.report('invalid-value', problem.at === 'line' ? node : node.value, problem.message, problem.flip ? { fix: 'flip-comparison', op: problem.flip } : undefined);
}

/** Values of the wrong type or out of range, metrics and statistics the language lacks, and the target count. */
/**
 * Why the one model's task is not `wanted` and what to write, when no `task` says it but the
 * target's values do (the spec's inference: a few whole numbers classify): a target written
 * 1.0 to 5.0 is regression by that rule, and the gate's message alone did not say how to classify.
 * Several models that all infer it are each named (units sold capped at 9, with an mlp and a
 * linear model, was only told to use classification metrics). Empty when a model writes its task
 * (then the gate is what is wrong).
 */
function inferredTaskFix(ctx: CheckContext, wanted: Task): { text: string; fix?: FixData } {
  const models = [...ctx.binding.models.values()];
  const primary = ctx.binding.primary;
  const target = primary?.target;
  if (models.length === 0 || models.some((m) => m.attrs.has('task')) || !primary || !target) return { text: '' };
  // A measurement (many values, not all whole) cannot be classes: the advice would be the next error.
  if (wanted === 'classification' && continuousTarget(ctx)) return { text: '' };
  const col = ctx.column(primary, target);
  const names = models.map((m) => `'${m.name}'`);
  const where = names.length === 1 ? `model ${names[0]}` : `models ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  // Classes written 0.0/1.0: setting the task is the fix, not another metric (one model: one edit).
  const decimals = wanted === 'classification' && ctx.targetWholeWithDecimalPoint();
  const text = `, or set 'task = ${wanted}' in ${where} (${inferredTaskReason(target, col?.type, col?.distinct, decimals)})`;
  return decimals && models.length === 1 ? { text, fix: { fix: 'set-task', model: models[0].name, task: wanted } } : { text };
}

/**
 * Widths that are each in range can still make a network too large to train, which the run
 * refuses: said here for a kind that reads `layers` (a `linear` model ignores them, and
 * unknown-attribute says so).
 */
function tooLargeNetwork(ctx: CheckContext, spec: AttributeSpec, attr: Attribute, block: Block): void {
  const kind = bareName(attributesOf(block).get('kind')?.value)?.name;
  if (!kind || !spec.onlyKinds?.includes(kind as ModelKind) || attr.value.kind !== 'List') return;
  const widths = attr.value.items.map((i) => literalNumber(i));
  if (!widths.every((w): w is number => w !== undefined && Number.isInteger(w) && w >= 1 && w <= (spec.range?.max ?? Infinity))) return;
  const tooLarge = tooManyWeights(widths);
  if (tooLarge) ctx.report('invalid-value', attr.value, `'layers' ${tooLarge}`);
}

/** The models whose task is known and is not `task`. */
function modelsOfOtherTask(ctx: CheckContext, task: Task): ModelSymbol[] {
  return [...ctx.binding.models.values()].filter((model) => {
    const t = ctx.task(model);
    return t !== undefined && t !== task;
  });
}

export const invalidValue: Rule = {
  name: 'invalid-value',
  phase: 0,
  attribute(attr, block, ctx) {
    const spec = attributeSpec(block.type.name, attr.name.name);
    if (spec) checkValue(ctx, spec, attr);
    if (spec?.name === 'layers' && block.type.name === 'model') tooLargeNetwork(ctx, spec, attr, block);
    if (block.type.name === 'defaults') {
      const v = attr.value;
      if (v.kind !== 'Number' && v.kind !== 'String' && v.kind !== 'Bool' && v.kind !== 'ErrorExpr')
        ctx.report('invalid-value', v, 'a serving default is a literal number or string');
      // A number beyond the doubles' range names no value ('literalNumber'): serving dropped the
      // default without a word, and refused every request without the field as uncovered.
      else if (v.kind === 'Number' && !Number.isFinite(v.value))
        ctx.report('invalid-value', v, `a serving default is a literal number or string, and '${v.text}' is beyond the range of a double (about ±1.8e308)`);
    }
  },
  block(block, ctx) {
    if (block.type.name !== 'split') return;
    const attrs = attributesOf(block);
    const test = attrs.get('test') ? literalNumber(attrs.get('test')!.value) : 0.2;
    const val = attrs.get('validation') ? literalNumber(attrs.get('validation')!.value) : 0;
    // A share out of range on its own is that share's error alone (errors do not cascade).
    if (test !== undefined && val !== undefined && test > 0 && val > 0 && test < 1 && val < 1 && test + val >= 1)
      ctx.report('invalid-value', attrs.get('validation')!.value, "'test' and 'validation' together must leave rows for training (sum below 1)");
  },
  require(req, block, ctx) {
    if (block.type.name !== 'evaluate') return;
    const m = METRICS[req.metric.name];
    const tasks = ctx.modelTasks();
    const task = tasks.size === 1 ? [...tasks][0] : undefined;
    if (!m) {
      // Only the task's metrics, when it is known: another task's would be the next error.
      const names = Object.keys(METRICS).filter((k) => task === undefined || METRICS[k].task === task);
      const { suffix, fix } = ctx.didYouMean(`metrics:${task ?? ''}`, () => names, req.metric.name);
      ctx.report('invalid-value', req.metric, `unknown metric '${req.metric.name}': use ${names.map((k) => "'" + k + "'").join(', ')}${suffix}`, fix);
      return;
    }
    const otherTask = task !== undefined && task !== m.task;
    if (otherTask) {
      // The task's own metrics first: a regression target such as units sold wants 'rmse', not 'task = classification'.
      const fitting = Object.keys(METRICS).filter((k) => METRICS[k].task === task).map((k) => `'${k}'`);
      const use = fitting.length > 1 ? `${fitting.slice(0, -1).join(', ')} or ${fitting[fitting.length - 1]}` : fitting.join('');
      const inferred = inferredTaskFix(ctx, m.task);
      ctx.report('invalid-value', req.metric, `'${req.metric.name}' is a ${m.task} metric, but this pipeline's task is ${task}: use ${use}${inferred.text}`, inferred.fix);
    }
    // Models of both tasks: every run is judged by every gate, so a metric the other task has no
    // value for failed each run of those models as 'not computed', though the check was clean.
    const unfit = task === undefined && !otherTask ? modelsOfOtherTask(ctx, m.task) : [];
    if (unfit.length) {
      const names = unfit.map((u) => `'${u.name}'`).join(', ');
      ctx.report(
        'invalid-value',
        req.metric,
        `'${req.metric.name}' is a ${m.task} metric, but model${unfit.length > 1 ? 's' : ''} ${names} learn${unfit.length > 1 ? '' : 's'} another task, and every 'require' judges every model's run: it would never be computed for ${unfit.length > 1 ? 'them' : 'it'}; keep the models of one task in a pipeline file`,
      );
    }
    if (literalNumber(req.value) === undefined && req.value.kind !== 'ErrorExpr')
      ctx.report('invalid-value', req.value, "'require' compares with a number, e.g. 'require auc >= 0.85'");
    // A metric of the other task is reported once, above.
    else if (!otherTask && req.value.kind !== 'ErrorExpr' && isMetricName(req.metric.name))
      checkThreshold(ctx, req, { kind: 'require', metric: req.metric.name }, req.op);
  },
  drift(drift, block, ctx) {
    if (block.type.name !== 'monitor') return;
    if (!DRIFT_STATISTICS[drift.stat.name]) {
      const { suffix, fix } = ctx.didYouMean('statistics', () => Object.keys(DRIFT_STATISTICS), drift.stat.name);
      ctx.report('invalid-value', drift.stat, unknownStatisticMessage(drift.stat.name) + suffix, fix);
    }
    else if (literalNumber(drift.value) === undefined && drift.value.kind !== 'ErrorExpr')
      ctx.report('invalid-value', drift.value, "'drift' compares with a number, e.g. 'drift prediction psi > 0.1'");
    else if (isDriftStatistic(drift.stat.name) && drift.value.kind !== 'ErrorExpr')
      checkThreshold(ctx, drift, { kind: 'drift', target: drift.target.name, statistic: drift.stat.name }, drift.op);
  },
  file(ctx) {
    const { binding } = ctx;
    if (binding.targetTables.length === 0) {
      // A 'target' whose value is not a bare name ('target = "churned"', 'target = t.churned')
      // is reported at its value: saying no table has one too would be a second error for one cause.
      if ([...binding.tables.values()].some((t) => t.attrs.has('target'))) return;
      const what = binding.tables.size === 0 ? "the file has no 'data' block" : "no 'data' block has a 'target'";
      ctx.report('invalid-value', ctx.fileSpan(), `${what}: mark the table of examples with 'target = COLUMN'`);
      return;
    }
    for (const t of binding.targetTables.slice(1))
      ctx.report('invalid-value', t.attrs.get('target')!, `only one 'data' block has a 'target' (the primary table, '${binding.targetTables[0].name}'): remove this one`);
  },
};
