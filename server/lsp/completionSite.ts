import { openBracketsAt, openCallAt, type OpenCall } from './signatureHelp.js';
import { scan, scanTo, type OpenBlock, type ScanState } from './statementScan.js';

export type { OpenBlock } from './statementScan.js';

/**
 * Where the cursor is, read from the current text alone (the analysis may be a keystroke old):
 * the open blocks around it and the statement typed so far. A small forward scan that skips
 * strings and comments (`statementScan.ts`), resumed near the last edit rather than from the
 * file's start.
 */
export type Site =
  | { kind: 'topLevel'; prefix: string }
  | { kind: 'blockEntry'; block: OpenBlock; parent?: OpenBlock; written: Set<string>; prefix: string }
  /** `at`: the name before an `@` typed so far (`model = churn_model@`): what follows names its stage or version. */
  | { kind: 'attributeValue'; block: OpenBlock; parent?: OpenBlock; attribute: string; prefix: string; at?: string }
  /** Inside the string of `attribute = "…`: `written` is the text typed so far after the quote. */
  | { kind: 'stringValue'; block: OpenBlock; parent?: OpenBlock; attribute: string; written: string }
  /**
   * In a feature's expression: `feature` is the one being defined, `call` the transform call the
   * cursor is an argument of, `inList` a literal list (`[edges]`, `vocabulary = […]`) the cursor is in.
   */
  | { kind: 'featureExpr'; table?: string; prefix: string; feature?: string; call?: OpenCall; inList?: boolean }
  | { kind: 'inputs'; listed: Set<string>; prefix: string }
  | { kind: 'require'; prefix: string }
  | { kind: 'driftTarget'; prefix: string }
  | { kind: 'driftStat'; target: string; prefix: string }
  | { kind: 'none' };

/** Attribute names written in the block that opens at `open` (before and after the cursor). */
function attributesWritten(text: string, block: OpenBlock, depth: number): Set<string> {
  const state: ScanState = { stack: new Array(depth).fill(block), statementStart: block.open + 1, inComment: false, inString: false };
  const end = scan(text, block.open + 1, text.length, state, depth - 1);
  const body = text.slice(block.open + 1, end);
  const names = new Set<string>();
  // Only entries at this block's own depth: nested blocks' attributes are theirs.
  let level = 0;
  for (const line of body.split(/[\r\n,]/)) {
    const m = /^\s*([A-Za-z_]\w*)\s*=/.exec(line);
    if (m && level === 0) names.add(m[1]);
    level += (line.match(/{/g)?.length ?? 0) - (line.match(/}/g)?.length ?? 0);
  }
  return names;
}

const withCall = (call: OpenCall | undefined) => (call ? { call } : {});

export function completionSite(text: string, offset: number): Site {
  const state = scanTo(text, offset);
  if (state.inComment) return { kind: 'none' };
  const stmt = text.slice(state.statementStart, offset);
  const block = state.stack[state.stack.length - 1];
  const parent = state.stack[state.stack.length - 2];
  if (state.inString) {
    const quoted = /^\s*([A-Za-z_]\w*)\s*=\s*"([^"\\]*)$/.exec(stmt);
    return quoted && block ? { kind: 'stringValue', block, parent, attribute: quoted[1], written: quoted[2] } : { kind: 'none' };
  }
  const word = /([A-Za-z_]\w*)?$/.exec(stmt)?.[1] ?? '';

  const feature = /^\s*feature\s+([A-Za-z_]\w*)\s*=([\s\S]*)$/.exec(stmt);
  if (feature) {
    // The scan above ended the statement before it outside brackets, strings and comments.
    const opens = openBracketsAt(text, offset, state.statementStart);
    const inner = opens?.[opens.length - 1];
    const where = { feature: feature[1], ...(inner && text[inner.at] === '[' ? { inList: true } : {}), ...withCall(openCallAt(text, offset, state.statementStart)) };
    const dotted = /([A-Za-z_]\w*)\.([A-Za-z_]\w*)?$/.exec(feature[2]);
    if (dotted) return { kind: 'featureExpr', table: dotted[1], prefix: dotted[2] ?? '', ...where };
    // After a complete operand (a name followed by a space) nothing new starts.
    if (/[\w)\]"]\s+$/.test(feature[2])) return { kind: 'none' };
    return { kind: 'featureExpr', prefix: word, ...where };
  }
  if (!block) return /^\s*[A-Za-z_]?\w*$/.test(stmt) ? { kind: 'topLevel', prefix: word } : { kind: 'none' };

  if (/^\s*[A-Za-z_]?\w*$/.test(stmt)) {
    return { kind: 'blockEntry', block, parent, written: attributesWritten(text, block, state.stack.length), prefix: word };
  }
  if (block.kind === 'evaluate' && /^\s*require\s+\w*$/.test(stmt)) return { kind: 'require', prefix: word };
  if (block.kind === 'monitor') {
    if (/^\s*drift\s+\w*$/.test(stmt)) return { kind: 'driftTarget', prefix: word };
    const stat = /^\s*drift\s+([A-Za-z_]\w*)\s+\w*$/.exec(stmt);
    if (stat) return { kind: 'driftStat', target: stat[1], prefix: word };
  }
  const inputs = /^\s*inputs\s*=\s*\[([^\]]*)$/.exec(stmt);
  if (block.kind === 'model' && inputs) {
    // Names after the cursor, up to the closing bracket, are listed too.
    const after = /^[^\]{}]*/.exec(text.slice(offset))![0];
    const wordAfter = /^\w*/.exec(after)![0];
    const listed = new Set([...(inputs[1].match(/[A-Za-z_]\w*/g) ?? []), ...(after.match(/[A-Za-z_]\w*/g) ?? [])]);
    listed.delete(word + wordAfter);
    return { kind: 'inputs', listed, prefix: word };
  }
  const value = /^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)?$/.exec(stmt);
  if (value) return { kind: 'attributeValue', block, parent, attribute: value[1], prefix: word };
  const at = /^\s*([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)@(\w*)$/.exec(stmt);
  if (at) return { kind: 'attributeValue', block, parent, attribute: at[1], prefix: at[3], at: at[2] };
  return { kind: 'none' };
}
