/**
 * The forward scan that completion and signature help share: from the text's start to an
 * offset, skipping strings and comments, it keeps the blocks open there and where the statement
 * holding the offset starts (a point outside brackets, strings and comments, from which a
 * narrower scan can begin).
 *
 * `scanTo` does not start from the text's start every time: the scan's own states at line
 * starts outside brackets, strings and comments are kept for the last text scanned, and a new
 * text resumes from the last one before both its first difference from that text and the
 * offset. A keystroke's completion scans from a point near the keystroke, not the whole file
 * before the cursor. The points are the scan's, not the parsed tree's statement starts: the tree
 * may be a keystroke old, and it recovers from an unclosed block where the scan does not, so its
 * starts would change the answer there.
 */
import { commonPrefix } from '../mlpipe/syntax/commonAffix.js';

export interface OpenBlock {
  kind: string;
  name?: string;
  /** Offset of `{`. */
  open: number;
}

export interface ScanState {
  stack: OpenBlock[];
  /** Start of the statement the offset is in. */
  statementStart: number;
  inComment: boolean;
  inString: boolean;
}

/**
 * A line ends at `\n` and at a lone `\r`, as the lexer reads them: a file whose lines are joined by
 * `\r` alone (Neovim's `fileformat=mac`) read as one line was one comment after its first `#`.
 */
const isLineEnd = (c: number) => c === 10 || c === 13;

/** A point the scan can resume from: a statement's start at a line start outside brackets, strings and comments, and the blocks open there. */
interface ResumePoint {
  at: number;
  stack: OpenBlock[];
}

/** Characters between kept points: a resumed scan reads at most about this much before the edit. */
export const POINT_SPACING = 2048;

/** `points`: where to add resume points found on the way (in offset order, after the last one there). */
export function scan(text: string, from: number, to: number, state: ScanState, depthFloor = -1, points?: ResumePoint[], spacing = POINT_SPACING): number {
  let brackets = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (state.inComment) {
      if (isLineEnd(c)) {
        state.inComment = false;
        if (brackets === 0) {
          state.statementStart = i + 1;
          if (points) keepPoint(points, i + 1, state.stack, spacing);
        }
      }
      continue;
    }
    if (state.inString) {
      if (c === 92) i++; // backslash escape
      else if (c === 34 || isLineEnd(c)) state.inString = false;
      continue;
    }
    switch (c) {
      case 35: // #
        state.inComment = true;
        break;
      case 34: // "
        state.inString = true;
        break;
      case 40: // (
      case 91: // [
        brackets++;
        break;
      case 41:
      case 93:
        if (brackets > 0) brackets--;
        break;
      case 10: // a line end ends a statement outside brackets
      case 13:
        if (brackets === 0) {
          state.statementStart = i + 1;
          if (points) keepPoint(points, i + 1, state.stack, spacing);
        }
        break;
      case 44: // , separates attributes on one line
        if (brackets === 0) state.statementStart = i + 1;
        break;
      case 123: {
        // {
        const header = /^\s*([A-Za-z_]\w*)(?:\s+([A-Za-z_]\w*))?\s*$/.exec(text.slice(state.statementStart, i));
        state.stack.push({ kind: header?.[1] ?? '?', name: header?.[2], open: i });
        state.statementStart = i + 1;
        brackets = 0;
        break;
      }
      case 125: // }
        state.stack.pop();
        state.statementStart = i + 1;
        brackets = 0;
        if (state.stack.length <= depthFloor) return i;
        break;
    }
  }
  return to;
}

function keepPoint(points: ResumePoint[], at: number, stack: OpenBlock[], spacing: number): void {
  const last = points.length ? points[points.length - 1].at : 0;
  if (at - last >= spacing) points.push({ at, stack: stack.slice() });
}

/** The last text `scanTo` read and the resume points found in it so far, in offset order. */
let kept: { text: string; points: ResumePoint[] } | undefined;

/**
 * The scan's state at `offset`: open blocks, the statement's start, whether in a comment or a
 * string. `spacing`: characters between resume points (tests make it small, to resume often).
 */
export function scanTo(text: string, offset: number, spacing = POINT_SPACING): ScanState {
  const old = kept?.text;
  // A point at `at` depends on the text before `at` only.
  const same = old === undefined ? 0 : old === text ? text.length : commonPrefix(old, text);
  const limit = Math.min(same, offset);
  const points = kept?.points ?? [];
  let n = 0; // points[0, n) lie at or before `limit`
  for (let lo = 0, hi = points.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (points[mid].at <= limit) n = lo = mid + 1;
    else hi = mid;
  }
  const valid = n === points.length ? points : points.slice(0, n);
  const from = n ? valid[n - 1] : undefined;
  const state: ScanState = { stack: from ? from.stack.slice() : [], statementStart: from?.at ?? 0, inComment: false, inString: false };
  scan(text, from?.at ?? 0, offset, state, -1, valid, spacing);
  kept = { text, points: valid };
  return state;
}
