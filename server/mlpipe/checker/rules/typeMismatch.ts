import { isBareName } from '../../binder.js';
import { bindArgs } from '../../language/callArgs.js';
import type { Expr } from '../../syntax/ast.js';
import { argValue } from '../../syntax/args.js';
import { literalNumber } from '../../syntax/literals.js';
import { typesOf as types, type ExprType, type TypeInference } from '../exprType.js';
import type { ColumnInfo } from '../../data/info.js';
import { straysText, timesText } from '../../data/strays.js';
import { WINDOW_OF_TEXT_ADVICE } from '../../transforms/window.js';
import type { CheckContext } from '../context.js';
import type { Rule } from '../rule.js';
import { ModelResults } from '../modelResults.js';
import type { Ident } from '../../syntax/ast.js';
import { refName, refPart, refPartCount, refPartIdent } from '../../syntax/reference.js';

function show(e: Expr): string {
  if (e.kind === 'Reference') return "'" + refName(e) + "'";
  if (e.kind === 'Call') return `'${e.callee.name}(…)'`;
  return 'this value';
}

/** The column a reference names, with the rows its table's facts were read from. */
function columnOf(e: Expr, ctx: CheckContext): { info: ColumnInfo; rows: number } | undefined {
  if (e.kind !== 'Reference' || refPartCount(e) > 2) return undefined;
  const { binding } = ctx;
  if (refPartCount(e) === 1 && binding.features.has(refPart(e, 0))) return undefined;
  const table = refPartCount(e) === 2 ? binding.tables.get(refPart(e, 0)) : binding.primary;
  const data = table && ctx.readData(table);
  const info = table && ctx.column(table, refPart(e, refPartCount(e) - 1));
  return data && info ? { info, rows: data.rowsRead ?? 0 } : undefined;
}

/**
 * Whether every number of a column is whole though the column is not integer: some cells are
 * written with a point or an exponent ('3.0', '1e2'), which the spec's rule (every cell
 * `-?[0-9]+`) reads as fractional. The canonical keys print each number as the engine does.
 */
function wholeButWrittenAsDecimal(e: Expr, ctx: CheckContext): boolean {
  if (e.kind !== 'Reference' || refPartCount(e) > 2 || !columnOf(e, ctx)) return false;
  const table = refPartCount(e) === 2 ? ctx.binding.tables.get(refPart(e, 0)) : ctx.binding.primary;
  const values = table && ctx.readData(table)?.values?.(refPart(e, refPartCount(e) - 1));
  return !!values && values.every((v) => v === null || /^-?[0-9]+$/.test(v));
}

/**
 * Why a column is text when it also holds numbers, and what to do instead of encoding it: its
 * non-number cells, the first shown as the engine shows it. Undefined for a column of text.
 */
function strays(e: Expr, ctx: CheckContext): string | undefined {
  const inner = filledColumn(e);
  if (inner) return strays(inner, ctx);
  const column = columnOf(e, ctx);
  if (!column) return undefined;
  if (column.info.strays) return straysText(column.info.strays);
  // A column of dates: what encoding would do to it, and how to make it a number.
  if (e.kind !== 'Reference') return undefined;
  const table = refPartCount(e) === 2 ? ctx.binding.tables.get(refPart(e, 0)) : ctx.binding.primary;
  const values = table && ctx.readData(table)?.values?.(refPart(e, refPartCount(e) - 1));
  return values ? timesText(values) : undefined;
}

/** The column under a fill (`fill_missing(col, v)`, in parentheses or not), which keeps its type. */
function filledColumn(e: Expr): Expr | undefined {
  if (e.kind === 'Paren') return filledColumn(e.expr);
  if (e.kind !== 'Call') return undefined;
  const bound = bindArgs(e);
  return bound?.spec.coversMissing ? bound.values.get('x') : undefined;
}

/**
 * Whether `e` is a fill whose value is of the other type than its column's (a number for text,
 * text for numbers), which this rule reports at the fill, naming a stray cell or an empty column:
 * whatever reads the fill would be a second error for one cause.
 */
function fillReports(e: Expr, ctx: CheckContext): boolean {
  while (e.kind === 'Paren') e = e.expr;
  if (e.kind !== 'Call') return false;
  const bound = bindArgs(e);
  const covers = bound?.spec.coversMissing;
  const x = covers && bound.values.get('x');
  if (!x) return false;
  const given = fillValueType(bound.values.get(covers.value));
  if (given === 'string' && numericOnlyInSample(x, ctx)) return false;
  const t = types(ctx).of(x);
  return given !== undefined && t !== 'unknown' && t !== 'vector' && (t === 'string') !== (given === 'string');
}

/** Whether a fill's value is a literal string or number (undefined for anything else). */
function fillValueType(value: Expr | undefined): 'string' | 'number' | undefined {
  return value?.kind === 'String' ? 'string' : value && literalNumber(value) !== undefined ? 'number' : undefined;
}

/**
 * Whether `e` (or the column under its fill) is a column whose numeric type is only its sample's
 * (`numericOnlyInSample`): the whole file may hold text, so the errors that need it to be numbers
 * are not reported.
 */
function numericOnlyInSample(e: Expr, ctx: CheckContext): boolean {
  const c = filledColumn(e) ?? e;
  if (c.kind !== 'Reference' || refPartCount(c) > 2) return false;
  if (refPartCount(c) === 1 && ctx.binding.features.has(refPart(c, 0))) return false;
  const table = refPartCount(c) === 2 ? ctx.binding.tables.get(refPart(c, 0)) : ctx.binding.primary;
  return table !== undefined && ctx.numericOnlyInSample(table, refPart(c, refPartCount(c) - 1));
}

/** A column that holds no value (it is typed as numbers, as the loader stores it), with its rows. */
function emptyColumn(e: Expr, ctx: CheckContext): { rows: number } | undefined {
  const col = columnOf(filledColumn(e) ?? e, ctx);
  return col && col.info.missing >= col.rows ? col : undefined;
}

const ENCODE = ": encode it with 'one_hot' or 'hash_bucket'";
const COUNT = WINDOW_OF_TEXT_ADVICE;

function what(t: ExprType): string {
  return t === 'string' ? 'text' : t === 'vector' ? 'a one-hot vector' : t;
}

/** Numeric transforms and arithmetic on text, `one_hot` on non-integer numbers, text as a model input. */
export const typeMismatch: Rule = {
  name: 'type-mismatch',
  phase: 1,
  call(call, _feature, ctx) {
    const bound = bindArgs(call);
    if (!bound || bound.problems.length > 0) return;
    const { spec, values } = bound;
    const x = values.get(spec.window ? 'column' : 'x');
    if (!x) return;
    const t = types(ctx).of(x);
    if (t === 'vector') {
      // The engine gives a one-hot vector only to a whole feature, never to another transform.
      ctx.report('type-mismatch', x, `${show(x)} is a one-hot vector, which can only be a whole feature, not the input of '${spec.name}'`);
      return;
    }
    if (spec.input === 'categorical') {
      if (t !== 'number' || fillReports(x, ctx)) return;
      const empty = emptyColumn(x, ctx);
      // No value at all types a column as numeric (as the loader stores it); saying it holds
      // fractions would mislead. A table with no rows at all is the empty split's error. A
      // sample with no value says nothing of the rows past it. (Fractions in a sample are in the
      // file: that error stays, before the run loads it to refuse them when fitting.)
      if (empty?.rows === 0 || (empty && numericOnlyInSample(x, ctx))) return;
      if (empty)
        ctx.report('type-mismatch', x, `'${spec.name}' has no category to encode: every cell of ${show(filledColumn(x) ?? x)} is missing in the ${empty.rows.toLocaleString('en-US')} rows read`);
      else if (wholeButWrittenAsDecimal(filledColumn(x) ?? x, ctx))
        ctx.report(
          'type-mismatch',
          x,
          `'${spec.name}' needs text or whole numbers, and ${show(filledColumn(x) ?? x)} holds whole numbers only, but some are written with a decimal point or an exponent (such as 3.0), so the column reads as fractional: write them as whole numbers (3)`,
        );
      else ctx.report('type-mismatch', x, `'${spec.name}' needs text or whole numbers, but ${show(x)} holds fractional numbers: use 'bucketize' first`);
      return;
    }
    if (spec.input === 'numeric' && t === 'string') {
      if (fillReports(x, ctx)) return;
      // A history column is read only through a window, so 'one_hot' of it is no remedy.
      ctx.report('type-mismatch', x, `'${spec.name}' needs numbers, but ${show(x)} is text${strays(x, ctx) ?? (spec.window ? COUNT : ENCODE)}`);
      return;
    }
    if (spec.coversMissing) {
      // The engine fills a numeric value with a number and text with a string, nothing else.
      const value = values.get(spec.coversMissing.value);
      const given = fillValueType(value);
      if (!given || t === 'unknown') return;
      // A numeric column made text by a stray cell wants the cell fixed, not a text fill.
      if (t === 'string' && given === 'number')
        ctx.report('type-mismatch', value!, `${show(x)} is text${strays(x, ctx) ?? `, so '${spec.name}' needs a string, e.g. "unknown", not a number`}`);
      else if (t !== 'string' && given === 'string') {
        if (numericOnlyInSample(x, ctx)) return;
        const empty = emptyColumn(x, ctx);
        if (empty?.rows === 0) return;
        ctx.report(
          'type-mismatch',
          value!,
          empty
            ? `every cell of ${show(x)} is missing in the ${empty.rows.toLocaleString('en-US')} rows read, so it is read as numbers and '${spec.name}' needs a number: a fill alone would be one constant; fix the data or drop the feature`
            : `${show(x)} is numeric, so '${spec.name}' needs a number, not a string`,
        );
      }
    }
  },
  feature(decl, ctx, inServe) {
    if (inServe) return;
    arithmetic(decl.value, ctx, types(ctx));
  },
  attribute(attr, block, ctx) {
    if (block.type.name !== 'model' || attr.name.name !== 'inputs' || attr.value.kind !== 'List') return;
    // An edit of one feature re-checks the models naming it, not every input of every model.
    const kept = textInputs.get(ctx, block, attr);
    if (kept) {
      for (const k of kept) ctx.report('type-mismatch', k.id, k.message);
      return;
    }
    const found: Array<{ id: Ident; message: string }> = [];
    const inference = types(ctx);
    for (const item of attr.value.items) {
      // A bare name's type by the name alone ('unknown' for no feature), one look-up for a typed
      // feature; its name node is made only for a report.
      if (!isBareName(item) || inference.feature(refPart(item, 0)) !== 'string') continue;
      const value = ctx.binding.features.get(refPart(item, 0))!.decl.value;
      if (fillReports(value, ctx)) continue;
      const id = refPartIdent(item, 0);
      const message = `feature '${id.name}' is text, which a model cannot read${strays(value, ctx) ?? ENCODE}`;
      ctx.report('type-mismatch', id, message);
      found.push({ id, message });
    }
    textInputs.set(ctx, attr, found);
  },
};

/** The text inputs each model's 'inputs' names (the name's node, kept with its block, and the message). */
export const textInputs = new ModelResults<Array<{ id: Ident; message: string }>>();

/**
 * Operands of arithmetic that are no numbers, through calls' arguments. Plain functions, no
 * closure and no list per operator node: this runs on every feature of the file on each check.
 */
function arithmetic(e: Expr, ctx: CheckContext, inference: TypeInference): void {
  if (e.kind === 'Paren') return arithmetic(e.expr, ctx, inference);
  if (e.kind === 'Binary') {
    operand(e.left, ctx, inference);
    operand(e.right, ctx, inference);
  } else if (e.kind === 'Unary') operand(e.operand, ctx, inference);
  else if (e.kind === 'Call') for (let k = 0; k < e.args.length; k++) arithmetic(argValue(e.args[k]), ctx, inference);
}

function operand(e: Expr, ctx: CheckContext, inference: TypeInference): void {
  const t = inference.of(e);
  if (t === 'string' && fillReports(e, ctx)) return;
  if (t === 'string' || t === 'vector') ctx.report('type-mismatch', e, `arithmetic needs numbers, but ${show(e)} is ${what(t)}${(t === 'string' && strays(e, ctx)) || ''}`);
  else arithmetic(e, ctx, inference);
}
