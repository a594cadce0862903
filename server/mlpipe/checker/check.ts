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
  const kept = dropCascades(ctx.diagnostics, ownerFinder(file));
  // Built field by field in the order 'report' sets them: an object rest copy is several times slower.
  const diagnostics = applySuppressions(file, lines, kept).map((d): Diagnostic => ({ code: d.code, severity: d.severity, message: d.message, start: d.start, end: d.end, range: d.range, data: d.data }));
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
  host.memo?.endCheck();
  return { binding, diagnostics, lines };
}

/**
 * The innermost statement or entry containing an offset: the node whose errors stop further
 * diagnostics on it. Statements are in source order, so a binary search finds the top-level
 * one, then nested entries are searched (a block holds few).
 */
function ownerFinder(file: SourceFile): (offset: number) => Span | undefined {
  const top: Span[] = [];
  if (file.pipeline) top.push(file.pipeline);
  top.push(...file.statements);
  const within = (s: Span, o: number) => s.start <= o && o <= s.end;
  const descend = (s: Span, o: number): Span => {
    if ((s as Statement).kind !== 'Block') return s;
    for (const e of (s as Block).entries) if (within(e, o)) return descend(e, o);
    return s;
  };
  // Rules report feature by feature, in file order: most offsets fall in the statement the last
  // one did, which the search would find (the last statement starting at or before the offset),
  // when the statements are in order (a 'pipeline' line written below them is not).
  let sorted = true;
  for (let k = 1; k < top.length && sorted; k++) sorted = top[k - 1].start <= top[k].start;
  let last = -1;
  return (offset) => {
    if (sorted && last >= 0 && top[last].start <= offset && offset <= top[last].end && (last + 1 === top.length || top[last + 1].start > offset)) {
      const s = top[last];
      return s === file.pipeline ? undefined : descend(s, offset);
    }
    let lo = 0;
    let hi = top.length - 1;
    let found: Span | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (top[mid].start <= offset) {
        if (offset <= top[mid].end) {
          found = top[mid];
          last = mid;
        }
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // File-level problems share the 'pipeline' line but are independent: none hides another.
    if (found === file.pipeline) return undefined;
    return found && descend(found, offset);
  };
}

/**
 * Errors do not cascade: once a node has an error, diagnostics of later phases on the same
 * node are dropped, and so is advice (warnings, info) on a node that has an error.
 */
function dropCascades(diags: PendingDiagnostic[], ownerOf: (offset: number) => Span | undefined): PendingDiagnostic[] {
  const errorsByOwner = new Map<Span | undefined, number>();
  const owners = diags.map((d) => ownerOf(d.start));
  diags.forEach((d, i) => {
    if (d.severity !== 'error') return;
    const prev = errorsByOwner.get(owners[i]);
    if (prev === undefined || d.phase < prev) errorsByOwner.set(owners[i], d.phase);
  });
  return diags.filter((d, i) => {
    const errPhase = errorsByOwner.get(owners[i]);
    if (errPhase === undefined || owners[i] === undefined) return true;
    if (d.severity === 'error') return d.phase <= errPhase;
    return false;
  });
}
