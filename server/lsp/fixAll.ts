import type { Position, Range, TextEdit } from 'vscode-languageserver';
import type { Diagnostic, FixData } from '../mlpipe/index.js';
import type { DocAnalysis } from './analyses.js';
import { codeActionsFor } from './codeActions.js';
import { toLspDiagnostic } from './diagnostics.js';

/** One quick fix taken into a fix-all: what it fixed, where, and in the lightbulb's words. */
export interface AppliedFix {
  code: string;
  line: number;
  character: number;
  title: string;
}

export interface FixAll {
  /** Every taken fix's edits, none overlapping another's. */
  edits: TextEdit[];
  applied: AppliedFix[];
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const beforeOrAt = (a: Position, b: Position) => !before(b, a);

/**
 * Two ranges that touch count as overlapping: two insertions at one point (two fixes each adding
 * a block after the last statement) would land in an order no one chose.
 */
function overlaps(x: Range, y: Range): boolean {
  return beforeOrAt(x.start, y.end) && beforeOrAt(y.start, x.end);
}

/**
 * Preferred fixes that still need a person: a fix-all runs unasked (on every save, or in a
 * script), so it takes only fixes that write what is missing or drop what the rule forbids, never
 * one that picks between meanings. A misspelling's nearest name and a threshold's flipped
 * operator are guesses (the value may be what is wrong); re-pinning a changed file accepts the
 * change, which the diagnostic exists to make someone decide.
 */
function needsAPerson(d: Diagnostic, data: FixData): boolean {
  return data.fix === 'did-you-mean' || data.fix === 'flip-comparison' || d.code === 'repro/data-changed';
}

/**
 * The fixes a "fix all" applies to one analysed version: for each diagnostic, in the file's
 * order, its preferred quick fix (the one the lightbulb marks, and VS Code's auto-fix takes),
 * unless one of its edits overlaps a fix already taken or it needs a person (`needsAPerson`).
 * Suppressions and fixes that guess at a value (`fill_missing`'s) are never preferred. A fix left out for an
 * overlap is found again on the next version: callers that can re-check (the CLI) repeat until
 * nothing is left to take. Shared by `mlpipe check --fix` and the server's `source.fixAll`.
 */
export function fixAll(a: DocAnalysis, roots: string[]): FixAll {
  const edits: TextEdit[] = [];
  const applied: AppliedFix[] = [];
  const ordered = [...a.diagnostics].sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  for (const d of ordered) {
    if (!d.data || needsAPerson(d, d.data)) continue;
    const action = codeActionsFor(a, [toLspDiagnostic(d)], roots).find((c) => c.isPreferred);
    const own = action?.edit?.changes?.[a.uri];
    if (!action || !own?.length) continue;
    if (own.some((e) => edits.some((taken) => overlaps(e.range, taken.range)))) continue;
    edits.push(...own);
    applied.push({ code: d.code, line: d.range.start.line, character: d.range.start.character, title: action.title });
  }
  return { edits, applied };
}
