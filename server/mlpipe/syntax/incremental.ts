import type { SourceFile, Statement, SyntaxError } from './ast.js';
import { commonPrefix, commonSuffix } from './commonAffix.js';
import { Scanner } from './lexer.js';
import { parse, parseStatementsFrom } from './parser.js';
import { moveEntry } from './shift.js';
import type { Comment } from './tokens.js';

export interface Reparse {
  file: SourceFile;
  /** Statements taken from the previous tree (before the edit as they were, after it moved); absent after a full parse. */
  reused?: { before: number; after: number };
}

/** How far back from an edit a restart point is looked for before a full parse is cheaper to reason about. */
const MAX_STEPS_BACK = 8;

/** Trees a re-parse has consumed: their moved statements now belong to a newer tree. */
const consumed = new WeakSet<SourceFile>();

/**
 * Whether a re-parse took this tree's statements for a newer version. Its statements after the
 * edit were moved in place to the newer text's offsets, so it no longer describes its own text:
 * whoever kept it must not read it again.
 */
export function isConsumed(file: SourceFile): boolean {
  return consumed.has(file);
}

/**
 * The syntax tree of `text`, a new version of `prev.text`, re-parsing only the top-level
 * statements the change touched. It deep-equals `parse(text)`; whenever that is not provably
 * so it is `parse(text)`.
 *
 * `prev` is consumed (unless the text is the same, when `prev` itself is the answer): the
 * statements after the edit are handed on to the new tree and moved there in place, keeping
 * their identity (what the checker's caches are keyed by) instead of being copied. A consumed
 * tree cannot be re-parsed again (it throws); `isConsumed` tells.
 *
 * Why it is safe: a top-level statement that starts a line is parsed from a state that nothing
 * before it influences (no bracket is open, and errors are only ever de-duplicated against
 * errors on the same line or at the same offset, both inside the statement). So:
 *  - Statements before the restart point R are kept when every token the parser read before
 *    reaching R is unchanged. The parser looks at most 3 tokens past its position, so it read
 *    at most R's first 3 tokens; the edit must start after the line that holds the third (the
 *    lexer looks a few characters past a token, never past a line break).
 *  - The re-parse from R stops at the first top-level statement that starts a line wholly after
 *    the edit where the old tree had a statement at the same (moved) offset, also starting a
 *    line: from there the tokens and the parser's state are the same as in the old parse, so
 *    the old statements, errors and comments from there on are the answer, moved.
 * An unclosed block that swallows what follows simply keeps the re-parse going until a
 * statement boundary of both versions is found (or the end of the file).
 */
export function reparse(prev: SourceFile, text: string): Reparse {
  if (consumed.has(prev)) throw new Error('this syntax tree was already consumed by an earlier re-parse: re-parse its newest version');
  const old = prev.text;
  if (old === text) return { file: prev, reused: { before: prev.statements.length, after: 0 } };
  const common = Math.min(old.length, text.length);
  const e = commonPrefix(old, text, common);
  const tail = commonSuffix(old, text, common - e);
  const newEnd = text.length - tail;
  const delta = text.length - old.length;

  const stmts = prev.statements;
  const j = restartIndex(prev, e);
  if (j === undefined) {
    consumed.add(prev); // untouched, but one rule for callers: a re-parsed tree is done with
    return { file: parse(text) };
  }
  const from = stmts[j].start;

  let resumeAt = -1;
  const region = parseStatementsFrom(text, from, (p) => {
    if (p < newEnd) return false;
    const k = statementAt(stmts, p - delta);
    if (k < 0 || !startsLine(text, p) || !startsLine(old, p - delta)) return false;
    resumeAt = k;
    return true;
  });

  const statements: Statement[] = stmts.slice(0, j);
  for (const s of region.statements) statements.push(s);
  const errors: SyntaxError[] = [];
  for (const x of prev.syntaxErrors) if (x.start < from) errors.push(x);
  for (const x of region.syntaxErrors) errors.push(x);
  const comments: Comment[] = [];
  for (const c of prev.comments) {
    if (c.start < from) comments.push(c);
    else break;
  }
  let after = 0;
  if (region.stoppedAt === undefined) {
    for (const c of region.comments) comments.push(c);
  } else {
    const p = region.stoppedAt;
    const q = p - delta;
    // The scanner may have read a little past the stop: those comments come from the old tree.
    for (const c of region.comments) if (c.start < p) comments.push(c);
    for (let k = resumeAt; k < stmts.length; k++) {
      if (delta !== 0) moveEntry(stmts[k], delta);
      statements.push(stmts[k]);
    }
    after = stmts.length - resumeAt;
    for (const x of prev.syntaxErrors) if (x.start >= q) errors.push({ start: x.start + delta, end: x.end + delta, message: x.message });
    for (const c of prev.comments) if (c.start >= q) comments.push({ start: c.start + delta, end: c.end + delta, text: c.text });
  }
  // Each part is in offset order already except the re-parsed one; a stable sort matches the full parse's.
  errors.sort((a, b) => a.start - b.start);
  const file: SourceFile = { kind: 'File', text, statements, comments, syntaxErrors: errors };
  if (prev.pipeline) file.pipeline = prev.pipeline;
  consumed.add(prev);
  return { file, reused: { before: j, after } };
}

/**
 * The index of the statement to re-parse from: the last one before the edit at `e` that starts
 * a line and whose first three tokens lie on lines before the edit. Never the first statement:
 * the missing-'pipeline' error is reported at the first token, by the file, not the statement.
 */
function restartIndex(prev: SourceFile, e: number): number | undefined {
  const stmts = prev.statements;
  const old = prev.text;
  let lo = 0;
  let hi = stmts.length - 1;
  let j = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (stmts[mid].start < e) {
      j = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let steps = 0; j >= 1 && steps < MAX_STEPS_BACK; j--, steps++) {
    const start = stmts[j].start;
    if (!startsLine(old, start)) continue;
    const scanner = new Scanner(old, start);
    scanner.next();
    scanner.next();
    let limit = scanner.next().end;
    while (limit < old.length && old.charCodeAt(limit) !== 10) limit++;
    if (limit < e) return j;
  }
  return undefined;
}

/** Index of the statement starting exactly at `offset`, or -1. */
function statementAt(stmts: Statement[], offset: number): number {
  let lo = 0;
  let hi = stmts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = stmts[mid].start;
    if (s === offset) return mid;
    if (s < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Whether only blanks stand between the line's start (or the file's) and `offset`. */
function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9 && c !== 12 && c !== 0xfeff) return false;
  }
  return true;
}
