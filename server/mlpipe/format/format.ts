import type { Block, Entry, Expr, SourceFile, Statement } from '../syntax/ast.js';
import { LineMap, lineEnding } from '../syntax/lineMap.js';
import { parse } from '../syntax/parser.js';
import type { Comment } from '../syntax/tokens.js';
import { printExpr } from './printExpr.js';
import { displayWidth } from './displayWidth.js';
import { suppressionsOf } from '../checker/suppress.js';

/** One level of block indentation (on-type formatting indents new lines with it too). */
export const INDENT = '  ';
/** Placeholder between code and its trailing comment until the scope's comments are aligned. */
const MARK = '\u0000';

/**
 * Formats a pipeline: 2-space indentation, `=` aligned within a block (and within runs of
 * `feature` lines), `require` metrics and `drift` targets aligned, one blank line at most
 * between statements, comments kept. A file with syntax errors is returned unchanged: the
 * formatter never guesses at broken code. Idempotent.
 */
export function format(text: string): string {
  return formatFile(parse(text));
}

/** `format` of a file already parsed (its text unchanged when it has syntax errors). */
export function formatFile(file: SourceFile): string {
  if (file.syntaxErrors.length > 0) return file.text;
  return new Formatter(file).run();
}

/**
 * Where a formatted file's parts came from: `source[i]` and `output[i]` are the offsets, in the
 * file and in its formatted text, where the i-th part ends. The parts are the top-level
 * statements (the pipeline line first), each with the blank lines and comments above it, and
 * last what follows the last statement; each starts a line in both texts. Range formatting
 * replaces a run of parts with their formatted text, so it writes what formatting the whole file
 * writes for those lines.
 */
export interface FormattedParts {
  text: string;
  source: number[];
  output: number[];
}

/** `formatFile` with the parts of its text (`FormattedParts`); undefined for a file with syntax errors. */
export function formatParts(file: SourceFile): FormattedParts | undefined {
  if (file.syntaxErrors.length > 0) return undefined;
  const f = new Formatter(file);
  const text = f.run();
  const lines = new LineMap(file.text);
  const nextLine = (offset: number) => {
    const line = lines.positionAt(offset).line;
    return line + 1 < lines.lineCount ? lines.lineStarts[line + 1] : file.text.length;
  };
  const ends = [file.pipeline!.end, ...file.statements.map((s) => s.end)];
  const starts = [...file.statements.map((s) => s.start), file.text.length];
  // Where each part's output ends: after its last line and that line's break.
  const at: number[] = [];
  let offset = 0;
  for (let k = 0, i = 0; k < f.partEnds.length; k++) {
    for (; i < f.partEnds[k]; i++) offset += f.out[i].length + f.eol.length;
    at.push(Math.min(offset, text.length));
  }
  const source: number[] = [];
  const output: number[] = [];
  ends.forEach((end, k) => {
    const next = nextLine(end);
    // A statement that starts on the line where the one before ends shares a part with it; so
    // do statements a moved suppression crosses (written after one, above a later one's line):
    // replaced apart, the part it left would lose it and the part it reaches would not have it.
    if (starts[k] < next || f.moves.some((m) => m.from < next && next <= m.to)) return;
    source.push(next);
    output.push(at[k]);
  });
  source.push(file.text.length);
  output.push(text.length);
  return { text, source, output };
}

type Item = Statement | Entry;

class Formatter {
  private readonly lines: LineMap;
  readonly out: string[] = [];
  private readonly comments: Comment[];
  readonly eol: string;
  /** How many output lines there were after the pipeline line and after each top-level statement (`formatParts`). */
  readonly partEnds: number[] = [];
  /** Trailing comments already written: one source line can give several lines, the comment goes on the first. */
  private readonly placed = new Set<Comment>();
  /** Suppression comments by the source line they cover. */
  private readonly covers = new Map<number, Comment[]>();
  /** Suppressions written after code on a line the formatter splits: written above the line they cover instead (`directives`). */
  private readonly moved = new Set<Comment>();
  /** Each moved suppression's offset and the start of the line it covers, where it is written (`formatParts`). */
  readonly moves: Array<{ from: number; to: number }> = [];
  /** The source line of the last item written. */
  private lastLine = -1;

  constructor(private readonly file: SourceFile) {
    this.lines = new LineMap(file.text);
    this.comments = file.comments;
    this.eol = lineEnding(file.text);
    const suppressions = suppressionsOf(file, this.lines);
    if (suppressions.length > 0) this.findMoved(suppressions);
  }

  /**
   * A suppression covers the line after it, so where lines split it must follow the code it
   * covers (`directives`). One written after code stays on the first line made from its own
   * line: when that line splits (`a = 1, b = 2  # mlpipe-disable-next-line`), it would cover
   * the second of them, so it moves above the line it covers, if an item starts there.
   */
  private findMoved(suppressions: ReturnType<typeof suppressionsOf>): void {
    const starts = new Map<number, number>();
    const count = (offset: number) => {
      const line = this.lines.positionAt(offset).line;
      starts.set(line, (starts.get(line) ?? 0) + 1);
    };
    const itemLines = new Set<number>();
    const walk = (items: Item[]) => {
      for (const it of items) {
        count(it.start);
        itemLines.add(this.lines.positionAt(it.start).line);
        if (it.kind === 'Block') {
          walk(it.entries);
          count(it.close!);
        }
      }
    };
    walk(this.file.statements);
    for (const s of suppressions) {
      this.covers.set(s.line, [...(this.covers.get(s.line) ?? []), s.comment]);
      const own = this.lines.positionAt(s.comment.start).line;
      if (this.isTrailing(s.comment) && (starts.get(own) ?? 0) > 1 && itemLines.has(s.line)) {
        this.moved.add(s.comment);
        this.moves.push({ from: s.comment.start, to: this.lines.lineStarts[s.line] });
      }
    }
  }

  /**
   * Suppressions above an item's line. A source line split into several lines gets its
   * suppressions again above each line after the first, and a moved one (`findMoved`) above the
   * first: formatting must not bring back a warning the file silenced.
   */
  private directives(item: Item, indent: string): void {
    const line = this.lines.positionAt(item.start).line;
    for (const c of this.directivesBefore(line, line === this.lastLine)) {
      this.out.push(indent + '#' + c.text.replace(/\s+$/, ''));
      this.placed.add(c);
    }
    this.lastLine = line;
  }

  /** The suppressions written above an item on source line `line`; `again` when an item before it came from that line too. */
  private directivesBefore(line: number, again: boolean): Comment[] {
    return (this.covers.get(line) ?? []).filter((c) => again || this.moved.has(c));
  }

  run(): string {
    const { file } = this;
    const pipeline = file.pipeline!;
    let cursor = 0;
    cursor = this.leading(cursor, pipeline.start, '');
    this.out.push('pipeline ' + pipeline.name!.name + this.trailing(pipeline.end));
    this.alignComments(this.out.length - 1);
    this.partEnds.push(this.out.length);
    let prevEnd = this.lineEndOf(pipeline.end);
    this.items(file.statements, '', prevEnd);
    const last = file.statements[file.statements.length - 1];
    prevEnd = last ? this.lineEndOf(last.end) : prevEnd;
    this.leading(prevEnd, file.text.length, '', true);
    return this.out.join(this.eol).replace(/\s+$/, '') + this.eol;
  }

  /** Emits standalone comments between `from` and `to`, with blank-line separation kept (at most one). */
  private leading(from: number, to: number, indent: string, atEnd = false): number {
    let prevLine = this.lines.positionAt(from).line;
    const first = this.out.length === 0;
    for (const c of this.comments) {
      if (c.start < from || c.start >= to || this.isTrailing(c)) continue;
      const line = this.lines.positionAt(c.start).line;
      if (!first && line - prevLine > 1 && this.out.length > 0) this.blank();
      this.out.push(indent + '#' + c.text.replace(/\s+$/, ''));
      prevLine = line;
    }
    if (!atEnd && !first && to < this.file.text.length && this.lines.positionAt(to).line - prevLine > 1) this.blank();
    return to;
  }

  private blank(): void {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== '') this.out.push('');
  }

  /** A comment after code on its line; after nothing but separating commas it stands alone (no entry would carry it). */
  private isTrailing(c: Comment): boolean {
    const line = this.lines.positionAt(c.start).line;
    return this.file.text.slice(this.lines.lineStarts[line], c.start).replace(/,/g, '').trim() !== '';
  }

  /**
   * The comment that ends the line where `offset` is, if any and not yet written. A source line
   * that holds a block header and an attribute, or several attributes, becomes several lines:
   * its comment is written once, on the first of them (the header when the line opens a block).
   */
  private trailing(offset: number): string {
    const line = this.lines.positionAt(offset).line;
    const end = this.lines.lineEnd(line);
    const c = this.comments.find((k) => k.start >= offset && k.start <= end && this.isTrailing(k));
    if (!c || this.placed.has(c) || this.moved.has(c)) return '';
    this.placed.add(c);
    return MARK + '#' + c.text.replace(/\s+$/, '');
  }

  private lineEndOf(offset: number): number {
    return this.lines.lineEnd(this.lines.positionAt(offset).line);
  }

  private items(items: Item[], indent: string, from: number): void {
    const first = this.out.length;
    this.emitItems(items, indent, from);
    this.alignComments(first);
  }

  /**
   * Trailing comments of a scope start in one column, two spaces after its longest commented
   * line, within each group of lines a blank line ends: a comment on a one-line block far down
   * the file no longer pushes every other comment out to its column. Widths are display widths
   * (`displayWidth`): a wide character (`"顧客.csv"`) takes two columns in the editor.
   */
  private alignComments(first: number): void {
    for (let start = first; start < this.out.length; ) {
      let end = start;
      while (end < this.out.length && this.out[end] !== '') end++;
      this.alignGroup(start, end);
      start = end + 1;
    }
  }

  private alignGroup(first: number, end: number): void {
    // The width of the line the comment ends: a value kept as written (`value`) may span lines.
    const codeWidth = (line: string, k: number) => displayWidth(line.slice(line.lastIndexOf('\n', k) + 1, k));
    let width = 0;
    for (let i = first; i < end; i++) {
      const k = this.out[i].indexOf(MARK);
      if (k >= 0) width = Math.max(width, codeWidth(this.out[i], k));
    }
    for (let i = first; i < end; i++) {
      const k = this.out[i].indexOf(MARK);
      if (k >= 0) this.out[i] = this.out[i].slice(0, k) + ' '.repeat(width + 2 - codeWidth(this.out[i], k)) + this.out[i].slice(k + 1);
    }
  }

  private emitItems(items: Item[], indent: string, from: number): void {
    const widths = this.alignment(items);
    let cursor = from;
    items.forEach((item, i) => {
      // At the top level a blank line separates the pipeline line, each block and runs of features.
      if (!indent && (i === 0 || item.kind === 'Block' || items[i - 1].kind === 'Block')) this.blank();
      this.leading(cursor, item.start, indent);
      this.directives(item, indent);
      this.item(item, indent, widths);
      if (!indent) this.partEnds.push(this.out.length);
      cursor = this.lineEndOf(item.end);
    });
  }

  /** Column widths for alignment: attribute names across the block; other names per run of consecutive lines. */
  private alignment(items: Item[]): Map<Item, number> {
    const widths = new Map<Item, number>();
    const attrs = items.filter((it) => it.kind === 'Attribute');
    const attrWidth = Math.max(0, ...attrs.map((a) => (a.kind === 'Attribute' ? a.name.name.length : 0)));
    for (const a of attrs) widths.set(a, attrWidth);
    const nameOf = (it: Item): string | undefined =>
      it.kind === 'Feature' ? it.name.name : it.kind === 'Require' ? it.metric.name : it.kind === 'Drift' ? it.target.name : undefined;
    const group: Item[] = [];
    const flush = () => {
      const w = Math.max(0, ...group.map((g) => nameOf(g)!.length));
      for (const g of group) widths.set(g, w);
      group.length = 0;
    };
    let prev: Item | undefined;
    for (const it of items) {
      // An attribute between two lines (even on the first one's line) goes on a line of its own
      // between them, so they are not a run: grouping them would not survive a second format.
      if (it.kind === 'Attribute') {
        prev = it;
        continue;
      }
      const n = nameOf(it);
      const line = this.lines.positionAt(it.start).line;
      // A suppression written above it (`directives`) parts it from the line before, as it will
      // once it stands on its own line in the formatted file.
      const parted = prev !== undefined && this.directivesBefore(line, this.lines.positionAt(prev.start).line === line).length > 0;
      const adjacent = prev && prev.kind === it.kind && !parted && line - this.lines.positionAt(prev.end).line <= 1;
      if (!n || !adjacent) flush();
      if (n) group.push(it);
      prev = it;
    }
    flush();
    return widths;
  }

  private value(e: Expr): string {
    // An expression with comments inside keeps its text: the formatter never drops a comment.
    if (this.comments.some((c) => c.start > e.start && c.start < e.end)) return this.file.text.slice(e.start, e.end);
    // So does one over several lines whose first line a suppression covers: joined, its other
    // lines would be covered too, and warnings they have would be silenced.
    const first = this.lines.positionAt(e.start).line;
    if (this.covers.has(first) && this.lines.positionAt(e.end).line > first) return this.file.text.slice(e.start, e.end);
    return printExpr(e);
  }

  private item(it: Item, indent: string, widths: Map<Item, number>): void {
    const w = widths.get(it) ?? 0;
    switch (it.kind) {
      case 'Attribute':
        this.out.push(`${indent}${it.name.name.padEnd(w)} = ${this.value(it.value)}${this.trailing(it.end)}`);
        return;
      case 'Feature':
        this.out.push(`${indent}feature ${it.name.name.padEnd(w)} = ${this.value(it.value)}${this.trailing(it.end)}`);
        return;
      case 'Require':
        this.out.push(`${indent}require ${it.metric.name.padEnd(w)} ${it.op} ${this.value(it.value)}${this.trailing(it.end)}`);
        return;
      case 'Drift': {
        const stats = `${it.stat.name} ${it.op} ${this.value(it.value)}`;
        this.out.push(`${indent}drift ${it.target.name.padEnd(w)} ${stats}${this.trailing(it.end)}`);
        return;
      }
      case 'Block':
        this.block(it, indent);
        return;
    }
  }

  private block(b: Block, indent: string): void {
    const header = `${indent}${b.type.name}${b.name ? ' ' + b.name.name : ''} {`;
    this.out.push(header + this.trailing(b.open));
    this.items(b.entries, indent + INDENT, this.lineEndOf(b.open));
    const lastEnd = b.entries.length ? this.lineEndOf(b.entries[b.entries.length - 1].end) : this.lineEndOf(b.open);
    this.leading(Math.min(lastEnd, b.close!), b.close!, indent + INDENT, true);
    this.out.push(`${indent}}` + (this.lines.positionAt(b.close!).line !== this.lines.positionAt(b.open).line || b.entries.length ? this.trailing(b.close!) : ''));
  }
}
