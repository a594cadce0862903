import { readsOf, type FeatureRead, type Reads } from './features/dependencies.js';
import { sameItems } from './sameItems.js';
import type { Attribute, Block, Expr, FeatureDecl, Ident, NameSpan, Reference, SourceFile, Span } from './syntax/ast.js';
import { PREDICTION_TARGET } from './language/keywords.js';
import { pinnedVersion } from './language/dataVersion.js';
import { hasUnreadPart } from './syntax/visit.js';
import { refPart, refPartCount, refPartIdent, refPartSpan } from './syntax/reference.js';

const NO_READS: Reads = { features: [], columns: [] };
/**
 * A symbol's lists when it reads no feature or no column (most read one or the other): symbols
 * are read-only once bound, and an empty list per feature was garbage on every binding.
 */
const NO_NAMES: string[] = [];
const NO_COLUMNS: FeatureSymbol['columns'] = [];
/** A symbol's columns while they are found, copied out at their length (a pushed-to list keeps room for 16 more). */
const columnsFound: FeatureSymbol['columns'] = [];
const featureRead = (r: FeatureRead): string => r.feature;
/** A data block's attributes that name one of its columns. */
const COLUMN_ATTRIBUTES = ['target', 'key', 'time'];

/**
 * The binder collects the definitions of a file (tables, features, models, registered models,
 * singleton blocks) and resolves every name to what it means. Duplicates keep the first
 * definition. It reports nothing itself: rules read the binding.
 */

export type SymbolKind = 'table' | 'feature' | 'model' | 'registered' | 'column';

export interface TableSymbol {
  name: string;
  decl: Block;
  nameNode: Ident;
  attrs: Map<string, Attribute>;
  /** String value of `source`, when it is a string. */
  source?: string;
  version?: string;
  target?: string;
  key?: string;
  time?: string;
}
export interface FeatureSymbol {
  name: string;
  decl: FeatureDecl;
  /** Features this one reads directly. */
  features: string[];
  /** Columns it reads directly (bare names resolve to the primary table). */
  columns: Array<{ table: string; column: string; node: Span }>;
  /** Everything its expression reads, as the one walk (`features/dependencies.ts`) sees it. */
  reads: Reads;
  /**
   * The one field written after binding: the type a check's inference gave it, as that check's
   * stamp and the type's code (`checker/exprType.ts`), so a symbol kept by the next binding
   * reads as untyped there. A slot, not a map of every feature's name grown on each check.
   */
  typed: number;
}
export interface ModelSymbol {
  name: string;
  decl: Block;
  nameNode: Ident;
  attrs: Map<string, Attribute>;
  /** Names in `inputs`: each the one-part Reference itself, which holds its name and span. */
  inputs: NameSpan[];
  /** A syntax error in `inputs` left part of it unread: which features the model uses is not known. */
  inputsUnread?: boolean;
}
export interface RegisteredSymbol {
  name: string;
  decl: Block;
  nameNode: Ident;
  attrs: Map<string, Attribute>;
  from?: Ident;
}

/** One place a name is written: a definition or a use. */
export interface Occurrence {
  start: number;
  end: number;
  kind: SymbolKind;
  /** Feature/table/model/registered name, or column name. */
  name: string;
  /** For columns: the table. */
  table?: string;
  isDefinition: boolean;
  /** False when the name matches no definition. */
  resolved: boolean;
}

export interface Binding {
  tables: Map<string, TableSymbol>;
  /** The single table with a `target`, when there is exactly one. */
  primary?: TableSymbol;
  /** Every table that declares a `target`. */
  targetTables: TableSymbol[];
  features: Map<string, FeatureSymbol>;
  models: Map<string, ModelSymbol>;
  registered: Map<string, RegisteredSymbol>;
  /** Blocks by kind (first of each kind first), including unknown kinds. */
  blocks: Map<string, Block[]>;
  /** Definitions that repeat an earlier name, for `duplicate-definition`. */
  duplicates: Array<{ kind: SymbolKind | 'block'; name: string; node: Ident; first: Ident }>;
  occurrences: Occurrence[];
  /** Features a model input depends on, directly or through other features (the use closure). */
  featureClosure(roots: Iterable<string>): Set<string>;
  /** Features used by any model. */
  usedFeatures: Set<string>;
  /** Some model's `inputs` were not read whole (`inputsUnread`): `usedFeatures` may lack features it uses. */
  inputsUnread: boolean;
}

/** Built once per block: rules ask for a block's attributes once per attribute. Read-only. */
const attributeMaps = new WeakMap<Block, { entries: number; map: Map<string, Attribute> }>();

export function attributesOf(block: Block): Map<string, Attribute> {
  const hit = attributeMaps.get(block);
  if (hit && hit.entries === block.entries.length) return hit.map;
  const m = new Map<string, Attribute>();
  for (const e of block.entries) if (e.kind === 'Attribute' && !m.has(e.name.name)) m.set(e.name.name, e);
  attributeMaps.set(block, { entries: block.entries.length, map: m });
  return m;
}

/**
 * Whether an expression is a bare word: a one-part reference without `@` (`kind = mlp`, `target =
 * churned`, a model input). A test that makes no name node, for the readers that ask of every input.
 */
export function isBareName(expr: Expr | undefined): expr is Reference {
  return expr !== undefined && expr.kind === 'Reference' && refPartCount(expr) === 1 && !expr.at;
}

/** The bare keyword or single-part reference an attribute holds (`kind = mlp`, `target = churned`). */
export function bareName(expr: Expr | undefined): Ident | undefined {
  return isBareName(expr) ? refPartIdent(expr, 0) : undefined;
}

/**
 * `bareName`'s name and span without an Ident: the Reference itself (one part, no `@`, so its
 * span is the name's). For names kept per binding, such as every model's inputs.
 */
function bareNameSpan(expr: Expr | undefined): NameSpan | undefined {
  return expr && expr.kind === 'Reference' && expr.parts === undefined && !expr.at ? expr : undefined;
}

export function stringValue(expr: Expr | undefined): string | undefined {
  return expr && expr.kind === 'String' ? expr.value : undefined;
}

/**
 * What the binder last found for a feature declaration, kept in its `bound` slot: a declaration
 * an edit did not touch is the same object with the same text (a re-parse moves it in place).
 * A slot, not a WeakMap: a binding of a fresh tree added two entries per feature, each costlier
 * than the walk it saved. Read-only outside `readsCached` and `bindWith`.
 */
interface Kept {
  /** The expression's reads, as the binding of `version` (or one that answered its names alike) found them. */
  reads: Reads;
  /** The `namesVersion` it was last found valid under. */
  version: number;
  /**
   * The last symbol bound for it, with the reads and the tables (the primary's name, then every
   * table's) it was resolved against. Symbols are read-only once bound, so bindings of
   * successive versions share the unchanged ones.
   */
  symbol: FeatureSymbol | undefined;
  symbolReads: Reads | undefined;
  tables: string;
}

const keptOf = (decl: FeatureDecl): Kept | undefined => decl.bound as Kept | undefined;

/**
 * Bumped whenever a binding's feature names (in order) differ from the last binding's: an entry
 * found valid under the current version needs no re-asking, every name it asked about is still
 * what it was. Exact, whatever the order documents are bound in (two alternating only bump it).
 */
let namesVersion = 0;
let lastNames: string[] = [];

function noteNames(features: ReadonlyMap<string, unknown>): void {
  let same = features.size === lastNames.length;
  const names: string[] = new Array(features.size);
  let k = 0;
  for (const name of features.keys()) {
    if (same && lastNames[k] !== name) same = false;
    names[k++] = name;
  }
  if (same) return;
  lastNames = names;
  namesVersion++;
}

/**
 * Whether every name the walk asked about ("is this a feature?") would be answered alike now.
 * The reads hold the answers: the walk asks only of a one-part name outside a window's column
 * and `as_of` (those always name columns, by the spec's resolution rules), and records a
 * feature read when the answer was yes and a bare column read (no table, no window, no `as_of`)
 * when it was no. Keeping the names and answers apart cost two lists per feature on every
 * binding of a fresh tree, which is the most common binding.
 */
function sameAnswers(reads: Reads, features: ReadonlyMap<string, unknown>): boolean {
  for (let k = 0; k < reads.features.length; k++) if (!features.has(reads.features[k].feature)) return false;
  for (let k = 0; k < reads.columns.length; k++) {
    const c = reads.columns[k];
    if (c.table === undefined && !c.window && c.asOf !== true && features.has(c.column)) return false;
  }
  return true;
}

function readsCached(decl: FeatureDecl, features: ReadonlyMap<string, unknown>): Reads {
  const last = keptOf(decl);
  if (last && (last.version === namesVersion || sameAnswers(last.reads, features))) {
    last.version = namesVersion;
    return last.reads;
  }
  const reads = readsOf(decl.value, features);
  if (last) {
    last.reads = reads;
    last.version = namesVersion;
  } else decl.bound = { reads, version: namesVersion, symbol: undefined, symbolReads: undefined, tables: '' } satisfies Kept;
  return reads;
}

/**
 * The last used-feature closure and what it was made of: the feature names (by `namesVersion`),
 * the model inputs, and what each feature reads. An edit that leaves all three (a changed
 * number, a renamed column) keeps the set instead of walking every feature again. Read-only.
 */
let lastUse: { version: number; roots: string[]; edges: string[][]; used: Set<string> } | undefined;

/** Kept symbols keep their lists, so most compare by identity. */
function sameEdges(a: readonly string[][], b: readonly string[][]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] && !sameItems(a[k], b[k])) return false;
  return true;
}

/**
 * Binds a file. Occurrences (every definition and use, for navigation and rename) are computed
 * on first access: the checker never needs them, and they are most of the binder's garbage.
 */
export function bind(file: SourceFile): Binding {
  return bindWith(file, false);
}

function bindWith(file: SourceFile, collect: boolean): Binding {
  const tables = new Map<string, TableSymbol>();
  const features = new Map<string, FeatureSymbol>();
  const models = new Map<string, ModelSymbol>();
  const registered = new Map<string, RegisteredSymbol>();
  const blocks = new Map<string, Block[]>();
  const duplicates: Binding['duplicates'] = [];
  const occurrences: Occurrence[] = [];

  const define = (kind: SymbolKind, node: Ident) => {
    if (collect) occurrences.push({ start: node.start, end: node.end, kind, name: node.name, isDefinition: true, resolved: true });
  };

  for (const stmt of file.statements) {
    if (stmt.kind === 'Feature') {
      const prev = features.get(stmt.name.name);
      if (prev) duplicates.push({ kind: 'feature', name: stmt.name.name, node: stmt.name, first: prev.decl.name });
      else {
        // The last binding's symbol for this declaration, checked below before it is kept.
        features.set(stmt.name.name, keptOf(stmt)?.symbol ?? { name: stmt.name.name, decl: stmt, features: NO_NAMES, columns: NO_COLUMNS, reads: NO_READS, typed: 0 });
        define('feature', stmt.name);
      }
      continue;
    }
    const kind = stmt.type.name;
    const list = blocks.get(kind) ?? [];
    list.push(stmt);
    blocks.set(kind, list);
    const attrs = attributesOf(stmt);
    const name = stmt.name;
    if (kind === 'data' && name) {
      if (tables.has(name.name)) duplicates.push({ kind: 'table', name: name.name, node: name, first: tables.get(name.name)!.nameNode });
      else {
        tables.set(name.name, {
          name: name.name,
          decl: stmt,
          nameNode: name,
          attrs,
          source: stringValue(attrs.get('source')?.value),
          version: pinnedVersion(stringValue(attrs.get('version')?.value)),
          target: bareName(attrs.get('target')?.value)?.name,
          key: bareName(attrs.get('key')?.value)?.name,
          time: bareName(attrs.get('time')?.value)?.name,
        });
        define('table', name);
      }
    } else if (kind === 'model' && name) {
      if (models.has(name.name)) duplicates.push({ kind: 'model', name: name.name, node: name, first: models.get(name.name)!.nameNode });
      else {
        const inputsExpr = attrs.get('inputs')?.value;
        const inputs: NameSpan[] = [];
        if (inputsExpr?.kind === 'List')
          for (const item of inputsExpr.items) {
            const id = bareNameSpan(item);
            if (id) inputs.push(id);
          }
        // `inputs = tier` (brackets left out) is invalid-value, but the name still counts as read, so the
        // error does not cascade into every drift line and feature being reported unused.
        else if (bareNameSpan(inputsExpr)) inputs.push(bareNameSpan(inputsExpr)!);
        // A syntax error in them: the features they named are not known, and reporting each one
        // unused (or a drift line's target as not read) would cascade from that one error.
        const unread = inputsExpr !== undefined && hasUnreadPart(inputsExpr);
        models.set(name.name, { name: name.name, decl: stmt, nameNode: name, attrs, inputs, ...(unread ? { inputsUnread: true } : {}) });
        define('model', name);
      }
    } else if (kind === 'register' && name) {
      if (registered.has(name.name))
        duplicates.push({ kind: 'registered', name: name.name, node: name, first: registered.get(name.name)!.nameNode });
      else {
        registered.set(name.name, { name: name.name, decl: stmt, nameNode: name, attrs, from: bareName(attrs.get('from')?.value) });
        define('registered', name);
      }
    }
  }
  // Singleton blocks repeated: every copy after the first is a duplicate.
  for (const [kind, list] of blocks) {
    if (kind === 'data' || kind === 'model' || kind === 'register') continue;
    for (let i = 1; i < list.length; i++) duplicates.push({ kind: 'block', name: kind, node: list[i].type, first: list[0].type });
  }

  const targetTables = [...tables.values()].filter((t) => t.target !== undefined);
  const primary = targetTables.length === 1 ? targetTables[0] : undefined;

  noteNames(features);
  // Resolve feature expressions, with the one walk of "what a feature reads". A declaration
  // with the same reads, resolved against the same tables, keeps its last symbol: what it holds
  // is made of nothing else.
  let tablesKey = primary ? primary.name : '';
  for (const t of tables.keys()) tablesKey += '\u0000' + t;
  for (let f of features.values()) {
    const reads = readsCached(f.decl, features);
    // Made by readsCached just now, if it was not there.
    const last = keptOf(f.decl)!;
    if (last.symbol === f && last.symbolReads === reads && last.tables === tablesKey) {
      if (!collect) continue;
    } else {
      if (last.symbol === f) features.set(f.name, (f = { name: f.name, decl: f.decl, features: NO_NAMES, columns: NO_COLUMNS, reads: NO_READS, typed: 0 }));
      last.symbol = f;
      last.symbolReads = reads;
      last.tables = tablesKey;
    }
    const fill = f.reads !== reads;
    f.reads = reads;
    // Indexed loops, no destructuring: this runs for every feature of the file on each binding,
    // a few times per check, mostly before the optimizing compiler has seen it.
    if (fill) f.features = reads.features.length === 0 ? NO_NAMES : reads.features.map(featureRead);
    if (collect)
      for (const r of reads.features) {
        const n = refPartSpan(r.node, 0);
        occurrences.push({ start: n.start, end: n.end, kind: 'feature', name: refPart(r.node, 0), isDefinition: false, resolved: true });
      }
    let found = 0;
    for (let k = 0; k < reads.columns.length; k++) {
      const c = reads.columns[k];
      if (c.table === undefined) {
        // A span and a name, not an Ident: a one-part name has none (`Reference`).
        const n = refPartSpan(c.node, 0);
        const name = refPart(c.node, 0);
        if (primary) {
          if (fill) columnsFound[found++] = { table: primary.name, column: name, node: n };
          collect && occurrences.push({ start: n.start, end: n.end, kind: 'column', name, table: primary.name, isDefinition: false, resolved: true });
        } else collect && occurrences.push({ start: n.start, end: n.end, kind: 'feature', name, isDefinition: false, resolved: false });
        continue;
      }
      const t = refPartIdent(c.node, 0);
      const col = refPartIdent(c.node, 1);
      const table = tables.get(t.name);
      collect && occurrences.push({ start: t.start, end: t.end, kind: 'table', name: t.name, isDefinition: false, resolved: !!table });
      if (table) {
        if (fill) columnsFound[found++] = { table: t.name, column: col.name, node: col };
        collect && occurrences.push({ start: col.start, end: col.end, kind: 'column', name: col.name, table: t.name, isDefinition: false, resolved: true });
      }
    }
    if (found > 0) {
      f.columns = columnsFound.slice(0, found);
      // Not kept alive by the list: the last file's tree.
      for (let k = 0; k < found; k++) columnsFound[k] = undefined!;
    }
  }

  // Names in other blocks: occurrences only (the checker never asks for them).
  if (collect) {
    for (const m of models.values())
      for (const id of m.inputs)
        occurrences.push({ start: id.start, end: id.end, kind: 'feature', name: id.name, isDefinition: false, resolved: features.has(id.name) });
    for (const r of registered.values())
      if (r.from) occurrences.push({ start: r.from.start, end: r.from.end, kind: 'model', name: r.from.name, isDefinition: false, resolved: models.has(r.from.name) });
    for (const t of tables.values())
      for (const a of COLUMN_ATTRIBUTES) {
        const id = bareName(t.attrs.get(a)?.value);
        if (id) occurrences.push({ start: id.start, end: id.end, kind: 'column', name: id.name, table: t.name, isDefinition: false, resolved: true });
      }
    const split = blocks.get('split')?.[0];
    const by = split ? bareName(attributesOf(split).get('by')?.value) : undefined;
    if (by && primary) occurrences.push({ start: by.start, end: by.end, kind: 'column', name: by.name, table: primary.name, isDefinition: false, resolved: true });
    const serve = blocks.get('serve')?.[0];
    if (serve) {
      const model = attributesOf(serve).get('model')?.value;
      if (model?.kind === 'Reference' && refPartCount(model) === 1) {
        const n = refPartIdent(model, 0);
        const isReg = registered.has(n.name);
        occurrences.push({
          start: n.start,
          end: n.end,
          kind: isReg || !models.has(n.name) ? 'registered' : 'model',
          name: n.name,
          isDefinition: false,
          resolved: isReg || models.has(n.name),
        });
      }
      for (const e of serve.entries)
        if (e.kind === 'Block' && e.type.name === 'defaults' && primary)
          for (const d of e.entries)
            if (d.kind === 'Attribute')
              occurrences.push({ start: d.name.start, end: d.name.end, kind: 'column', name: d.name.name, table: primary.name, isDefinition: false, resolved: true });
    }
    for (const mon of blocks.get('monitor') ?? [])
      for (const e of mon.entries)
        if (e.kind === 'Drift' && e.target.name !== PREDICTION_TARGET)
          occurrences.push({ start: e.target.start, end: e.target.end, kind: 'feature', name: e.target.name, isDefinition: false, resolved: features.has(e.target.name) });
  }

  const closureOf = (stack: string[]): Set<string> => {
    const seen = new Set<string>();
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      const f = features.get(n);
      if (!f) continue;
      seen.add(n);
      for (const d of f.features) if (!seen.has(d)) stack.push(d);
    }
    return seen;
  };
  // Rules ask for the closure of the same roots (the served model's inputs) once per drift line.
  const closures = new Map<string, Set<string>>();
  const featureClosure = (roots: Iterable<string>): Set<string> => {
    const list = [...roots];
    const key = list.join('\u0000');
    let hit = closures.get(key);
    if (!hit) closures.set(key, (hit = closureOf(list)));
    return hit;
  };
  // Not through the keyed cache: its key would join every model input of the file, once.
  const roots: string[] = [];
  for (const m of models.values()) for (const i of m.inputs) roots.push(i.name);
  const edges: string[][] = [];
  for (const f of features.values()) edges.push(f.features);
  let usedFeatures: Set<string>;
  if (lastUse && lastUse.version === namesVersion && sameItems(lastUse.roots, roots) && sameEdges(lastUse.edges, edges)) usedFeatures = lastUse.used;
  else lastUse = { version: namesVersion, roots, edges, used: (usedFeatures = closureOf([...roots])) };

  if (collect) occurrences.sort((a, b) => a.start - b.start);
  let inputsUnread = false;
  for (const m of models.values()) inputsUnread ||= m.inputsUnread === true;
  return new FileBinding(file, collect ? occurrences : undefined, tables, primary, targetTables, features, models, registered, blocks, duplicates, featureClosure, usedFeatures, inputsUnread);
}

/**
 * A binding, its occurrences found on first read unless the walk collected them. A class, so
 * every binding has one shape with its fields in place: the getter given to the made object by
 * `Object.defineProperty` (or written in an object literal) turned each binding into a
 * dictionary, and every rule's read of `binding.features` and the rest into a hash lookup.
 * `occurrences` is the prototype's getter, not an own property: no reader lists a binding's keys.
 */
class FileBinding implements Binding {
  constructor(
    private readonly file: SourceFile,
    private found: Occurrence[] | undefined,
    readonly tables: Map<string, TableSymbol>,
    readonly primary: TableSymbol | undefined,
    readonly targetTables: TableSymbol[],
    readonly features: Map<string, FeatureSymbol>,
    readonly models: Map<string, ModelSymbol>,
    readonly registered: Map<string, RegisteredSymbol>,
    readonly blocks: Map<string, Block[]>,
    readonly duplicates: Binding['duplicates'],
    readonly featureClosure: Binding['featureClosure'],
    readonly usedFeatures: Set<string>,
    readonly inputsUnread: boolean,
  ) {}
  get occurrences(): Occurrence[] {
    return (this.found ??= bindWith(this.file, true).occurrences);
  }
}
