import { bind, type Binding } from '../binder.js';
import type { Diagnostic } from '../diagnostics.js';
import type { SourceFile, Span } from '../syntax/ast.js';
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

/** Checks a parsed file: syntax errors, then every rule, then cascade filtering and suppressions. */
export function check(file: SourceFile, host: CheckHost = {}, lines = new LineMap(file.text)): CheckResult {
  const binding = bind(file);
  const ctx = new CheckContext(file, binding, lines, host);
  ctx.phase = 0;
  for (const e of file.syntaxErrors) ctx.report('syntax', e, e.message);
  runRules(RULES, file, ctx);
  const kept = dropCascades(ctx.diagnostics, ownerSpans(file));
  const diagnostics = applySuppressions(file, lines, kept).map(({ phase: _phase, ...d }) => d);
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end || a.code.localeCompare(b.code));
  return { binding, diagnostics, lines };
}

/** Statements and entries: the nodes whose errors stop further diagnostics on them. */
function ownerSpans(file: SourceFile): Span[] {
  const spans: Span[] = [];
  if (file.pipeline) spans.push(file.pipeline);
  const addBlock = (entries: SourceFile['statements'] | import('../syntax/ast.js').Entry[]) => {
    for (const e of entries) {
      spans.push(e);
      if (e.kind === 'Block') addBlock(e.entries);
    }
  };
  addBlock(file.statements);
  return spans;
}

/** The innermost statement or entry containing an offset. */
function ownerOf(spans: Span[], offset: number): Span | undefined {
  let best: Span | undefined;
  for (const s of spans)
    if (s.start <= offset && offset <= s.end && (!best || s.end - s.start <= best.end - best.start)) best = s;
  return best;
}

/**
 * Errors do not cascade: once a node has an error, diagnostics of later phases on the same
 * node are dropped, and so is advice (warnings, info) on a node that has an error.
 */
function dropCascades(diags: PendingDiagnostic[], spans: Span[]): PendingDiagnostic[] {
  const errorsByOwner = new Map<Span | undefined, number>();
  const owners = diags.map((d) => ownerOf(spans, d.start));
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
