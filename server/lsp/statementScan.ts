/**
 * The forward scan that completion and signature help share: from the text's start to an
 * offset, skipping strings and comments, it keeps the blocks open there and where the statement
 * holding the offset starts (a point outside brackets, strings and comments, from which a
 * narrower scan can begin).
 */
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

export function scan(text: string, from: number, to: number, state: ScanState, depthFloor = -1): number {
  let brackets = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (state.inComment) {
      if (isLineEnd(c)) {
        state.inComment = false;
        if (brackets === 0) state.statementStart = i + 1;
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
        if (brackets === 0) state.statementStart = i + 1;
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

/** The scan's state at `offset`: open blocks, the statement's start, whether in a comment or a string. */
export function scanTo(text: string, offset: number): ScanState {
  const state: ScanState = { stack: [], statementStart: 0, inComment: false, inString: false };
  scan(text, 0, offset, state);
  return state;
}
