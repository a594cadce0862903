import type { FeatureSymbol } from '../binder.js';
import type { Code, FixData, Severity } from '../diagnostics.js';
import type { FeatureDecl, Statement } from '../syntax/ast.js';
import { TRANSFORMS, type ExprType } from '../transforms/index.js';
import type { CheckContext, PendingDiagnostic } from './context.js';
import { Carried } from './carried.js';
import { sameItems } from '../sameItems.js';

/**
 * A feature's diagnostic, its offsets relative to the feature's start (the feature may move)
 * and its range relative to the feature's first line: lines counted from it, characters on it
 * from the feature's start. A moved feature's text is unchanged, so its diagnostics' ranges
 * are found from one position (its start), without a look-up per diagnostic.
 */
export interface RelativeDiagnostic {
  code: Code;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  /** [start line, start character, end line, end character], relative as above; absent when the diagnostic lies outside the feature. */
  at?: [number, number, number, number];
  data?: FixData;
  phase: number;
}

/** The entries of one check's features, by declaration (`FeatureResults.begin`). */
export interface FeatureEntries {
  get(decl: FeatureDecl): Entry | undefined;
  /** How many features have an entry. */
  readonly size: number;
  /** Names this check: results made in it are marked with it (`ModelResults`). */
  readonly token: object;
  /**
   * The last check's token when this check can be compared with it (the same context: the
   * same feature names, 'data' blocks, tables' data and catalogue); undefined otherwise.
   */
  readonly since?: object;
  /**
   * With `since`: the feature names whose closure id differs from the last check's, or that
   * are on or read a cycle in either (their type depends on the order they are asked in).
   * A feature outside this set reads exactly the texts it read in the last check.
   */
  readonly changed?: ReadonlySet<string>;
}

/** A feature name's closure id in one check: PENDING (-1) while on the walk's stack, null on or reading a cycle. */
interface NameState {
  check: number;
  id: number | null;
}

/** One feature's entry: its closure id, its diagnostics once walked, its type once inferred. */
export interface Entry {
  /** Names the feature's text and those of every feature it reads, directly or not. */
  id: number;
  diagnostics?: RelativeDiagnostic[];
  /**
   * The diagnostics of the rules marked `fileWide` on it, and each such rule's key
   * (`Rule.wideKey`) naming what of the rest of the file it reads: reused while every key is the same.
   */
  wide?: { keys: string[]; diagnostics: RelativeDiagnostic[] };
  /** What type inference gives the feature: its closure and the context decide it as they decide its diagnostics. */
  type?: ExprType;
}

/**
 * The walker's diagnostics of each top-level feature, carried between the checks of one
 * document, so an edit re-runs the per-feature rules only on the features whose inputs changed.
 *
 * A feature's closure key is its own text (by its id), and for each feature it reads directly
 * that feature's name and closure id: ids are handed out one per distinct key and never reused,
 * so equal ids mean equal keys, and an id names the texts of the whole dependency closure
 * exactly, in time linear in the file. Closure ids do not depend on anything else, so they
 * survive an edit elsewhere (the plans of models are keyed by their inputs' closure ids).
 * What every feature's rules may read beyond its closure is kept as one context: the set of
 * feature names, the text of every 'data' block (tables, the primary table and its target:
 * `Rule`'s feature, call and reference handlers read no other block), each table's data (content
 * hash) and the transform catalogue. When the context changes, no diagnostics are reused. A feature on a
 * dependency cycle, or reading one, gets no id and is never cached (type inference through a
 * cycle depends on the order features are asked in), nor is a repeated definition. A feature
 * that reads only itself is no such cycle: asked first or not, its type is its expression's
 * with the reference to itself unknown, so it keeps an id (its own text already names it).
 */
export class FeatureResults {
  /** Entries by closure id, for the current context. */
  private entries = new Carried<Entry>();
  /** Closure ids by closure key, whatever the context. */
  private readonly closures = new Carried<number>();
  private context: string | undefined;
  /** Bumped when the context changes: entries of an older context are not reused. */
  private generation = 0;
  /**
   * The last closure of each feature declaration, kept on the declaration: while its reads have
   * the same closure ids, its closure id is found without building its key, and in the same
   * context so is its entry. A declaration an edit did not touch keeps its text (a re-parse
   * moves it in place), so the text needs no comparing.
   */
  private readonly lastOf = new WeakMap<Statement, { reads: string[]; ids: number[]; closure: number; entry?: Entry; generation: number; check: number }>();
  /** Each feature name's id in the current check (`NameState`), kept between checks. */
  private readonly states = new Map<string, NameState>();
  /** Counts checks: a state or a declaration's entry belongs to the check it is marked with. */
  private checks = 0;
  /** The token of the last check that had entries, in the current context. */
  private lastToken: object | undefined;
  private nextId = 1;
  /** Features whose kept diagnostics the last check reused (for tests and benchmarks). */
  reused = 0;

  /** `textId`: a statement's text as a small id, equal ids for equal texts only (`CheckMemo.statementTextId`). */
  constructor(private readonly textId: (s: Statement, text: string) => number) {}

  /**
   * The entries of this check's features (by declaration), or undefined when nothing may be
   * reused (a table whose data has no content hash). Call once per check, before the walk; the
   * answer is valid until the next call.
   */
  begin(ctx: CheckContext): FeatureEntries | undefined {
    this.reused = 0;
    const context = contextOf(ctx, this.textId);
    if (context !== this.context) {
      this.entries = new Carried();
      this.context = context;
      this.generation++;
      this.lastToken = undefined;
    }
    if (context === undefined) return undefined;
    const check = ++this.checks;
    const token = {};
    const since = this.lastToken;
    this.lastToken = token;
    const changed = since && new Set<string>();
    const { features } = ctx.binding;
    const text = ctx.file.text;
    // Each name's id for this check lives on a state kept between checks (marked with the check
    // it belongs to), so a check writes fields instead of filling a map of every name.
    const states = this.states;
    if (states.size > 2 * features.size + 64) states.clear(); // names long gone
    const stateOf = (name: string): NameState => {
      let st = states.get(name);
      if (!st) states.set(name, (st = { check: 0, id: 0 }));
      return st;
    };
    const closureOf = (key: string): number => {
      let id = this.closures.get(key);
      if (id === undefined) this.closures.set(key, (id = this.nextId++));
      return id;
    };
    const entryOf = (id: number): Entry => {
      const at = String(id);
      let e = this.entries.get(at);
      if (!e) this.entries.set(at, (e = { id }));
      return e;
    };
    // Iterative depth-first walk (a long chain of features must not overflow the stack). A
    // feature on the stack has id PENDING; one found on a cycle (or reading one) gets null.
    const PENDING = -1;
    const stack: Array<{ f: FeatureSymbol; st: NameState; next: number }> = [];
    const scratch: number[] = [];
    let size = 0;
    for (const [root, sym] of features) {
      const rootState = stateOf(root);
      if (rootState.check === check) continue;
      rootState.check = check;
      rootState.id = PENDING;
      stack.push({ f: sym, st: rootState, next: 0 });
      while (stack.length) {
        const top = stack[stack.length - 1];
        const deps = top.f.features;
        if (top.next < deps.length) {
          const dep = deps[top.next++];
          if (dep === top.f.name) continue; // a feature reading itself: see below
          const sym = features.get(dep);
          if (!sym) continue;
          const st = stateOf(dep);
          if (st.check === check) {
            if (st.id === PENDING) st.id = null; // a cycle: dep and everything on the stack above it read it
            continue;
          }
          st.check = check;
          st.id = PENDING;
          stack.push({ f: sym, st, next: 0 });
          continue;
        }
        stack.pop();
        const f = top.f;
        const n = f.features.length;
        scratch.length = n;
        let cyclic = top.st.id === null;
        for (let k = 0; k < n && !cyclic; k++) {
          if (f.features[k] === f.name) {
            scratch[k] = 0; // its own text, already in the key
            continue;
          }
          const st = states.get(f.features[k]);
          const id = st !== undefined && st.check === check ? st.id : undefined;
          if (id === null || id === undefined || id === PENDING) cyclic = true;
          else scratch[k] = id;
        }
        if (cyclic) {
          top.st.id = null;
          changed?.add(f.name);
          continue;
        }
        let last = this.lastOf.get(f.decl);
        if (!last || !(sameItems(last.reads, f.features) && sameItems(last.ids, scratch))) {
          // The declaration's closure in the last check (-1: it had none there).
          const before = last !== undefined && last.check === check - 1 ? last.closure : -1;
          const depIds = scratch.slice();
          let key = String(this.textId(f.decl, text));
          for (let k = 0; k < n; k++) key += `\u0000${f.features[k]}\u0001${depIds[k]}`;
          this.lastOf.set(f.decl, (last = { reads: f.features, ids: depIds, closure: closureOf(key), generation: -1, check: 0 }));
          if (last.closure !== before) changed?.add(f.name);
        } else if (last.check !== check - 1) changed?.add(f.name); // on a cycle, or under another name's binding, last check
        if (last.generation !== this.generation) {
          last.entry = entryOf(last.closure);
          last.generation = this.generation;
        }
        last.check = check;
        top.st.id = last.entry!.id;
        size++;
      }
    }
    const lastOf = this.lastOf;
    return {
      size,
      token,
      since,
      changed,
      get(decl: FeatureDecl): Entry | undefined {
        const last = lastOf.get(decl);
        return last !== undefined && last.check === check ? last.entry : undefined;
      },
    };
  }

  /** Ends a check: keys it did not meet are forgotten. */
  end(): void {
    this.entries.sweep();
    this.closures.sweep();
  }
}

/** The diagnostics a feature's walk reported (those from index `from` on), relative to its start. */
export function record(decl: FeatureDecl, ctx: CheckContext, from: number): RelativeDiagnostic[] {
  const out: RelativeDiagnostic[] = [];
  if (from === ctx.diagnostics.length) return out;
  const base = ctx.lines.positionAt(decl.start);
  for (let k = from; k < ctx.diagnostics.length; k++) {
    const d = ctx.diagnostics[k];
    const r: RelativeDiagnostic = { code: d.code, severity: d.severity, message: d.message, start: d.start - decl.start, end: d.end - decl.start, data: d.data, phase: d.phase };
    if (d.start >= decl.start && d.end <= decl.end) {
      const { start, end } = d.range;
      r.at = [start.line - base.line, start.line === base.line ? start.character - base.character : start.character, end.line - base.line, end.line === base.line ? end.character - base.character : end.character];
    }
    out.push(r);
  }
  return out;
}

/**
 * Where each kept list was last placed, and the diagnostics placed there. A feature at the same
 * offset and position reports the same objects again, and one that only moved along its line
 * (offsets shifted, lines not) reports them with their offsets moved and the same ranges: an
 * edit allocates only for what changed lines. The reported objects live only until the check
 * publishes its copies (`check`), so moving their offsets changes nothing published. Only lists whose every range lies inside the feature
 * are kept (a range outside it is placed by offset, wherever the edit left it). Kept per list (a list is one feature's, or one
 * closure's, kept diagnostics), forgotten with it.
 */
const placements = new WeakMap<readonly RelativeDiagnostic[], { start: number; line: number; character: number; placed: PendingDiagnostic[] }>();

/** Whether each of a list's ranges lies inside its feature (`at`): only those move with it. */
const within = (diagnostics: readonly RelativeDiagnostic[]) => diagnostics.every((d) => d.at !== undefined);

/** Reports a feature's kept diagnostics at its current place. */
export function replay(diagnostics: readonly RelativeDiagnostic[], decl: FeatureDecl, ctx: CheckContext): void {
  if (diagnostics.length === 0) return;
  const base = ctx.lines.positionAt(decl.start);
  const last = placements.get(diagnostics);
  const out = ctx.diagnostics;
  if (last && last.line === base.line && last.character === base.character) {
    if (last.start === decl.start) {
      for (const p of last.placed) out.push(p);
      return;
    }
    // Moved along the line only: the same ranges at new offsets. The reported objects are this
    // list's own (a check publishes copies of them, and a list is replayed once per check), so
    // their offsets are moved in place rather than the objects made again.
    for (let k = 0; k < diagnostics.length; k++) {
      const p = last.placed[k];
      p.start = diagnostics[k].start + decl.start;
      p.end = diagnostics[k].end + decl.start;
      out.push(p);
    }
    last.start = decl.start;
    return;
  }
  const placed: PendingDiagnostic[] = new Array(diagnostics.length);
  for (let k = 0; k < diagnostics.length; k++) {
    const d = diagnostics[k];
    const start = d.start + decl.start;
    const end = d.end + decl.start;
    const a = d.at;
    const range = a
      ? {
          start: { line: base.line + a[0], character: a[0] === 0 ? base.character + a[1] : a[1] },
          end: { line: base.line + a[2], character: a[2] === 0 ? base.character + a[3] : a[3] },
        }
      : ctx.lines.range(start, end);
    const p: PendingDiagnostic = { code: d.code, severity: d.severity, message: d.message, start, end, range, data: d.data, phase: d.phase };
    placed[k] = p;
    out.push(p);
  }
  if (within(diagnostics)) placements.set(diagnostics, { start: decl.start, line: base.line, character: base.character, placed });
}

/**
 * What every feature's rules may read beyond its own closure, as one text; undefined when a
 * table's data cannot be named by content.
 */
function contextOf(ctx: CheckContext, textId: (s: Statement, text: string) => number): string | undefined {
  const { file, binding } = ctx;
  const parts: string[] = [Object.keys(TRANSFORMS).join(','), [...binding.features.keys()].join(',')];
  if (file.pipeline) parts.push(file.text.slice(file.pipeline.start, file.pipeline.end));
  // Only 'data' blocks: an edit of a model, the split or serving leaves every feature's results.
  for (const s of file.statements) if (s.kind === 'Block' && s.type.name === 'data') parts.push(String(textId(s, file.text)));
  for (const t of binding.tables.values()) {
    const d = ctx.dataInfo(t);
    if (d?.status === 'ok' && d.hash === undefined) return undefined;
    parts.push(d ? JSON.stringify([d.status, d.hash ?? null, d.sampled ?? null, d.rowsRead ?? null, d.error ?? null]) : 'none');
  }
  return parts.join('\u0000');
}
