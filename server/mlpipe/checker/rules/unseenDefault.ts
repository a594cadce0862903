import { bindArgs } from '../../language/callArgs.js';
import { valueText } from '../../data/keys.js';
import { fillAsRead } from '../../features/defaultMismatch.js';
import { isMissingText } from '../../features/request.js';
import { compilePlan, fitPlan, planInputOf } from '../../features/index.js';
import type { CallExpr, Expr } from '../../syntax/ast.js';
import { literalValue } from '../../syntax/literals.js';
import { forEachCall } from '../../syntax/visit.js';
import { literalList } from '../../transforms/literals.js';
import { servedFeatures } from '../../served.js';
import type { CheckContext } from '../context.js';
import { engineSplit, splitKey } from '../engineSplit.js';
import { historyOf, isRefusal, tablesOf } from '../judge.js';
import type { Rule } from '../rule.js';
import type { UnseenDefaultVerdict } from '../verdicts.js';
import { Suggester } from '../suggest.js';
import { refPart, refPartCount } from '../../syntax/reference.js';

/**
 * A serve default for a column that a served `one_hot` reads with no `fill_missing` on the way:
 * serving fills the default into the request, and the vocabulary maps it to a column only when
 * training saw it. One it never saw is the all-zero vector, for every request without the field,
 * without a word ('skew/unseen-category', the spec's code for one_hot meeting a value training
 * never saw). A fill on the path is 'skew/missing-default-mismatch''s to judge (the default must
 * be the fill, which the vocabulary then learned).
 */
export const unseenDefault: Rule = {
  name: 'skew/unseen-category/serve-default',
  phase: 2,
  attribute(attr, block, ctx) {
    if (block.type.name !== 'defaults') return;
    const p = ctx.binding.primary;
    const written = literalValue(attr.value);
    if (!p || written === undefined) return;
    const column = attr.name.name;
    const encoders = encodersByColumn(ctx).get(column);
    if (!encoders) return;
    const type = ctx.column(p, column)?.type;
    // As serving reads the default for the field (`parseValue`): a text column takes its text (the
    // default 0 is the text '0'), a numeric one its number; missing text is no value at all.
    if (typeof written === 'string' && isMissingText(written)) return;
    const read = fillAsRead(written, type);
    if (typeof read === 'boolean') return; // no data: how serving reads it is unknown
    if (type !== undefined && type !== 'string' && typeof read !== 'number') return; // 'invalid-value''s (serveDefaultType)
    const text = valueText(read);
    // Without data (a literal vocabulary) the column's type is unknown: "1.0" is the category
    // 1 of a numeric column and the text "1.0" of a text one. Either reading found is enough.
    const asNumber = type === undefined ? fillAsRead(written, 'number') : undefined;
    const alsoText = typeof asNumber === 'number' ? valueText(asNumber) : undefined;
    for (const e of encoders) {
      const v = verdictOf(ctx, column, e, text, alsoText);
      if (!v) continue;
      const more = v.size > v.shown.length ? ', …' : '';
      const list = v.size === 0 ? 'no value' : `${v.size} value${v.size > 1 ? 's' : ''}: ${v.shown.map((x) => JSON.stringify(x)).join(', ')}${more}`;
      ctx.report(
        'skew/unseen-category',
        attr.value,
        `serving fills a missing '${column}' with ${JSON.stringify(written)}, which the vocabulary of 'one_hot' in feature '${e.feature}' does not hold (${FROM[v.from]} ${list}): every request without '${column}' is scored as an unseen category (all zeros); use a value the model learned, or drop this default`,
      );
      return;
    }
  },
};

/** A served `one_hot` that reads a primary column with nothing covering missing values on the way. */
interface Encoder {
  feature: string;
  call: CallExpr;
  /** The literal `vocabulary = [...]`, as canonical texts. */
  literal?: string[];
  all: boolean;
}

/** The served model's encoders of each primary column, made once per check (a serve block has few defaults, a file many features). */
const byCheck = new WeakMap<CheckContext, Map<string, Encoder[]>>();

function encodersByColumn(ctx: CheckContext): Map<string, Encoder[]> {
  let index = byCheck.get(ctx);
  if (index) return index;
  index = new Map();
  const { features, primary: p } = ctx.binding;
  for (const name of servedFeatures(ctx.binding)) {
    const f = features.get(name);
    if (!f || !p) continue;
    for (const { call, x } of encodersOf(f.decl.value)) {
      const column = columnOf(ctx, x, p.name, 0);
      if (column === undefined) continue;
      const bound = bindArgs(call)!;
      const fit = bound.values.get('fit');
      const list = literalList(bound.values.get('vocabulary'));
      const e: Encoder = { feature: name, call, all: fit?.kind === 'Reference' && refPart(fit, 0) === 'all', literal: list?.map(valueText) };
      let encoders = index.get(column);
      if (!encoders) index.set(column, (encoders = []));
      encoders.push(e);
    }
  }
  byCheck.set(ctx, index);
  return index;
}

/** Each expression's `one_hot` calls and their `x`, kept per expression (unchanged statements keep theirs). */
const encodersOfExpr = new WeakMap<Expr, Array<{ call: CallExpr; x: Expr }>>();

function encodersOf(value: Expr): Array<{ call: CallExpr; x: Expr }> {
  let found = encodersOfExpr.get(value);
  if (found) return found;
  const out: Array<{ call: CallExpr; x: Expr }> = [];
  forEachCall(value, (call) => {
    const bound = bindArgs(call);
    const x = bound?.spec.learnsVocabulary && bound.problems.length === 0 ? bound.values.get('x') : undefined;
    if (x) out.push({ call, x });
  });
  encodersOfExpr.set(value, (found = out));
  return found;
}

/**
 * The primary column `e` is, read as it is (through parentheses and features that are only that
 * column); undefined for anything else, a `fill_missing` included (it covers the path).
 */
function columnOf(ctx: CheckContext, e: Expr, primary: string, depth: number): string | undefined {
  while (e.kind === 'Paren') e = e.expr;
  if (e.kind !== 'Reference' || e.at || depth > 8) return undefined;
  if (refPartCount(e) === 2) return refPart(e, 0) === primary ? refPart(e, 1) : undefined;
  if (refPartCount(e) !== 1) return undefined;
  const f = ctx.binding.features.get(refPart(e, 0));
  return f ? columnOf(ctx, f.decl.value, primary, depth + 1) : refPart(e, 0);
}

/** Where a vocabulary comes from, in words that lead its values. */
const FROM: Record<NonNullable<UnseenDefaultVerdict>['from'], string> = {
  literal: 'the literal vocabulary holds',
  all: 'learned from every row:',
  train: 'learned from the training split:',
  rows: 'no row of the data holds it, so no training split learns it; the column holds',
};

/**
 * Whether the encoder's vocabulary lacks the default (read as `text`, or as `alsoText`), and if
 * so what to show of it; undefined when the vocabulary is not known. A learned vocabulary's
 * verdict is kept between processes (the split verdict store) under the split's key, the column,
 * the fit and the value: a fresh process then reads no cell of the column.
 */
function verdictOf(ctx: CheckContext, column: string, e: Encoder, text: string, alsoText: string | undefined): UnseenDefaultVerdict | undefined {
  const judge = (): UnseenDefaultVerdict | undefined => {
    const vocabulary = vocabularyOf(ctx, column, e);
    if (!vocabulary) return undefined;
    if (vocabulary.values.has(text) || (alsoText !== undefined && vocabulary.values.has(alsoText))) return null;
    return { from: vocabulary.from, size: vocabulary.values.size, shown: nearestFirst(vocabulary, text) };
  };
  const split = e.literal ? undefined : splitKey(ctx);
  const store = ctx.host.splitVerdicts;
  if (split === undefined || !store) return judge();
  const id = `unseen-default\u0000${column}\u0000${e.all ? 'all' : 'train'}\u0000${text}`;
  const stored = store.get(id, split);
  if (stored && 'unseenDefault' in stored) return stored.unseenDefault;
  const v = judge();
  if (v !== undefined) store.set(id, split, { unseenDefault: v });
  return v;
}

interface Vocabulary {
  values: ReadonlySet<string>;
  from: NonNullable<UnseenDefaultVerdict>['from'];
}

/**
 * The vocabulary the engine gives an encoder: its literal list, else the engine's own fit of the
 * feature (`fitPlan`, the one_hot kernel's `learn`) on the rows it fits on (every row for
 * `fit = all`; else the engine's training split). Without a split to compute (an unseeded one),
 * every row stands in: the vocabulary of any split is among its values, so a value they lack is
 * one it lacks (but one they hold proves nothing: undefined then). Undefined too when the engine
 * cannot fit it here (a table not wholly known, a refusal another rule reports).
 */
function vocabularyOf(ctx: CheckContext, column: string, e: Encoder): Vocabulary | undefined {
  if (e.literal) return { values: new Set(e.literal), from: 'literal' };
  const p = ctx.binding.primary!;
  const model = ctx.servedModel();
  const data = ctx.readData(p);
  if (!model || !data || data.sampled) return undefined;
  const split = e.all ? undefined : engineSplit(ctx);
  const from = e.all ? 'all' : split ? 'train' : 'rows';
  const key = `${from === 'train' ? splitKey(ctx) : from}\u0000${e.feature}\u0000${column}`;
  let kept = vocabularies.get(data);
  if (!kept) vocabularies.set(data, (kept = new Map()));
  let values = kept.get(key);
  if (!values) {
    const learned = learnedVocabulary(ctx, model.name, e.feature, column, split ?? null);
    if (!learned) return undefined;
    kept.set(key, (values = new Set(learned.map(valueText))));
  }
  return { values, from };
}

/** The engine's fitted vocabulary of the feature's one_hot of `column` (a null split: every row). */
function learnedVocabulary(ctx: CheckContext, model: string, feature: string, column: string, split: Uint8Array | null): ReadonlyArray<string | number> | undefined {
  try {
    const plan = compilePlan({ ...planInputOf(ctx.binding, model), inputs: [feature] });
    const tables = tablesOf(ctx, plan);
    if (!tables) return undefined;
    const state = fitPlan(plan, { tables }, split, { history: historyOf(ctx, plan, tables) });
    const node = plan.nodes.find((n) => n.kind === 'one_hot' && plan.nodes[n.input]?.kind === 'column' && (plan.nodes[n.input] as { column: string }).column === column);
    const fitted = node && (state.nodes[node.key] as { vocabulary?: Array<string | number> } | undefined);
    return fitted?.vocabulary;
  } catch (e) {
    if (isRefusal(e)) return undefined;
    throw e;
  }
}

/** Vocabularies by the primary table's data object (kept while its file is unchanged), then by split, feature and column. */
const vocabularies = new WeakMap<object, Map<string, ReadonlySet<string>>>();

/** Up to three of the vocabulary's values: the same text in another case first, then the closest by spelling, then in order. */
function nearestFirst(vocabulary: Vocabulary, text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  for (const v of vocabulary.values) if (v.toLowerCase() === lower && out.length < 3) out.push(v);
  const near = vocabulary.values.size <= 10000 ? new Suggester(vocabulary.values).closest(text) : undefined;
  if (near !== undefined && !out.includes(near)) out.push(near);
  for (const v of vocabulary.values) {
    if (out.length >= 3) break;
    if (!out.includes(v)) out.push(v);
  }
  return out.slice(0, 3);
}
