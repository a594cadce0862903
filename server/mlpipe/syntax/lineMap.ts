export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** Converts between UTF-16 offsets and 0-based line/character positions (LSP's convention). */
export class LineMap {
  /**
   * Offset where each line starts. A typed array: a plain array of a long file's lines (over
   * 16k) is a large heap object, allocated and collected apart, which made the map of 20,000
   * lines cost 10x that of 5,000.
   */
  readonly lineStarts: Int32Array;

  constructor(readonly text: string) {
    let starts = new Int32Array(Math.max(16, (text.length >> 5) + 1));
    let n = 1;
    const add = (start: number) => {
      if (n === starts.length) {
        const grown = new Int32Array(n * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = start;
    };
    // Most files have no carriage return: then the native search finds every line break.
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) add(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          add(i + 1);
        } else if (c === 10) add(i + 1);
      }
    }
    this.lineStarts = starts.subarray(0, n);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset of the end of a line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let e = next;
    if (e > this.lineStarts[line] && (this.text.charCodeAt(e - 1) === 10 || this.text.charCodeAt(e - 1) === 13)) e--;
    if (e > this.lineStarts[line] && this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/**
 * The line break text written into a file takes (formatting, quick fixes): its own, so an edit
 * does not mix line ends. `\r\n` when it has any, else a lone `\r` when it has no `\n` at all
 * (a classic Mac file, or Neovim's `fileformat=mac`, which sends its lines joined by `\r`: given
 * `\n`, formatting rewrote every line end of such a file), else `\n`.
 */
export function lineEnding(text: string): '\r\n' | '\r' | '\n' {
  if (text.includes('\r\n')) return '\r\n';
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}
