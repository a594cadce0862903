import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import { attributesOf } from '../mlpipe/binder.js';
import { CODES, isCode, type Diagnostic, type FixData } from '../mlpipe/index.js';
import { catalogueEntry } from './transforms.js';
import type { Attribute, Block, CallExpr } from '../mlpipe/syntax/ast.js';
import { argName } from '../mlpipe/syntax/args.js';
import { walk } from '../mlpipe/syntax/locate.js';
import type { ColumnRead } from '../mlpipe/features/dependencies.js';
import type { DocAnalysis } from './analyses.js';
import { findLockfile } from './lockfiles.js';
import { servedModel } from '../mlpipe/served.js';
import { EditBuilder } from './textEdits.js';
import { SUGGESTED_SEED } from '../mlpipe/language/determinism.js';
import { quote } from '../mlpipe/format/printExpr.js';
import { splitConfig } from '../mlpipe/language/splitConfig.js';

interface Fix {
  title: string;
  edits: TextEdit[];
  preferred: boolean;
}

/**
 * Quick fixes for the diagnostics the client sends back: each is driven by the core diagnostic's
 * `data` and the syntax tree of the current version. Warnings and infos also get "suppress on
 * this line"; errors never do (the spec: a clean check must not hide one).
 */
export function codeActionsFor(a: DocAnalysis, diagnostics: LspDiagnostic[], workspaceRoots: string[]): CodeAction[] {
  const out: CodeAction[] = [];
  const eb = new EditBuilder(a.text, a.lines);
  for (const ld of diagnostics) {
    if (ld.source !== 'mlpipe' || typeof ld.code !== 'string' || !isCode(ld.code)) continue;
    const core = coreDiagnosticOf(a, ld);
    const data = (core?.data ?? ld.data) as FixData | undefined;
    if (core && data) {
      const fix = buildFix(a, eb, core, data, workspaceRoots);
      if (fix) out.push(action(a.uri, fix, ld));
    }
    // Errors cannot be suppressed (spec): no lightbulb offers it. Nor does a diagnostic this
    // version no longer has (one the client still holds from before an edit, such as the
    // suppression just applied): its line now holds something else, or that very comment.
    if (core && CODES[ld.code] !== 'error') {
      const line = core.range.start.line;
      out.push(
        action(a.uri, { title: `Suppress '${ld.code}' on this line`, preferred: false, edits: [eb.insert(a.lines.lineStarts[line], `${eb.indentOf(line)}# mlpipe-disable-next-line ${ld.code}${eb.eol}`)] }, ld),
      );
    }
  }
  return out;
}

/**
 * The checker's diagnostic behind one the client sent back, found by code and start line:
 * clients do not all send the range back as they got it (Neovim 0.7 counts characters in
 * bytes), so a range compared exactly would miss on any line with non-ASCII text. Of several on
 * one line, the same message wins, then the nearest start column.
 */
export function coreDiagnosticOf(a: DocAnalysis, ld: LspDiagnostic): Diagnostic | undefined {
  const line = ld.range.start.line;
  const candidates = a.diagnostics.filter((d) => d.code === ld.code && d.range.start.line === line);
  if (candidates.length <= 1) return candidates[0];
  const sameMessage = candidates.filter((d) => d.message === ld.message);
  const pool = sameMessage.length ? sameMessage : candidates;
  const distance = (d: Diagnostic) => Math.abs(d.range.start.character - ld.range.start.character);
  return pool.reduce((best, d) => (distance(d) < distance(best) ? d : best));
}

function action(uri: string, fix: Fix, diagnostic: LspDiagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(fix.preferred ? { isPreferred: true } : {}),
    edit: { changes: { [uri]: fix.edits } },
  };
}

function blockWithHeaderAt(a: DocAnalysis, kind: string, offset: number): Block | undefined {
  return a.binding.blocks.get(kind)?.find((b) => b.type.start === offset);
}

/** Where a new 'split' block goes: after the last 'data' block, else after the 'pipeline' line. */
function splitBlockPlace(a: DocAnalysis): number {
  const datas = a.binding.blocks.get('data') ?? [];
  return datas.length ? datas[datas.length - 1].end : (a.file.pipeline?.end ?? 0);
}

function callAt(a: DocAnalysis, start: number, end: number): CallExpr | undefined {
  let found: CallExpr | undefined;
  for (const s of a.file.statements)
    walk(s, (n) => {
      if (n.kind === 'Call' && n.start <= start && end <= n.end && (!found || n.end - n.start < found.end - found.start)) found = n;
    });
  return found;
}

/**
 * What to delete to drop the items of a comma-separated list marked in `drop` (a call's
 * arguments, a block's entries): each with one comma next to it (the one after it; for the last,
 * the one after the last item kept), as written, so the comments between items stay (a call
 * spread over lines may note each one); a line left blank goes. Items separated by line breaks
 * alone (a block's entries) go with nothing else. With `lineComment`, a line left holding only
 * a comment goes too (the comment spoke of what was dropped).
 * Named arguments come in any order, so a literal statistic may be first.
 */
function listCuts(a: DocAnalysis, items: ReadonlyArray<{ start: number; end: number }>, drop: boolean[], lineComment = false): Array<[number, number]> {
  const { text, lines } = a;
  // The comma between items[i] and items[i + 1], past spaces, line breaks and comments; undefined when none is.
  const commaAfter = (i: number) => {
    let o = items[i].end;
    while (o < items[i + 1].start && text[o] !== ',') o = text[o] === '#' ? lines.lineEnd(lines.positionAt(o).line) : o + 1;
    return o < items[i + 1].start ? o : undefined;
  };
  // Spaces after a comma go with it, unless a comment or the line's end follows them.
  const spacesAfter = (o: number) => {
    let e = o;
    while (text[e] === ' ' || text[e] === '\t') e++;
    return e < text.length && !'#\r\n'.includes(text[e]) ? e : o;
  };
  const cuts: Array<[number, number]> = [];
  items.forEach((item, i) => {
    if (!drop[i]) return;
    const comma = i < items.length - 1 ? commaAfter(i) : undefined;
    if (comma !== undefined) return void cuts.push([item.start, spacesAfter(comma + 1)]);
    // None after it (the last, or the last of its line): the one after the last item kept before it.
    const kept = drop.lastIndexOf(false, i);
    const before = kept >= 0 ? commaAfter(kept) : undefined;
    if (before !== undefined) cuts.push([before, spacesAfter(before + 1)]);
    cuts.push([item.start, item.end]);
  });
  cuts.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const c of cuts) {
    const last = merged[merged.length - 1];
    if (last && c[0] <= last[1]) last[1] = Math.max(last[1], c[1]);
    else merged.push([...c]);
  }
  return merged.map(([start, end]) => {
    const first = lines.positionAt(start).line;
    const lastLine = lines.positionAt(end).line;
    const after = text.slice(end, lines.lineEnd(lastLine)).trim();
    const blankAround = text.slice(lines.lineStarts[first], start).trim() === '' && (after === '' || (lineComment && after.startsWith('#')));
    return blankAround && lastLine + 1 < lines.lineCount ? [lines.lineStarts[first], lines.lineStarts[lastLine + 1]] : [start, end];
  });
}

function buildFix(a: DocAnalysis, eb: EditBuilder, d: Diagnostic, data: FixData, roots: string[]): Fix | undefined {
  switch (data.fix) {
    case 'did-you-mean':
      // Over a string (a missing source's path), the name is written as one.
      return { title: `Change to '${data.name}'`, preferred: true, edits: [eb.replace(d.start, d.end, a.text[d.start] === '"' ? quote(data.name) : data.name)] };
    case 'qualify-column': {
      // Each place the feature reads its own name; the diagnostic is on the feature's name.
      const f = a.binding.features.get(data.column);
      const self = f && f.decl.name.start === d.start ? f.reads.features.filter((r) => r.feature === data.column) : [];
      if (self.length === 0) return undefined;
      const qualified = `${data.table}.${data.column}`;
      return { title: `Read the column: change '${data.column}' to '${qualified}'`, preferred: true, edits: self.map((r) => eb.replace(r.node.start, r.node.end, qualified)) };
    }
    case 'flip-comparison': {
      // The diagnostic spans the line from its keyword; the first '<' or '>' in it is the comparison (names hold neither).
      const op = /[<>]=?/.exec(a.text.slice(d.start, d.end));
      if (!op) return undefined;
      const at = d.start + op.index;
      return { title: `Change '${op[0]}' to '${data.op}'`, preferred: true, edits: [eb.replace(at, at + op[0].length, data.op)] };
    }
    case 'pin-version': {
      const short = data.hash.slice(0, 19) + '…';
      if (d.code === 'repro/data-changed') return { title: `Re-pin the version to the file's current hash (${short})`, preferred: true, edits: [eb.replace(d.start, d.end, `"${data.hash}"`)] };
      const block = blockWithHeaderAt(a, 'data', d.start);
      if (!block) return undefined;
      // After `source`, in the block's style (`, version = …` when `}` or more entries follow on its line).
      const edit = eb.addEntry(block, 'version', `"${data.hash}"`, attributesOf(block).get('source'), true);
      return { title: `Pin 'data ${block.name?.name ?? ''}' to the file's current hash (${short})`, preferred: true, edits: [edit] };
    }
    case 'add-seed': {
      // The seed the diagnostic's message names.
      const seed = data.seed ?? SUGGESTED_SEED;
      if (data.block === 'model') {
        const block = blockWithHeaderAt(a, 'model', d.start);
        return block ? { title: `Add 'seed = ${seed}' to model '${block.name?.name ?? ''}'`, preferred: true, edits: [eb.addEntry(block, 'seed', String(seed))] } : undefined;
      }
      const split = a.binding.blocks.get('split')?.[0];
      if (split) return { title: `Add 'seed = ${seed}' to the split`, preferred: true, edits: [eb.addEntry(split, 'seed', String(seed))] };
      return { title: `Add a seeded 'split' block (test = 0.2, seed = ${seed})`, preferred: true, edits: [eb.blockAfter(splitBlockPlace(a), ['split {', 'test = 0.2', `seed = ${seed}`, '}'])] };
    }
    case 'set-task': {
      // The model's task, as the message says; after its last entry, in the block's style.
      const model = a.binding.models.get(data.model);
      if (!model || model.attrs.has('task')) return undefined;
      // Reported at the model's 'logistic' kind, the task is what that kind means, and at a text
      // target, classification is the only task it can have: "fix all" takes it. Reported at a
      // gate, the gate may be what is wrong (rmse of ratings 1.0 to 5.0): offered, left to a person.
      const atGate = (a.binding.blocks.get('evaluate') ?? []).some((b) => b.start <= d.start && d.end <= b.end);
      return { title: `Set 'task = ${data.task}' in model '${data.model}'`, preferred: !atGate, edits: [eb.addEntry(model.decl, 'task', data.task, undefined, true)] };
    }
    case 'add-split-by': {
      const split = a.binding.blocks.get('split')?.[0];
      // A time split of repeated entities may be the evaluation meant (the message says when):
      // offered, never applied by "fix all".
      const random = splitConfig(a.binding).order !== 'time';
      if (split) return { title: `Split by '${data.column}' (whole entities on one side)`, preferred: random, edits: [eb.addEntry(split, 'by', data.column)] };
      // No split block: the default one with 'by'. Not preferred, so "fix all" never writes a
      // second split block beside the one the unseeded-split fix adds.
      return { title: `Add a 'split' block by '${data.column}' (test = 0.2)`, preferred: false, edits: [eb.blockAfter(splitBlockPlace(a), ['split {', 'test = 0.2', `by   = ${data.column}`, '}'])] };
    }
    case 'fill-missing': {
      const expr = a.text.slice(d.start, d.end);
      // The checker's value: the column's serve default when one of the column's kind covers it.
      const value = data.value ?? '0';
      // The check reports a column once per feature, at its first unfilled read: each such read
      // of it in the feature is wrapped, or the warning would only move to the next one.
      const reads = [...a.binding.features.values()].find((f) => f.decl.start <= d.start && d.end <= f.decl.end)?.reads.columns ?? [];
      const columnOf = (r: ColumnRead) => `${r.table ?? a.binding.primary?.name}.${r.column}`;
      const reported = reads.find((r) => r.node.start === d.start && r.node.end === d.end);
      const wrapped = reported ? reads.filter((r) => r === reported || (!r.covered && !r.window && !r.asOf && columnOf(r) === columnOf(reported))) : [{ node: d }];
      const edits = wrapped.map(({ node }) => eb.replace(node.start, node.end, `fill_missing(${a.text.slice(node.start, node.end)}, ${value})`));
      return { title: `Wrap '${expr}' in 'fill_missing(…, ${value})'`, preferred: false, edits };
    }
    case 'add-as-of': {
      const call = callAt(a, d.start, d.end);
      if (!call?.closed) return undefined;
      const text = call.args.length ? `, as_of = ${data.asOf}` : `as_of = ${data.asOf}`;
      const at = call.args.length ? call.args[call.args.length - 1].end : call.end - 1;
      return { title: `Add 'as_of = ${data.asOf}'`, preferred: true, edits: [eb.insert(at, text)] };
    }
    case 'drop-literal-statistics': {
      const call = callAt(a, d.start, d.end);
      const spec = call ? catalogueEntry(call.callee.name)?.spec : undefined;
      if (!call || !spec) return undefined;
      const isLiteral = (arg: (typeof call.args)[number]) => {
        const name = argName(arg);
        return name !== undefined && spec.args.find((s) => s.name === name.name)?.literalStatistic === true;
      };
      const cuts = listCuts(a, call.args, call.args.map(isLiteral));
      return cuts.length ? { title: `Drop the literal statistics of '${spec.name}' (fit on the training split)`, preferred: true, edits: cuts.map(([s, e]) => eb.replace(s, e, '')) } : undefined;
    }
    case 'remove-default': {
      // The entry the diagnostic spans, in the serve block's 'defaults'.
      const defaults = a.binding.blocks.get('serve')?.[0]?.entries.find((e): e is Block => e.kind === 'Block' && e.type.name === 'defaults' && e.start <= d.start && d.end <= e.end);
      const at = defaults?.entries.findIndex((e) => e.start === d.start && e.end === d.end) ?? -1;
      if (!defaults || at < 0) return undefined;
      const entry = defaults.entries[at] as Attribute;
      const cuts = listCuts(a, defaults.entries, defaults.entries.map((_, i) => i === at), true);
      // Not preferred: reading the column in a feature may be what was meant, and "fix all" deletes nothing a person wrote to say so.
      return { title: `Remove the serve default for '${entry.name.name}'`, preferred: false, edits: cuts.map(([s, e]) => eb.replace(s, e, '')) };
    }
    case 'add-environment': {
      const lock = findLockfile(a.path, roots);
      const body = [
        'environment {',
        lock ? `lockfile      = "${lock}"` : '# lockfile = "…"  (no lockfile found next to this pipeline or above it)',
        'backend       = cpu',
        'deterministic = true',
        '}',
      ];
      const last = a.file.statements[a.file.statements.length - 1];
      const at = last ? last.end : (a.file.pipeline?.end ?? 0);
      return { title: lock ? `Add an 'environment' block (lockfile '${lock}', cpu, deterministic)` : "Add an 'environment' block (cpu, deterministic)", preferred: true, edits: [eb.blockAfter(at, body)] };
    }
    case 'add-monitor': {
      const serve = a.binding.blocks.get('serve')?.[0];
      if (!serve) return undefined;
      // Only inputs that name a feature, once each: a drift line on anything else is an error.
      const inputs = [...new Set(servedModel(a.binding)?.inputs.map((i) => i.name) ?? [])].filter((n) => a.binding.features.has(n));
      const width = Math.max('prediction'.length, ...inputs.map((n) => n.length));
      const body = [
        'monitor {',
        'window   = 500',
        ...inputs.map((n) => `drift ${n.padEnd(width)} psi > 0.2`),
        `drift ${'prediction'.padEnd(width)} psi > 0.1`,
        'on_drift = retrain',
        '}',
      ];
      return { title: "Add a 'monitor' block for the served model's inputs", preferred: true, edits: [eb.blockAfter(serve.end, body)] };
    }
  }
}
