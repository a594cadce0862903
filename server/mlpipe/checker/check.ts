import { bind, type Binding } from '../binder.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Block, SourceFile, Span, Statement } from '../syntax/ast.js';
import { LineMap } from '../syntax/lineMap.js';
import { CheckContext, type PendingDiagnostic } from './context.js';
import type { CheckHost } from './host.js';
import { RULES } from './rules/index.js';
import { applySuppressions } from './suppress.js';
import { runRules } from './walk.js';

export interface CheckResult {
  binding: Binding;
  diagnostics: Diagnostic[];
  lines: LineMap;
}

/**
 * Checks a parsed file: syntax errors, then every rule, then cascade filtering and suppressions.
 * `binding`: the file's binding when the caller has made it already (binding is pure, so one
 * made of the same file is the same; the language server binds once per keystroke, not twice).
 */
export function check(file: SourceFile, host: CheckHost = {}, lines = new LineMap(file.text), binding: Binding = bind(file)): CheckResult {
  const ctx = new CheckContext(file, binding, lines, host);
  // Before every rule's phase: the rules also judge the error node a bad token leaves (a
  // duration, a literal argument), so one typo would otherwise be two errors on one statement.
  ctx.phase = -1;
  for (const e of file.syntaxErrors) ctx.report('syntax', e, e.message);
  runRules(RULES, file, ctx, host.memo?.features);
  const kept = dropCascades(ctx.diagnostics, new Owners(file));
  // Built field by field in the order 'report' sets them: an object rest copy is several times slower.
  const diagnostics = applySuppressions(file, lines, kept).map((d): Diagnostic => ({ code: d.code, severity: d.severity, message: d.message, start: d.start, end: d.end, range: d.range, data: d.data }));
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
  host.memo?.endCheck();
  return { binding, diagnostics, lines };
}

/**
 * The innermost statement or entry containing an offset, as a number: the node whose errors stop
 * further diagnostics on it. A top-level statement is its index (the pipeline line and offsets
 * outside every statement are -1: file-level problems share that line but are independent, none
 * hides another); an entry of a block is numbered after them on first sight. Numbers, not the
 * nodes: a map keyed by a fresh tree's nodes gave each an identity hash, thousands per check of a
 * file with thousands of diagnostics. Statements are in source order, so a binary search finds
 * the top-level one, then nested entries are searched (a block holds few).
 */
class Owners {
  private readonly top: Span[] = [];
  /** The pipeline line's index in `top`, whose diagnostics have no owner; -1 without one. */
  private readonly skip: number;
  private readonly sorted: boolean;
  private last = -1;
  private entries: Map<Span, number> | undefined;

  constructor(file: SourceFile) {
    if (file.pipeline) this.top.push(file.pipeline);
    this.top.push(...file.statements);
    this.skip = file.pipeline ? 0 : -1;
    const top = this.top;
    let sorted = true;
    for (let k = 1; k < top.length && sorted; k++) sorted = top[k - 1].start <= top[k].start;
    this.sorted = sorted;
  }

  /** The owner of a diagnostic at `offset`, -1 for none. */
  of(offset: number): number {
    const top = this.top;
    // Rules report feature by feature, in file order: most offsets fall in the statement the last
    // one did, or the next (the last statement starting at or before the offset), which the search
    // would find, when the statements are in order (a 'pipeline' line written below them is not).
    if (this.sorted && this.last >= 0) {
      if (this.isLast(this.last, offset)) return this.ownerIn(this.last, offset);
      if (this.last + 1 < top.length && this.isLast(this.last + 1, offset)) return this.ownerIn(++this.last, offset);
    }
    let lo = 0;
    let hi = top.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (top[mid].start <= offset) {
        if (offset <= top[mid].end) found = this.last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? -1 : this.ownerIn(found, offset);
  }

  private isLast(k: number, offset: number): boolean {
    const top = this.top;
    return top[k].start <= offset && offset <= top[k].end && (k + 1 === top.length || top[k + 1].start > offset);
  }

  private ownerIn(index: number, offset: number): number {
    if (index === this.skip) return -1;
    const s = this.top[index];
    const inner = descend(s, offset);
    if (inner === s) return index;
    this.entries ??= new Map();
    let id = this.entries.get(inner);
    if (id === undefined) this.entries.set(inner, (id = this.top.length + this.entries.size));
    return id;
  }
}

function descend(s: Span, offset: number): Span {
  if ((s as Statement).kind !== 'Block') return s;
  for (const e of (s as Block).entries) if (e.start <= offset && offset <= e.end) return descend(e, offset);
  return s;
}

/**
 * Errors do not cascade: once a node has an error, diagnostics of later phases on the same
 * node are dropped, and so is advice (warnings, info) on a node that has an error.
 */
function dropCascades(diags: PendingDiagnostic[], owners: Owners): PendingDiagnostic[] {
  const ownerOf = new Int32Array(diags.length);
  let most = -1;
  for (let i = 0; i < diags.length; i++) most = Math.max(most, (ownerOf[i] = owners.of(diags[i].start)));
  // The least phase of an error per owner, by owner number; NONE where it has none.
  const errorPhase = new Int32Array(most + 1).fill(NONE);
  let errors = false;
  for (let i = 0; i < diags.length; i++) {
    const d = diags[i];
    const owner = ownerOf[i];
    if (d.severity !== 'error' || owner < 0) continue;
    if (d.phase < errorPhase[owner]) errorPhase[owner] = d.phase;
    errors = true;
  }
  if (!errors) return diags;
  const kept: PendingDiagnostic[] = [];
  for (let i = 0; i < diags.length; i++) {
    const d = diags[i];
    const owner = ownerOf[i];
    if (owner < 0 || errorPhase[owner] === NONE || (d.severity === 'error' && d.phase <= errorPhase[owner])) kept.push(d);
  }
  return kept;
}

/** No error on the owner: above every phase. */
const NONE = 0x7fffffff;
