import { MarkupKind, type ParameterInformation, type SignatureHelp } from 'vscode-languageserver';
import { markdownToPlain } from './plainText.js';
import { scanTo } from './statementScan.js';
import { catalogueEntry, type TransformSpec } from './transforms.js';

export const SIGNATURE_TRIGGERS = ['(', ','];

/** The transform call the cursor is inside, read from the text alone: its name and the argument typed. */
export interface OpenCall {
  name: string;
  /** Positional index of the argument under the cursor. */
  index: number;
  /** The argument's name when it is written `name = …`. */
  named?: string;
  /** The word being typed as the argument, before any `=` (a named argument's name in the making). */
  typed?: string;
  /** Names of the arguments before it that are written `name = …`. */
  given?: string[];
}

/**
 * A forward scan to the offset (linear, as completion's is) that keeps the stack of open
 * brackets of the current statement, skipping strings and comments, and counts the commas of
 * each: the innermost open `(` is the call, its comma count the argument's position.
 */
export function openCallAt(text: string, offset: number, from = 0): OpenCall | undefined {
  const opens = openBracketsAt(text, offset, from) ?? [];
  // In a list argument (`[edges]`, `vocabulary = […]`) the call is the one the list is given to.
  let k = opens.length - 1;
  while (k >= 0 && text[opens[k].at] === '[') k--;
  const top = opens[k];
  if (!top) return undefined;
  const name = /([A-Za-z_]\w*)\s*$/.exec(text.slice(Math.max(0, top.at - 64), top.at))?.[1];
  if (!name) return undefined;
  const current = text.slice(top.lastComma + 1, offset);
  const named = NAMED.exec(current)?.[1];
  const typed = named ? undefined : /^\s*([A-Za-z_]\w*)\s*$/.exec(current)?.[1];
  return { name, index: top.commas, ...(named ? { named } : {}), ...(typed ? { typed } : {}), ...(top.given.length ? { given: top.given } : {}) };
}

/** An open `(` or `[` before the offset: where it is, its commas so far, and the names given as `name = …` before the last one. */
export interface OpenBracket {
  at: number;
  commas: number;
  lastComma: number;
  given: string[];
}

/**
 * The brackets of the current statement open at the offset, innermost last; undefined inside a
 * string or a comment. `from`: where the scan may start instead of the text's start, a point
 * outside brackets, strings and comments (the start of the cursor's statement, which completion
 * knows): from the text's start every call before the cursor was scanned again, its commas read
 * by a regular expression.
 */
export function openBracketsAt(text: string, offset: number, from = 0): OpenBracket[] | undefined {
  let opens: OpenBracket[] = [];
  let inString = false;
  let inComment = false;
  for (let i = from; i < offset; i++) {
    const c = text[i];
    if (inComment) {
      // A lone '\r' ends a line too, as the lexer reads it (Neovim's fileformat=mac).
      if (c === '\n' || c === '\r') inComment = false;
      continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"' || c === '\n' || c === '\r') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '#') inComment = true;
    else if (c === '(' || c === '[') opens.push({ at: i, commas: 0, lastComma: i, given: [] });
    else if ((c === ')' || c === ']') && opens.length) opens.pop();
    else if (c === '{' || c === '}') opens = [];
    else if (c === ',' && opens.length) {
      const top = opens[opens.length - 1];
      const given = NAMED.exec(text.slice(top.lastComma + 1, i))?.[1];
      if (given) top.given.push(given);
      top.commas++;
      top.lastComma = i;
    }
  }
  return inString || inComment ? undefined : opens;
}

/** `name =` at the start of an argument (not `==`). */
const NAMED = /^\s*([A-Za-z_]\w*)\s*=(?!=)/;

/**
 * The catalogue index of the argument being typed: by name after `name =`; else the argument at
 * its position (unless given by name already); past the positional arguments, the named one
 * whose name is being typed, else the first named one not yet given (`window_mean(t.col, 90d, |`
 * is at `as_of`). -1 when none fits.
 */
export function activeArgument(spec: TransformSpec, call: OpenCall): number {
  if (call.named !== undefined) return spec.args.findIndex((a) => a.name === call.named);
  const given = (i: number) => call.given?.includes(spec.args[i].name) === true;
  const positional = spec.args.findIndex((a, i) => a.position === call.index && !given(i));
  if (positional >= 0) return positional;
  const namedOnly = spec.args.flatMap((a, i) => (a.position === undefined && !given(i) ? [i] : []));
  const typed = call.typed;
  return (typed !== undefined ? namedOnly.find((i) => spec.args[i].name.startsWith(typed)) : undefined) ?? namedOnly[0] ?? -1;
}

/**
 * The catalogue's signature for the call under the cursor, with the argument being typed active.
 * Parameter labels are `[start, end]` offsets into the signature only for a client that declares
 * `labelOffsetSupport`; others get each parameter's text.
 *
 * Where no argument fits (past the last one, `log1p(x, |`, or a name the transform does not take)
 * no parameter is active. The protocol reads an `activeParameter` left out as 0, so the client
 * highlighted the first argument. A client that declares `noActiveParameterSupport` (LSP 3.18)
 * gets `null`, which says so; others get the index past the last parameter, which clients that
 * look it up in the parameter list (VS Code, Helix, Zed) show as none (Neovim clips it to one).
 */
export function signatureHelpAt(text: string, offset: number, markdown = true, labelOffsets = true, noActiveParameter = false): SignatureHelp | null {
  // The call is read from the statement's start: from the text's start every call before the
  // cursor was scanned (help is asked at every typed `(` and `,`).
  const call = openCallAt(text, offset, scanTo(text, offset).statementStart);
  const spec = call ? catalogueEntry(call.name)?.spec : undefined;
  if (!call || !spec) return null;
  const parameters = parametersOf(spec).map((p) => (labelOffsets || typeof p === 'string' ? p : spec.signature.slice(p[0], p[1])));
  const active = activeArgument(spec, call);
  const doc = (value: string) => (markdown ? { kind: MarkupKind.Markdown, value } : markdownToPlain(value));
  return {
    signatures: [
      {
        label: spec.signature,
        documentation: doc(spec.doc),
        parameters: parameters.map((p, i) => ({ label: p, documentation: doc(spec.args[i].doc) })),
      },
    ],
    activeSignature: 0,
    // null is LSP 3.18's, which the library's types (3.17) do not name yet.
    activeParameter: active >= 0 ? active : noActiveParameter ? (null as unknown as number) : parameters.length,
  };
}

/**
 * Each argument's span in the signature text, so the client can highlight it: a positional
 * argument is the segment at its position in the first argument list, a named one the segment
 * that starts with its name; an argument the text does not show is labelled by its name.
 */
function parametersOf(spec: TransformSpec): Array<ParameterInformation['label']> {
  // Every argument list the signature shows (bucketize has two forms); positions count in the first.
  const segments: Array<[number, number]> = [];
  let firstListLength = 0;
  for (let open = spec.signature.indexOf('('); open >= 0; open = spec.signature.indexOf('(', open + 1)) {
    const close = spec.signature.indexOf(')', open);
    if (close < 0) break;
    let from = open + 1;
    for (let i = from; i <= close; i++) {
      if (spec.signature[i] === ',' || i === close) {
        let s = from;
        while (spec.signature[s] === ' ') s++;
        segments.push([s, i]);
        from = i + 1;
      }
    }
    if (firstListLength === 0) firstListLength = segments.length;
  }
  const text = ([s, e]: [number, number]) => spec.signature.slice(s, e);
  return spec.args.map((arg) => {
    const byName = segments.find((seg) => new RegExp(`^\\[?${arg.name}\\b`).test(text(seg)));
    const seg = byName ?? (arg.position !== undefined && arg.position < firstListLength ? segments[arg.position] : undefined);
    return seg ?? arg.name;
  });
}
