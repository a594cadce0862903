import type { TextEdit } from 'vscode-languageserver';
import type { Block } from '../mlpipe/syntax/ast.js';
import type { LineMap } from '../mlpipe/syntax/lineMap.js';

const INDENT = '  ';

/** Edits built from offsets in one analysed text: the helpers quick fixes share. */
export class EditBuilder {
  readonly eol: string;
  constructor(readonly text: string, readonly lines: LineMap) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  insert(offset: number, newText: string): TextEdit {
    const p = this.lines.positionAt(offset);
    return { range: { start: p, end: p }, newText };
  }

  replace(start: number, end: number, newText: string): TextEdit {
    return { range: this.lines.range(start, end), newText };
  }

  lineOf(offset: number): number {
    return this.lines.positionAt(offset).line;
  }

  /** The whitespace a line starts with. */
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.text.slice(this.lines.lineStarts[line], this.lines.lineEnd(line)))![0];
  }

  /** Inserts a line after the line holding `offset`, with the given indentation. */
  lineAfter(offset: number, indent: string, content: string): TextEdit {
    return this.insert(this.lines.lineEnd(this.lineOf(offset)), this.eol + indent + content);
  }

  /** Adds an entry to a block: a new line indented like its entries, or `, entry` on a one-line block. */
  addEntry(block: Block, content: string): TextEdit {
    const last = block.entries[block.entries.length - 1];
    const oneLine = block.close !== undefined && this.lineOf(block.open) === this.lineOf(block.close);
    if (oneLine) {
      if (last) return this.insert(last.end, `, ${content}`);
      return this.replace(block.open + 1, block.close!, ` ${content} `);
    }
    if (last) return this.lineAfter(last.end, this.indentOf(this.lineOf(last.start)), content);
    return this.lineAfter(block.open, this.indentOf(this.lineOf(block.start)) + INDENT, content);
  }

  /** A top-level block inserted after the line holding `offset`, separated by a blank line. */
  blockAfter(offset: number, lines: string[]): TextEdit {
    const body = lines.map((l, i) => (i === 0 || i === lines.length - 1 ? l : INDENT + l)).join(this.eol);
    return this.insert(this.lines.lineEnd(this.lineOf(offset)), this.eol + this.eol + body);
  }

  /** `name = value` with the `=` at the same column as a sibling attribute's (`source  = …`). */
  alignedLike(siblingNameStart: number, siblingValueStart: number, name: string, value: string): string {
    const eq = this.text.slice(siblingNameStart, siblingValueStart).indexOf('=');
    const pad = eq > name.length ? eq - name.length : 1;
    return `${name}${' '.repeat(pad)}= ${value}`;
  }
}
