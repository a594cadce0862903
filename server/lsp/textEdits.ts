import type { TextEdit } from 'vscode-languageserver';
import type { Block, Entry } from '../mlpipe/syntax/ast.js';
import { lineEnding, type LineMap } from '../mlpipe/syntax/lineMap.js';

/** One level of indentation where the file shows none: the formatter's. */
const INDENT = '  ';

/** Edits built from offsets in one analysed text: the helpers quick fixes share. */
export class EditBuilder {
  readonly eol: string;
  private unit: string | undefined;
  constructor(readonly text: string, readonly lines: LineMap) {
    this.eol = lineEnding(text);
  }

  /**
   * One level of indentation as the file writes it: its first indented line's whitespace (a
   * block's entry: blocks do not nest), else two spaces. A block a fix inserts into a file
   * indented with tabs is indented with tabs.
   */
  get indent(): string {
    return (this.unit ??= /^([ \t]+)[^\s#]/m.exec(this.text)?.[1] ?? INDENT);
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

  /**
   * Adds `name = value` to a block, after the entry `after` (default: the last), in the block's
   * style: `, name = value` on a one-line block or when more of the block follows `after` on its
   * line; else a new line indented like the block's entries (header + one level when every entry
   * sits on the header line), with its `=` aligned like `after`'s when `align` is set.
   */
  addEntry(block: Block, name: string, value: string, after: Entry | undefined = block.entries[block.entries.length - 1], align = false): TextEdit {
    const content = `${name} = ${value}`;
    const openLine = this.lineOf(block.open);
    if (!after) {
      if (block.close !== undefined && openLine === this.lineOf(block.close)) return this.replace(block.open + 1, block.close, ` ${content} `);
      return this.lineAfter(block.open, this.indentOf(this.lineOf(block.start)) + this.indent, content);
    }
    const line = this.lineOf(after.end);
    const sharesLine = block.entries.some((e) => e.start > after.end && this.lineOf(e.start) === line) || (block.close !== undefined && this.lineOf(block.close) === line);
    if (sharesLine) return this.insert(after.end, `, ${content}`);
    const own = block.entries.find((e) => this.lineOf(e.start) !== openLine);
    const indent = own ? this.indentOf(this.lineOf(own.start)) : this.indentOf(this.lineOf(block.start)) + this.indent;
    const aligned = align && after.kind === 'Attribute' && this.lineOf(after.start) !== openLine;
    return this.lineAfter(after.end, indent, aligned ? this.alignedLike(after.name.start, after.value.start, name, value) : content);
  }

  /** A top-level block inserted after the line holding `offset`, separated by a blank line. */
  blockAfter(offset: number, lines: string[]): TextEdit {
    const body = lines.map((l, i) => (i === 0 || i === lines.length - 1 ? l : this.indent + l)).join(this.eol);
    return this.insert(this.lines.lineEnd(this.lineOf(offset)), this.eol + this.eol + body);
  }

  /** `name = value` with the `=` at the same column as a sibling attribute's (`source  = …`). */
  alignedLike(siblingNameStart: number, siblingValueStart: number, name: string, value: string): string {
    const eq = this.text.slice(siblingNameStart, siblingValueStart).indexOf('=');
    const pad = eq > name.length ? eq - name.length : 1;
    return `${name}${' '.repeat(pad)}= ${value}`;
  }
}
