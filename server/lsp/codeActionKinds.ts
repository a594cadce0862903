import { CodeActionKind, type CodeAction, type CodeActionContext } from 'vscode-languageserver';
import type { DocAnalysis } from './analyses.js';
import { codeActionsFor } from './codeActions.js';
import { fixAll } from './fixAll.js';

/** The "fix all" source action: what `"editor.codeActionsOnSave": { "source.fixAll": … }` runs. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mlpipe`;

/** Whether a request's `only` asks for `kind`: a listed kind covers the kinds under it (`source` covers `source.fixAll.mlpipe`). */
function asked(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => k === kind || kind.startsWith(k + '.'));
}

/**
 * The code actions a request asks for: the quick fixes of the diagnostics it sends back, and,
 * when its `only` names it (on save, or the Source Action menu), one action taking every
 * preferred fix of the document at once (`fixAll`, which `mlpipe check --fix` applies too). The
 * lightbulb asks without `only` and keeps its list of single fixes.
 */
export function codeActionsIn(a: DocAnalysis, context: CodeActionContext, roots: string[]): CodeAction[] {
  const out = asked(context.only, CodeActionKind.QuickFix) ? codeActionsFor(a, context.diagnostics, roots) : [];
  if (context.only && asked(context.only, FIX_ALL_KIND)) {
    const all = fixAll(a, roots);
    if (all.edits.length) {
      const n = all.applied.length;
      out.push({ title: `Fix ${n} mlpipe problem${n === 1 ? '' : 's'} (the preferred quick fix of each)`, kind: FIX_ALL_KIND, edit: { changes: { [a.uri]: all.edits } } });
    }
  }
  return out;
}
