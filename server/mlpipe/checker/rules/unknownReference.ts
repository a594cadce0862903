import { bareName, isBareName, type Binding, type TableSymbol } from '../../binder.js';
import { attributeSpec } from '../../language/blocks.js';
import type { Diagnostic, FixData } from '../../diagnostics.js';
import type { Expr, FeatureDecl, Ident, Reference, SourceFile } from '../../syntax/ast.js';
import { argName, argValue } from '../../syntax/args.js';
import { forEachCall } from '../../syntax/visit.js';
import { bindArgs } from '../../language/callArgs.js';
import type { LineMap } from '../../syntax/lineMap.js';
import { isIdentifier } from '../../syntax/tokens.js';
import { CheckContext, paddingWords } from '../context.js';
import type { Rule } from '../rule.js';
import { ModelResults } from '../modelResults.js';
import { serveDefaultsBlock } from '../../served.js';
import { unreadText } from '../../data/info.js';
import { refIdents, refPart, refPartCount, refPartIdent } from '../../syntax/reference.js';

/**
 * Reports an unknown name with the closest name of the candidate set `key` (built once per
 * check): the message suggests it and the quick fix applies that same name.
 */
function reportUnknown(ctx: CheckContext, at: Ident, message: string, key: string, name: string, candidates: () => Iterable<string>, listing?: () => string): void {
  // A header written with spaces around the name ('x ', as spreadsheet exports leave them) is too
  // far from a short name for a suggestion, and cannot be written in the file: say what it is.
  const padded = ctx.padded(key, candidates, name);
  if (padded !== undefined) {
    ctx.report('unknown-reference', at, `${message} Its header has '${padded}', with ${paddingWords(padded, name)}.`);
    return;
  }
  // A column whose header is no name ('Monthly Charges', 'plan-type') is never suggested: the
  // message, or the fix writing it, would give a line that does not parse. When it is the only
  // close one, the message says why it cannot be used.
  const c = ctx.closest(key, () => [...candidates()].filter(isIdentifier), name);
  const unwritable = c === undefined ? ctx.closest(`${key}, unwritable`, () => [...candidates()].filter((n) => !isIdentifier(n)), name) : undefined;
  if (unwritable !== undefined) {
    ctx.report('unknown-reference', at, `${message}${unnameable(unwritable)}`);
    return;
  }
  const fix: FixData | undefined = c === undefined ? undefined : { fix: 'did-you-mean', name: c };
  const listed = c === undefined && listing ? ctx.listing(key, listing) : undefined;
  ctx.report('unknown-reference', at, c ? `${message} Did you mean '${c}'?` : listed ? `${message} ${listed}` : message, fix);
}

/** Why a column named by a header that is no identifier cannot be used, after an unknown name's message (or another rule's). */
export function unnameable(column: string): string {
  return ` The column '${column}' cannot be named in a .mlpipe file (a name is letters, digits and '_', not starting with a digit): rename it in the data to use it.`;
}

/** The column of `table` whose header is `parts` joined by dots, when it has one. */
function dottedColumn(ctx: CheckContext, table: TableSymbol | undefined, parts: readonly Ident[]): string | undefined {
  const name = parts.map((p) => p.name).join('.');
  return table && ctx.column(table, name) ? name : undefined;
}

/**
 * The column of `table` whose header has a hyphen and that the file wrote as it is
 * (`sqft-living`, which reads as 'sqft' minus 'living'), with whether `id` is the first unknown
 * name in it (the one the error goes on: one error for one cause), or undefined. Each part was
 * reported as an unknown name, with a "did you mean" of some short feature, and the header that
 * cannot be named was never mentioned.
 */
function hyphenatedColumn(ctx: CheckContext, table: TableSymbol | undefined, id: Ident): { column: string; first: boolean } | undefined {
  const text = ctx.file.text;
  let start = id.start;
  let end = id.end;
  while (start > 0 && WORD_OR_HYPHEN.test(text[start - 1]!)) start--;
  while (end < text.length && WORD_OR_HYPHEN.test(text[end]!)) end++;
  const column = text.slice(start, end);
  // 'orders.order-value': the later parts are bare names, but the column is the qualifier's.
  const qualifier = text[start - 1] === '.' ? nameBefore(text, start - 1) : undefined;
  if (qualifier !== undefined && ctx.binding.tables.has(qualifier)) table = ctx.binding.tables.get(qualifier);
  if (!table || !column.includes('-') || ctx.column(table, column) === undefined) return undefined;
  // Names before this one in the hyphenated text that are unknown too carry the error.
  let at = start;
  for (const part of column.slice(0, id.start - start).split('-')) {
    if (at < id.start && isIdentifier(part) && !ctx.binding.features.has(part) && !ctx.mayBeColumn(table, part)) return { column, first: false };
    at += part.length + 1;
  }
  return { column, first: true };
}

const WORD_OR_HYPHEN = /[A-Za-z0-9_-]/;

/**
 * The name that ends at offset `end` of `text`, among its last 200 characters: the longest run of
 * letters, digits and '_' that ends there and starts with no digit; undefined for none. A scan
 * back, not a regular expression anchored at the end of a slice, which tried every start in the
 * slice: a file with thousands of unknown 'table.column' names paid that for each.
 */
function nameBefore(text: string, end: number): string | undefined {
  const from = Math.max(0, end - 200);
  let start = end;
  while (start > from && isNamePart(text.charCodeAt(start - 1))) start--;
  // A name does not start with a digit: the run's first letter or '_' starts it.
  while (start < end && !isNameStart(text.charCodeAt(start))) start++;
  return start < end ? text.slice(start, end) : undefined;
}

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNamePart = (c: number) => isNameStart(c) || (c >= 48 && c <= 57);

/** How many of a table's columns an unknown column's message lists when none is close. */
const LISTED_COLUMNS = 12;

/** A table's columns as a sentence ('Its columns are 'a', 'b' and 'c'.'), the first `LISTED_COLUMNS` of many. */
function columnListing(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_COLUMNS).map((n) => `'${n}'`);
  if (names.length > LISTED_COLUMNS) return `Its columns include ${shown.join(', ')} and ${names.length - LISTED_COLUMNS} more.`;
  return shown.length > 1 ? `Its columns are ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}.` : `Its only column is ${shown.join('')}.`;
}

/** The names a listing shows, not a copy of thousands of features per unknown name. */
function firstNames(names: Iterable<string>): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (out.length === LISTED_COLUMNS) break;
    out.push(n);
  }
  return out;
}

/** The longest list of names an unknown bare name's message appends. */
const MAX_LISTING = 400;

/** A listing short enough to append: generated names thousands of letters long would push the sentence that matters out of a clipped message. */
function capped(listing: string): string {
  return listing.length <= MAX_LISTING ? listing : '';
}

/** Names of one kind as a sentence ("The features are 'a' and 'b'."), the first `LISTED_COLUMNS` of `count`; '' for none. */
function namesListing(what: string, names: readonly string[], count: number): string {
  if (count === 0) return '';
  const shown = names.slice(0, LISTED_COLUMNS).map((n) => `'${n}'`);
  if (count > LISTED_COLUMNS) return `The ${what}s include ${shown.join(', ')} and ${count - LISTED_COLUMNS} more.`;
  return shown.length > 1 ? `The ${what}s are ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}.` : `The only ${what} is ${shown[0]}.`;
}

/**
 * A Parquet list, map, struct or binary column is not read (`backend/data/parquet.ts`): says so,
 * rather than that the table has no such column, and returns true; false for any other name.
 */
function reportNested(ctx: CheckContext, table: TableSymbol, id: Ident, what: string): boolean {
  const unread = ctx.readData(table)?.unread?.find((n) => n.name === id.name);
  if (!unread) return false;
  ctx.report('unknown-reference', id, `${what}: '${id.name}' in '${table.name}' (${table.source}) is ${unreadText(unread)}.`);
  return true;
}

function checkColumn(ctx: CheckContext, tableName: string, id: Ident, what: string): void {
  const table = ctx.binding.tables.get(tableName);
  if (!table || ctx.mayBeColumn(table, id.name) || reportNested(ctx, table, id, what)) return;
  if (reportHyphenated(ctx, table, id, `${what}: '${tableName}' (${table.source}) has no column '${id.name}'`)) return;
  const cols = () => ctx.columns(table)!.map((c) => c.name);
  // No close name: list what the table has, so a name nothing like the header's is fixed without opening the file.
  reportUnknown(ctx, id, `${what}: '${tableName}' (${table.source}) has no column '${id.name}'.`, `columns of ${tableName}`, id.name, cols, () => columnListing(cols()));
}

/** Reports a name that is part of a hyphenated column (`hyphenatedColumn`) once, and returns true; false for any other name. */
function reportHyphenated(ctx: CheckContext, table: TableSymbol, id: Ident, message: string): boolean {
  const h = hyphenatedColumn(ctx, table, id);
  if (!h) return false;
  if (h.first) ctx.report('unknown-reference', id, `${message}: '${h.column}' reads as '${h.column.split('-').join("' minus '")}'.${unnameable(h.column)}`);
  return true;
}

/**
 * This rule's verdict on `serve { defaults { … } }` against a header known from elsewhere than
 * the data file: serving's start-up check passes the primary table's columns the served version
 * trained on (the check without data let a default for no column through, and serving started).
 */
export function unknownServingDefaults(a: { file: SourceFile; binding: Binding; lines: LineMap }, columns: readonly string[]): Diagnostic[] {
  const primary = a.binding.primary;
  if (primary?.source === undefined) return [];
  const known = columns.map((name) => ({ name, missing: 0, distinct: 0 }));
  const ctx = new CheckContext(a.file, a.binding, a.lines, { data: (source) => (source === primary.source ? { status: 'ok', path: source, columns: known } : undefined) });
  // The defaults serving reads: a second block's are no fill (duplicate-definition says so).
  for (const d of serveDefaultsBlock(a.binding)?.entries ?? []) if (d.kind === 'Attribute') checkColumn(ctx, primary.name, d.name, 'serving default');
  return ctx.diagnostics;
}

/**
 * Whether `ref` is the 'as_of' argument of a call in `e`: where the catalogue binds it, or named
 * so on a call that takes none (which unknown-transform reports).
 */
function isAsOf(e: Expr, ref: Reference): boolean {
  let found = false;
  forEachCall(e, (c) => {
    if (bindArgs(c)?.values.get('as_of') === ref || c.args.some((a) => argValue(a) === ref && argName(a)?.name === 'as_of')) found = true;
  });
  return found;
}

/** The unknown names each model's 'inputs' holds (the name's node, kept with its block, the message and fix). */
export const unknownInputs = new ModelResults<Array<{ id: Ident; message: string; data?: FixData }>>();

/**
 * What to write when a model input names a column of the primary table that no feature has the
 * name of (`inputs = [bedrooms]`): a column is no input until a feature reads it, and the
 * message said only that no feature has the name.
 */
function columnAsInput(ctx: CheckContext, name: string): string {
  const p = ctx.binding.primary;
  if (!p || !ctx.column(p, name)) return '';
  return ` '${name}' is a column of '${p.name}': define 'feature ${name} = ${p.name}.${name}' and list '${name}'.`;
}

/** Every name must mean something: a feature, a table and its columns, a model, a registered model. */
export const unknownReference: Rule = {
  name: 'unknown-reference',
  phase: 0,
  reference(ref, feature, ctx) {
    // Most names are a feature's or a known column's: answered here, with no closure made and
    // no variable kept for one (a context object for every reference of every feature).
    const count = refPartCount(ref);
    if (!ref.at && count === 1 && ctx.binding.features.has(refPart(ref, 0))) return;
    if (!ref.at && count === 2) {
      const table = ctx.binding.tables.get(refPart(ref, 0));
      if (table && ctx.mayBeColumn(table, refPart(ref, 1))) return;
    }
    judgeReference(ref, feature, ctx);
  },

  attribute(attr, block, ctx) {
    const spec = attributeSpec(block.type.name, attr.name.name);
    const { binding } = ctx;
    if (!spec) {
      // `serve { defaults { column = value } }` names primary-table columns.
      if (block.type.name === 'defaults' && binding.primary) checkColumn(ctx, binding.primary.name, attr.name, 'serving default');
      return;
    }
    const id = bareName(attr.value);
    switch (spec.kind) {
      case 'column':
        if (id && block.name) checkColumn(ctx, block.name.name, id, `'${attr.name.name}'`);
        break;
      case 'primaryColumn':
        if (id && binding.primary) checkColumn(ctx, binding.primary.name, id, `'${attr.name.name}'`);
        break;
      case 'features': {
        if (attr.value.kind !== 'List') break;
        // A model's inputs are looked up again only when the model or the feature names changed.
        const kept = unknownInputs.get(ctx, block, attr);
        if (kept) {
          for (const k of kept) ctx.report('unknown-reference', k.id, k.message, k.data);
          break;
        }
        const found: Array<{ id: Ident; message: string; data?: FixData }> = [];
        for (const item of attr.value.items) {
          // The name node of an unknown name only: most inputs name a feature.
          if (!isBareName(item) || binding.features.has(refPart(item, 0))) continue;
          const n = refPartIdent(item, 0);
          reportUnknown(ctx, n, `no feature is called '${n.name}': 'inputs' name features.${columnAsInput(ctx, n.name)}`, 'features', n.name, () => binding.features.keys());
          const d = ctx.diagnostics[ctx.diagnostics.length - 1];
          found.push({ id: n, message: d.message, data: d.data });
        }
        unknownInputs.set(ctx, attr, found);
        break;
      }
      case 'model':
        if (id && !binding.models.has(id.name))
          reportUnknown(ctx, id, `no 'model' block is called '${id.name}'.`, 'models', id.name, () => binding.models.keys());
        break;
      case 'servedModel':
        if (attr.value.kind === 'Reference' && refPartCount(attr.value) === 1) {
          const n = refPartIdent(attr.value, 0);
          if (!binding.registered.has(n.name) && !binding.models.has(n.name))
            reportUnknown(ctx, n, `no 'register' block is called '${n.name}'.`, 'registered and models', n.name, () => [
              ...binding.registered.keys(),
              ...binding.models.keys(),
            ]);
        }
        break;
      default:
        break;
    }
  },
};

/** `unknownReference`'s judgement of a name that is no feature's and no known column's. */
function judgeReference(ref: Reference, feature: FeatureDecl, ctx: CheckContext): void {
  const { binding } = ctx;
  const parts = refIdents(ref);
  if (ref.at) {
    // An 'as_of' is 'unknown-transform''s, with the primary table's time as the example.
    if (isAsOf(feature.value, ref)) return;
    // 'x@1' in a feature: the feature compiler refuses it ('is not a feature or column'), so the
    // run failed after a clean check. '@' belongs to a registered model served by stage or version.
    const written = parts.map((p) => p.name).join('.');
    ctx.report('unknown-reference', ref, `'${written}@${ref.at.text}' is not a feature or column: '@' names a stage or version of a registered model, as 'serve { model = NAME@production }' does; write '${written}'`);
    return;
  }
  if (parts.length === 1) {
    const n = parts[0];
    if (binding.features.has(n.name)) return;
    const p = binding.primary;
    if (p) {
      if (ctx.mayBeColumn(p, n.name) || reportNested(ctx, p, n, `'${n.name}'`)) return;
      // A window's bare history column is 'unknown-transform' (write 'table.column'), one error for one cause.
      if (binding.features.get(feature.name.name)?.reads.columns.some((r) => r.node === ref && r.window)) return;
      if (reportHyphenated(ctx, p, n, `'${n.name}' is neither a feature nor a column of '${p.name}'`)) return;
      const names = () => [...binding.features.keys(), ...(ctx.columns(p) ?? []).map((c) => c.name)];
      // No close name: say what there is, as an unknown 'table.column' does.
      const listing = () => {
        const columns = ctx.columns(p)?.map((c) => c.name).filter(isIdentifier);
        return capped([columns?.length ? columnListing(columns) : '', namesListing('feature', firstNames(binding.features.keys()), binding.features.size)].filter(Boolean).join(' '));
      };
      reportUnknown(ctx, n, `'${n.name}' is neither a feature nor a column of '${p.name}'.`, 'features and primary columns', n.name, names, listing);
      return;
    }
    if (binding.targetTables.length > 1) return; // ambiguous primary: reported as invalid-value
    if (binding.tables.size > 0 && binding.targetTables.length === 0) return; // no target: reported as invalid-value
    reportUnknown(ctx, n, `'${n.name}' is not a feature, and no 'data' block with a 'target' supplies columns.`, 'features', n.name, () => binding.features.keys());
    return;
  }
  if (parts.length > 2) {
    const written = parts.map((p) => p.name).join('.');
    // R's and scikit-learn's iris headers ('sepal.length'): a dotted column read as more parts.
    const dotted = dottedColumn(ctx, binding.tables.get(parts[0].name), parts.slice(1));
    ctx.report('unknown-reference', ref, `'${written}' has too many parts: write 'table.column'.${dotted ? unnameable(dotted) : ''}`);
    return;
  }
  const [t, c] = parts;
  if (!binding.tables.has(t.name)) {
    // The primary table's 'sepal.length' written bare reads as table 'sepal', column 'length'.
    const dotted = dottedColumn(ctx, binding.primary, parts);
    if (dotted) ctx.report('unknown-reference', t, `no 'data' block is called '${t.name}'.${unnameable(dotted)}`);
    else if (binding.features.has(t.name)) ctx.report('unknown-reference', t, `no 'data' block is called '${t.name}' (features have no columns)`);
    else reportUnknown(ctx, t, `no 'data' block is called '${t.name}'.`, 'tables', t.name, () => binding.tables.keys(), () => capped(namesListing('table', firstNames(binding.tables.keys()), binding.tables.size)));
    return;
  }
  checkColumn(ctx, t.name, c, `'${t.name}.${c.name}'`);
}
