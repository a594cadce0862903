import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  Hover,
  InsertReplaceEdit,
  Location,
  Position,
  Range,
  SelectionRange,
  SemanticTokens,
  SymbolInformation,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { LineMap } from '../mlpipe/syntax/lineMap.js';

/**
 * The unit of `Position.character` on the wire (LSP 3.17 `PositionEncodingKind`). The server
 * computes every position in UTF-16 code units (JavaScript's string offsets); this module is the
 * one place that turns them into the client's unit and back, at the protocol boundary, so no
 * feature knows which encoding the client took.
 */
export type PositionEncoding = 'utf-8' | 'utf-16' | 'utf-32';

const KNOWN: readonly string[] = ['utf-8', 'utf-16', 'utf-32'] satisfies PositionEncoding[];

/**
 * The encoding the server takes from a client's `general.positionEncodings`: the first it offers
 * that the server knows (the list is the client's order of preference, and the server converts
 * any of the three), else UTF-16, which the protocol makes every client take.
 */
export function negotiatePositionEncoding(offered: unknown): PositionEncoding {
  if (!Array.isArray(offered)) return 'utf-16';
  return (offered.find((e) => typeof e === 'string' && KNOWN.includes(e)) as PositionEncoding | undefined) ?? 'utf-16';
}

/**
 * The encoding from a client's capabilities: LSP 3.17's `general.positionEncodings`, else clangd's
 * older `offsetEncoding` (same values, same order of preference), which Neovim configurations send
 * to every server (`capabilities.offsetEncoding = { 'utf-16' }`, or `{ 'utf-8', 'utf-16' }` from
 * clangd's setup). `answerOffsetEncoding`: the client asked in clangd's words, so the result says
 * the choice in them too (`offsetEncoding` beside `capabilities`), as a client of that extension
 * reads it there and would otherwise count in UTF-16 while the server counted in another.
 */
export function negotiateFromCapabilities(caps: { general?: { positionEncodings?: unknown } } | undefined): { encoding: PositionEncoding; answerOffsetEncoding: boolean } {
  const offset = (caps as { offsetEncoding?: unknown } | undefined)?.offsetEncoding;
  const standard = caps?.general?.positionEncodings;
  return { encoding: negotiatePositionEncoding(standard ?? offset), answerOffsetEncoding: offset !== undefined };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The code units of the character at `i` in the encoding, and how many UTF-16 units it takes. */
function unitAt(text: string, i: number, end: number, encoding: PositionEncoding): [units: number, width: number] {
  const c = text.charCodeAt(i);
  if (c < 0x80) return [1, 1];
  const pair = isHigh(c) && i + 1 < end && isLow(text.charCodeAt(i + 1));
  if (encoding === 'utf-32') return [1, pair ? 2 : 1];
  // UTF-8: 2 bytes below U+0800, 4 for a surrogate pair (U+10000 and up), else 3 (a lone surrogate as its replacement character).
  return pair ? [4, 2] : [c < 0x800 ? 2 : 3, 1];
}

/** The wire's edits of a document change, in whichever shape the client sent them. */
type Edit = TextEdit | InsertReplaceEdit;

/**
 * Converts the positions of one text between UTF-16 and the client's encoding. A text whose
 * positions read the same in both (UTF-16 itself, ASCII text in UTF-8, text without a surrogate
 * pair in UTF-32) gets the identity, which returns what it is given untouched, so a UTF-16 client
 * or an ASCII file pays one scan of the text at most.
 */
export class PositionCodec {
  static readonly IDENTITY = new PositionCodec(undefined, 'utf-16');

  private constructor(
    private readonly lines: LineMap | undefined,
    private readonly encoding: PositionEncoding,
  ) {}

  /** The codec of `text`; `lines` when the caller has its line map already (an analysis's). */
  static of(text: string, encoding: PositionEncoding, lines?: LineMap): PositionCodec {
    if (encoding === 'utf-16') return PositionCodec.IDENTITY;
    const same = encoding === 'utf-8' ? !/[^\x00-\x7f]/.test(text) : !/[\ud800-\udfff]/.test(text);
    return same ? PositionCodec.IDENTITY : new PositionCodec(lines && lines.text === text ? lines : new LineMap(text), encoding);
  }

  get identity(): boolean {
    return this.lines === undefined;
  }

  /** A UTF-16 position as the client counts it. A character past the line's end stays that far past it. */
  toClient(p: Position): Position {
    const lines = this.lines;
    if (!lines || p.line >= lines.lineCount || p.line < 0) return p;
    const start = lines.lineStarts[p.line];
    const end = lines.lineEnd(p.line);
    const stop = Math.min(start + p.character, end);
    let units = 0;
    for (let i = start; i < stop; ) {
      const [u, w] = unitAt(lines.text, i, stop, this.encoding);
      units += u;
      i += w;
    }
    return { line: p.line, character: units + Math.max(0, start + p.character - end) };
  }

  /** A client's position in UTF-16; one inside a character (a byte within it) is at the character's start. */
  fromClient(p: Position): Position {
    const lines = this.lines;
    if (!lines || p.line >= lines.lineCount || p.line < 0) return p;
    const start = lines.lineStarts[p.line];
    const end = lines.lineEnd(p.line);
    let units = 0;
    let i = start;
    while (i < end) {
      const [u, w] = unitAt(lines.text, i, end, this.encoding);
      if (units + u > p.character) return { line: p.line, character: i - start };
      units += u;
      i += w;
    }
    return { line: p.line, character: i - start + (p.character - units) };
  }

  range(r: Range): Range {
    return this.identity ? r : { start: this.toClient(r.start), end: this.toClient(r.end) };
  }

  rangeFromClient(r: Range): Range {
    return this.identity ? r : { start: this.fromClient(r.start), end: this.fromClient(r.end) };
  }

  edits<E extends Edit>(edits: E[]): E[] {
    return this.identity ? edits : edits.map((e) => this.edit(e));
  }

  private edit<E extends Edit>(e: E): E {
    return 'range' in e ? { ...e, range: this.range(e.range) } : { ...e, insert: this.range(e.insert), replace: this.range(e.replace) };
  }

  diagnostics(ds: Diagnostic[]): Diagnostic[] {
    return this.identity ? ds : ds.map((d) => ({ ...d, range: this.range(d.range) }));
  }

  hover(h: Hover | null): Hover | null {
    return this.identity || !h?.range ? h : { ...h, range: this.range(h.range) };
  }

  /** Locations in this codec's document (`uri`); one in another file is left as it is (the start of a data file, 0:0 in any encoding). */
  locations<L extends Location | Location[] | null | undefined>(uri: string, l: L): L {
    if (this.identity || !l) return l;
    const one = (x: Location) => (x.uri === uri ? { ...x, range: this.range(x.range) } : x);
    return (Array.isArray(l) ? l.map(one) : one(l as Location)) as L;
  }

  highlights(hs: DocumentHighlight[]): DocumentHighlight[] {
    return this.identity ? hs : hs.map((h) => ({ ...h, range: this.range(h.range) }));
  }

  links(ls: DocumentLink[]): DocumentLink[] {
    return this.identity ? ls : ls.map((l) => ({ ...l, range: this.range(l.range) }));
  }

  prepareRename<R extends Range | { range: Range; placeholder: string } | null>(r: R): R {
    if (this.identity || !r) return r;
    return ('range' in r ? { ...r, range: this.range(r.range) } : this.range(r)) as R;
  }

  /** A workspace edit's `changes` to this codec's document (`uri`); `documentChanges` are made from them afterwards (`versionedEdit`). */
  workspaceEdit<W extends WorkspaceEdit | null | undefined>(uri: string, w: W): W {
    if (this.identity || !w?.changes?.[uri]) return w;
    return { ...w, changes: { ...w.changes, [uri]: this.edits(w.changes[uri]) } } as W;
  }

  documentSymbols(ss: DocumentSymbol[]): DocumentSymbol[] {
    return this.identity ? ss : ss.map((s) => ({ ...s, range: this.range(s.range), selectionRange: this.range(s.selectionRange), ...(s.children ? { children: this.documentSymbols(s.children) } : {}) }));
  }

  symbols(ss: SymbolInformation[]): SymbolInformation[] {
    return this.identity ? ss : ss.map((s) => ({ ...s, location: { ...s.location, range: this.range(s.location.range) } }));
  }

  selectionRanges(rs: SelectionRange[]): SelectionRange[] {
    const one = (r: SelectionRange): SelectionRange => ({ range: this.range(r.range), ...(r.parent ? { parent: one(r.parent) } : {}) });
    return this.identity ? rs : rs.map(one);
  }

  completion(list: CompletionList): CompletionList {
    if (this.identity) return list;
    const item = (i: CompletionItem): CompletionItem => ({
      ...i,
      ...(i.textEdit ? { textEdit: this.edit(i.textEdit) } : {}),
      ...(i.additionalTextEdits ? { additionalTextEdits: this.edits(i.additionalTextEdits) } : {}),
    });
    return { ...list, items: list.items.map(item) };
  }

  codeActions(uri: string, actions: CodeAction[]): CodeAction[] {
    if (this.identity) return actions;
    return actions.map((a) => ({ ...a, ...(a.edit ? { edit: this.workspaceEdit(uri, a.edit) } : {}), ...(a.diagnostics ? { diagnostics: this.diagnostics(a.diagnostics) } : {}) }));
  }

  /**
   * Semantic tokens: each token's start and length counted again in the client's units (a token
   * never spans lines: `semanticTokens.ts` cuts it at its line's end), and the relative starts
   * made anew from them.
   */
  semanticTokens(tokens: SemanticTokens): SemanticTokens {
    if (this.identity) return tokens;
    const d = tokens.data;
    const out = new Array<number>(d.length);
    let line = 0;
    let char = 0;
    let prevClientChar = 0;
    for (let k = 0; k < d.length; k += 5) {
      const newLine = d[k] !== 0;
      line += d[k];
      char = newLine ? d[k + 1] : char + d[k + 1];
      const start = this.toClient({ line, character: char }).character;
      const end = this.toClient({ line, character: char + d[k + 2] }).character;
      out[k] = d[k];
      out[k + 1] = newLine || k === 0 ? start : start - prevClientChar;
      out[k + 2] = end - start;
      out[k + 3] = d[k + 3];
      out[k + 4] = d[k + 4];
      prevClientChar = start;
    }
    return { ...tokens, data: out };
  }
}

/**
 * A `didChange`'s ranges in UTF-16, each read against the text the changes before it made (the
 * protocol applies them in order). `text`: the document's text before the change.
 */
export function changesFromClient(text: string, encoding: PositionEncoding, changes: TextDocumentContentChangeEvent[]): TextDocumentContentChangeEvent[] {
  if (encoding === 'utf-16') return changes;
  let current = text;
  return changes.map((c) => {
    if (!('range' in c) || !c.range) {
      current = c.text;
      return c;
    }
    const lines = new LineMap(current);
    const range = PositionCodec.of(current, encoding, lines).rangeFromClient(c.range);
    current = current.slice(0, lines.offsetAt(range.start)) + c.text + current.slice(Math.max(lines.offsetAt(range.start), lines.offsetAt(range.end)));
    // `rangeLength` counts the client's units: left out, the range alone says what is replaced.
    return { range, text: c.text };
  });
}
