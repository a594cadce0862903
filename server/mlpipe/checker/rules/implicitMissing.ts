import { readsOf, type FeatureRead } from '../../features/dependencies.js';
import { fillAsRead, fillsNothing } from '../../features/defaultMismatch.js';
import { windowJoinColumn } from '../../features/windowJoin.js';
import { quote } from '../../format/printExpr.js';
import { sameItems } from '../../sameItems.js';
import { serveDefaults } from '../../served.js';
import { catalogueEntry } from '../../transforms/index.js';
import type { Binding } from '../../binder.js';
import type { DataInfo } from '../../data/info.js';
import type { Rule } from '../rule.js';

/**
 * A column with missing values read without `fill_missing` makes training drop or mangle those
 * rows and serving reject the request. A `fill_missing` anywhere between the column and the
 * feature's root covers it. History columns read through a window are not request fields:
 * windows skip their missing values by definition, the same way in training and serving. The
 * primary-table columns a window reads (its 'as_of' and the key it joins on) are: reported at the
 * window, whose fill covers them.
 */
export const implicitMissing: Rule = {
  name: 'skew/implicit-missing',
  phase: 2,
  // Whether the feature's missing values reach a model input depends on the features that read
  // it; what a request without the column gets, on the serve defaults.
  fileWide: true,
  wideKey: (decl, ctx) => (exposedFeatures(ctx.binding).has(decl.name.name) ? 'x' + defaultsKey(serveDefaults(ctx.binding)) : 'c'),
  feature(decl, ctx, inServe, own) {
    if (inServe) return;
    const { binding } = ctx;
    // A feature every reader fills ('note = one_hot(fill_missing(note_raw, "none"))'): its missing
    // values never reach a model input, so no row is left out and no request refused for them.
    if (own && !exposedFeatures(binding).has(decl.name.name)) return;
    // Made at the first report, and each column's name only for a column with missing values:
    // this runs for every feature of the file, and most report nothing.
    let reported: Set<string> | undefined;
    const reads = own ? own.reads : readsOf(decl.value, binding.features);
    for (const read of reads.columns) {
      if (read.window && !read.covered && read.call) {
        // The column a window joins on is a request field too, refused when missing, while
        // training reads a row without it as an empty window.
        const p = binding.primary;
        const joinColumn = windowJoinColumn(p?.key, read.table !== undefined ? binding.tables.get(read.table)?.key : undefined);
        const info = p && joinColumn ? ctx.column(p, joinColumn) : undefined;
        const missing = p && info ? trainedMissing(ctx.readData(p), p.target, joinColumn!, info.missing) : undefined;
        const id = missing && missing.count > 0 ? `${p?.name}.${joinColumn}` : undefined;
        if (p && info && missing && id !== undefined && !reported?.has(id)) {
          (reported ??= new Set()).add(id);
          const serving = servingWithout(ctx.binding, joinColumn!, info.type);
          ctx.report('skew/implicit-missing', read.call, windowMessage(`'${id}', the key '${read.call.callee.name}' joins on,`, missing.count, missing.share, read.call.callee.name, serving.words), { fix: 'fill-missing', value: '0' });
        }
        continue;
      }
      if (read.covered || read.window) continue;
      const table = read.table === undefined ? binding.primary : binding.tables.get(read.table);
      if (!table) continue;
      const info = ctx.column(table, read.column);
      if (!info || info.missing === 0) continue;
      const id = table.name + '.' + read.column;
      if (reported?.has(id)) continue;
      const { count, share } = trainedMissing(ctx.readData(table), table.target, read.column, info.missing);
      if (count === 0) continue;
      (reported ??= new Set()).add(id);
      const serving = servingWithout(binding, table === binding.primary ? read.column : undefined, info.type);
      if (read.asOf && read.call) {
        // 'as_of' takes a column, so the fill goes around the window (which is a number). Training
        // reads a row without the moment as an empty window (a count or sum of 0, else missing);
        // /predict refuses a request without it.
        ctx.report('skew/implicit-missing', read.call, windowMessage(`'${id}'`, count, share, read.call.callee.name, serving.words), { fix: 'fill-missing', value: '0' });
        continue;
      }
      // A transform that encodes a missing input (one_hot's all-zero vector) keeps the row in
      // training; anything else leaves it out. /predict refuses the request, or fills the serve
      // default: another value than training saw either way.
      const encodes = read.call ? catalogueEntry(read.call.callee.name)?.spec.encodesMissing : undefined;
      const training = encodes
        ? `'${read.call!.callee.name}' reads a row without it as ${encodes} in training while ${serving.words}`
        : 'the run leaves out the rows where a model input is missing';
      ctx.report(
        'skew/implicit-missing',
        read.node,
        `'${id}' has ${count} missing values${share}, and ${training}: wrap it in 'fill_missing(…, value)' so training and serving fill them the same way`,
        // The engine fills text with a string and numbers with a number: the fix must match.
        // Filled with the serve default's value, training then fills as serving already does.
        { fix: 'fill-missing', value: serving.fill ?? (info.type === 'string' ? '"missing"' : '0') },
      );
    }
  },
};

/** Per column's cells: its missing cells in rows that have a target, and the rows that have one. */
const trainedCounts = new WeakMap<ReadonlyArray<string | null>, { target: ReadonlyArray<string | null>; count: number; rows: number }>();

/**
 * A column's missing values among the rows the run trains on, and their share of those rows. The
 * run leaves out a row without a target before any feature reads it (the blank rows Excel leaves
 * at a sheet's end), so that row's missing cells reach neither training nor serving: counting
 * them told users to fill a column whose every trained row has a value.
 */
function trainedMissing(data: DataInfo | undefined, target: string | undefined, column: string, missing: number): { count: number; share: string } {
  const share = (count: number, rows: number | undefined) => (rows ? ` (${((100 * count) / rows).toFixed(1)}% of rows)` : '');
  // Every row has a target (the usual case): no cell need be read.
  const targetMissing = target !== undefined && target !== column ? data?.columns?.find((c) => c.name === target)?.missing : undefined;
  const cells = targetMissing ? data?.values?.(column) : undefined;
  const targets = cells ? data?.values?.(target!) : undefined;
  if (!cells || !targets || cells.length !== targets.length) return { count: missing, share: share(missing, data?.rowsRead) };
  let known = trainedCounts.get(cells);
  if (known?.target !== targets) {
    let count = 0;
    let rows = 0;
    for (let r = 0; r < cells.length; r++) {
      if (targets[r] === null) continue;
      rows++;
      if (cells[r] === null) count++;
    }
    trainedCounts.set(cells, (known = { target: targets, count, rows }));
  }
  return { count: known.count, share: share(known.count, known.rows) };
}

/** A request field a window reads (its 'as_of' or join key) with missing values: the fill goes around the window. */
function windowMessage(what: string, missing: number, share: string, window: string, serving: string): string {
  return `${what} has ${missing} missing values${share}, and '${window}' reads a row without it as an empty window in training while ${serving}: wrap the window in 'fill_missing(…, value)' so training and serving fill it the same way`;
}

const keys = new WeakMap<object, string>();

/** The serve defaults as a key, made once per binding (asked once per feature). */
function defaultsKey(defaults: Readonly<Record<string, unknown>>): string {
  let key = keys.get(defaults);
  if (key === undefined) keys.set(defaults, (key = JSON.stringify(defaults)));
  return key;
}

/**
 * What serving does with a request without primary-table column `column`: refuse it, or fill the
 * serve default (as serving reads it for the column's type); `fill` writes that value as a literal
 * for the quick fix (training must fill as serving does, or the fix would trade this warning for
 * skew/missing-default-mismatch).
 */
function servingWithout(binding: Binding, column: string | undefined, type: Parameters<typeof fillAsRead>[1]): { words: string; fill?: string } {
  const defaults = serveDefaults(binding);
  // A missing-text default ("NA") fills nothing: the request is refused as without one.
  if (column === undefined || !Object.hasOwn(defaults, column) || fillsNothing(defaults[column])) return { words: '/predict refuses a request without it' };
  const given = defaults[column];
  const v = fillAsRead(given, type);
  // A default of the other kind ('x' for numbers) is serve-default-type's error: no fix writes it.
  const fits = (typeof v === 'string') === (type === 'string');
  return { words: `serving fills it with ${JSON.stringify(v)} (serve defaults)`, fill: fits ? (typeof v === 'string' ? quote(v) : String(v)) : undefined };
}

const exposed = new WeakMap<Binding, Set<string>>();

/**
 * The last answer and what it was made of: the feature names in order, each feature's reads of
 * features, and the model inputs. A binding that keeps all three (an edit that changes no
 * feature name, feature read or input) gets the same set without walking every feature: the
 * rule asks on every check, once per feature, and the walk filled a set of thousands of names.
 * Read-only.
 */
let last: { names: string[]; reads: FeatureRead[][]; roots: string[]; out: Set<string> } | undefined;

/** Kept symbols keep their lists, so most compare by identity. */
function sameReads(a: readonly FeatureRead[][], b: readonly FeatureRead[][]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j].feature !== y[j].feature || x[j].covered !== y[j].covered) return false;
  }
  return true;
}

/**
 * The features whose missing value reaches a model input without a `fill_missing` on the way:
 * every model's inputs, and each feature such a feature reads outside a `fill_missing`.
 */
export function exposedFeatures(binding: Binding): Set<string> {
  let out = exposed.get(binding);
  if (out) return out;
  const names: string[] = [];
  const reads: FeatureRead[][] = [];
  const roots: string[] = [];
  for (const f of binding.features.values()) {
    names.push(f.name);
    reads.push(f.reads.features);
  }
  for (const m of binding.models.values()) for (const i of m.inputs) roots.push(i.name);
  if (last && sameItems(last.names, names) && sameItems(last.roots, roots) && sameReads(last.reads, reads)) out = last.out;
  else {
    out = new Set<string>();
    const todo: string[] = [];
    for (const name of roots) if (binding.features.has(name) && !out.has(name)) (out.add(name), todo.push(name));
    while (todo.length > 0) {
      for (const r of binding.features.get(todo.pop()!)!.reads.features) {
        if (r.covered || out.has(r.feature) || !binding.features.has(r.feature)) continue;
        out.add(r.feature);
        todo.push(r.feature);
      }
    }
    last = { names, reads, roots, out };
  }
  exposed.set(binding, out);
  return out;
}
