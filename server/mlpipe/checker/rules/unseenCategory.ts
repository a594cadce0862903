import { bindArgs } from '../../language/callArgs.js';
import { DISTINCT_CAP, type ColumnInfo, type DataInfo } from '../../data/info.js';
import type { TableSymbol } from '../../binder.js';
import { TEST, TRAIN } from '../../data/split.js';
import type { CallExpr, Expr } from '../../syntax/ast.js';
import { literalNumber } from '../../syntax/literals.js';
import { valueText } from '../../data/keys.js';
import { learnedBooleanSpelling } from '../../features/row.js';
import { primaryColumnRead } from '../primaryColumn.js';
import type { CheckContext } from '../context.js';
import { engineSplit, keptSplitVerdict, splitKey } from '../engineSplit.js';
import type { Rule } from '../rule.js';
import { splitsByClass } from './lopsidedSplit.js';
import { oneClassVerdict } from './oneClassTraining.js';
import type { UnseenVerdict } from '../verdicts.js';

/**
 * A vocabulary-learning call (`one_hot`) with readable arguments, the primary-table column it
 * encodes and that table's data with cells; `given` is its literal vocabulary, if it states one.
 */
function encodedVocabulary(call: CallExpr, ctx: CheckContext): { x: Expr; given: Expr | undefined; column: string; primary: TableSymbol; data: DataInfo } | undefined {
  const bound = bindArgs(call);
  const learns = bound?.spec.learnsVocabulary;
  const x = bound?.values.get('x');
  const primary = ctx.binding.primary;
  if (!bound || !learns || bound.problems.length > 0 || !x || !primary) return undefined;
  // The feature names as a map, not a predicate closing over 'ctx': that closure made this
  // function allocate on every call of every feature, a vocabulary's or not.
  const column = primaryColumnRead(x, primary.name, ctx.binding.features, true);
  const data = column === undefined ? undefined : ctx.readData(primary);
  if (!column || !data?.values) return undefined;
  return { x, given: bound.values.get(learns.given), column, primary, data };
}

/** A column's cells as the engine keys its categories: a numeric column's by the number's text (`07` and `7.0` are `7`). */
function keyedCells(data: DataInfo, column: string, col: ColumnInfo): ReadonlyArray<string | null> | undefined {
  const numeric = col.type === 'integer' || col.type === 'number';
  return data.values!(column)?.map((v) => (v !== null && numeric ? valueText(Number(v)) : v));
}

/**
 * Test rows whose category the training split never saw become all-zero vectors: the
 * model has learned nothing about them. Computed with the engine's own split and keys.
 */
export const unseenCategory: Rule = {
  name: 'skew/unseen-category',
  phase: 2,
  // It reads the split block: an edit of the split (a seed, the fraction, a time order) must run
  // it again on features whose own text did not change.
  fileWide: true,
  wideKey: (_decl, ctx) => splitKey(ctx) ?? '',
  call(call, _feature, ctx) {
    const v = encodedVocabulary(call, ctx);
    if (v && v.given === undefined) reportUnseen(call, ctx, v);
  },
};

/**
 * `unseenCategory` on an encoder that learns its vocabulary. A function of its own: the closure
 * below would make the handler allocate a context on every call of every feature.
 */
function reportUnseen(call: CallExpr, ctx: CheckContext, v: NonNullable<ReturnType<typeof encodedVocabulary>>): void {
  const { column, data } = v;
  const unseen = unseenValues(ctx, `unseen-category/2\u0000${column}`, () => data.values!(column));
  if (!unseen || unseen.count === 0) return;
  const examples = unseen.examples.map((v) => JSON.stringify(v)).join(', ');
  ctx.report(
    'skew/unseen-category',
    call,
    `${unseen.count} value${unseen.count > 1 ? 's' : ''} of '${column}' in the test split never occur${unseen.count > 1 ? '' : 's'} in training (${examples}${unseen.count > 3 ? ', …' : ''}): they encode as all zeros${data.sampled ? ' (in the rows sampled)' : ''}${spellingsNote(unseen.spellings)}`,
  );
}

/**
 * What a run's evaluation and `mlpipe score` do differently with unseen values that are another
 * spelling of a training boolean: the metrics count them as all zeros, score and /predict refuse them.
 */
function spellingsNote(spellings: ReadonlyArray<[string, string]> | undefined): string {
  if (!spellings?.length) return '';
  const pairs = spellings.map(([v, l]) => `${JSON.stringify(v)} for ${JSON.stringify(l)}`).join(', ');
  const many = spellings.length > 1;
  return `; ${pairs} ${many ? 'are other spellings' : 'is another spelling'} of a boolean training holds: the test metrics count ${many ? 'those rows' : 'that row'} as all zeros, but 'mlpipe score' and /predict refuse ${many ? 'them' : 'it'}, asking for the training spelling; write one spelling in the data`;
}

/**
 * The reverse of unseen categories, for a literal `vocabulary`: an entry that no training row holds
 * has an indicator that is 0 on every row the model learns from, so its weight keeps its initial
 * value, and a request of that category is answered with that untrained weight's shift (where an
 * unseen category gets the all-zero vector the spec promises). `skew/hard-coded-baseline` warns of
 * any literal vocabulary; this names the entries the training split lacks. Only for a column read
 * directly (a fill value would be a category of its own), over the engine's own split, kept as the
 * unseen-category verdict is.
 */
export const untrainedVocabulary: Rule = {
  name: 'skew/unseen-category/vocabulary',
  phase: 2,
  fileWide: true,
  wideKey: (_decl, ctx) => splitKey(ctx) ?? '',
  callees: ['one_hot'],
  call(call, _feature, ctx) {
    const v = encodedVocabulary(call, ctx);
    const list = v?.given;
    if (!v || list?.kind !== 'List' || v.x.kind !== 'Reference') return;
    const { column, data } = v;
    const col = ctx.column(v.primary, column);
    if (!col) return;
    const entries = list.items.map((i) => (i.kind === 'String' ? i.value : valueText(literalNumber(i)!)));
    const id = `untrained-vocabulary\u0000${column}\u0000${JSON.stringify(entries)}`;
    const untrained = unseenValues(ctx, id, () => keyedCells(data, column, col), entries);
    if (!untrained || untrained.count === 0) return;
    const many = untrained.count > 1;
    const examples = untrained.examples.map((v) => JSON.stringify(v)).join(', ');
    ctx.report(
      'skew/unseen-category',
      list,
      `${untrained.count} entr${many ? 'ies' : 'y'} of the vocabulary (${examples}${untrained.count > 3 ? ', …' : ''}) occur${many ? '' : 's'} in no training row of '${column}'${data.sampled ? ' (in the rows sampled)' : ''}: ${many ? 'their indicators are' : 'its indicator is'} 0 on every row the model learns from, so a request of ${many ? 'those categories' : 'that category'} gets an untrained weight, not the all-zero vector of an unseen one; drop ${many ? 'them' : 'it'}, or drop the vocabulary to learn it from the training split`,
    );
  },
};

const memo = new WeakMap<CheckContext, Map<string, UnseenVerdict>>();

/**
 * Values of a column that occur in the test split but never in training (how many, the first
 * three); null when there are none, or no split or cells to compare with. Kept per check, and
 * between processes under what it was computed from (`splitKey`): a fresh process then reads
 * no cell of the table.
 */
function unseenValues(ctx: CheckContext, id: string, cells: () => ReadonlyArray<string | null> | undefined, entries?: readonly string[]): UnseenVerdict {
  let byId = memo.get(ctx);
  if (!byId) memo.set(ctx, (byId = new Map()));
  if (byId.has(id)) return byId.get(id)!;
  const verdict = keptSplitVerdict(ctx, 'unseen', id, splitKey(ctx), () => compute(ctx, cells(), entries));
  byId.set(id, verdict);
  return verdict;
}

/**
 * A classifier's target class that only the test split holds: the model has an output for it
 * (classes come from every row) but no training row of it, so it never predicts it, and every
 * such test row counts against accuracy and the class against macro precision, recall and f1.
 * The same question as a vocabulary's unseen categories, asked of the target (beyond the spec's
 * table, which names 'one_hot'); classes are compared as the engine encodes them (numbers by value).
 */
export const unseenClass: Rule = {
  name: 'skew/unseen-category/target',
  phase: 2,
  file(ctx) {
    const p = ctx.binding.primary;
    const targetAttr = p?.attrs.get('target');
    if (!p?.target || !targetAttr) return;
    const models = [...ctx.binding.models.values()];
    const classifies = models.length ? models.some((m) => ctx.task(m) === 'classification') : ctx.inferredTask() === 'classification';
    const data = ctx.readData(p);
    const col = ctx.column(p, p.target);
    if (!classifies || !data?.values || !col) return;
    const target = p.target;
    const unseen = unseenValues(ctx, `unseen-class\u0000${target}`, () => keyedCells(data, target, col));
    if (!unseen || unseen.count === 0) return;
    // Every class of the file unseen: no training row has a target, which the empty split's
    // error says at 'split' (a file read whole); naming each class beside it is noise.
    if (!data.sampled && col.distinct <= DISTINCT_CAP && unseen.count >= col.distinct) return;
    // Every training row one class: the runner refuses the split ('invalid-value', oneClassTraining).
    if (oneClassVerdict(ctx)) return;
    // Split by the target itself: every test class is unseen, which 'lopsided-split' says (one cause, one report).
    if (splitsByClass(ctx)) return;
    const examples = unseen.examples.map((v) => JSON.stringify(v)).join(', ');
    const many = unseen.count > 1;
    ctx.report(
      'skew/unseen-category',
      targetAttr.value,
      `${unseen.count} class${many ? 'es' : ''} of target '${target}' in the test split never occur${many ? '' : 's'} in training (${examples}${unseen.count > 3 ? ', …' : ''})${data.sampled ? ' in the rows sampled' : ''}: the model cannot predict ${many ? 'them' : 'it'}, and the test metrics count ${many ? 'them' : 'it'} as missed; add training rows of ${many ? 'them' : 'it'}, or split with another seed`,
    );
  },
};

/** `entries`: judge those (a literal vocabulary) against the training values, instead of the test split's values. */
function compute(ctx: CheckContext, values: ReadonlyArray<string | null> | undefined, entries?: readonly string[]): UnseenVerdict {
  if (!values || values.length === 0) return null;
  const assignment = engineSplit(ctx);
  // The rows read are a prefix of the file the split covers.
  if (!assignment || assignment.length < values.length) return null;
  const train = new Set<string>();
  values.forEach((v, i) => {
    if (v !== null && assignment[i] === TRAIN) train.add(v);
  });
  if (entries) {
    const untrained = [...new Set(entries)].filter((e) => !train.has(e));
    return untrained.length === 0 ? null : { count: untrained.length, examples: untrained.slice(0, 3) };
  }
  const unseen = new Set<string>();
  values.forEach((v, i) => {
    if (v !== null && assignment[i] === TEST && !train.has(v)) unseen.add(v);
  });
  if (unseen.size === 0) return null;
  const spellings: Array<[string, string]> = [];
  for (const v of unseen) {
    const l = learnedBooleanSpelling(v, train);
    if (l !== undefined && spellings.push([v, l]) === 3) break;
  }
  return { count: unseen.size, examples: [...unseen].slice(0, 3), ...(spellings.length ? { spellings } : {}) };
}
