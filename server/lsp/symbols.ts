import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import type { Binding } from '../mlpipe/index.js';
import type { Block, Entry, SourceFile } from '../mlpipe/syntax/ast.js';
import type { LineMap } from '../mlpipe/syntax/lineMap.js';

const BLOCK_KIND: Record<string, SymbolKind> = {
  data: SymbolKind.Struct,
  model: SymbolKind.Class,
  register: SymbolKind.Package,
  serve: SymbolKind.Interface,
  monitor: SymbolKind.Event,
  environment: SymbolKind.Namespace,
  split: SymbolKind.Namespace,
  evaluate: SymbolKind.Namespace,
};

/** The outline: the pipeline, each block with its entries, and each feature. */
export function documentSymbols(file: SourceFile, lines: LineMap): DocumentSymbol[] {
  const sym = (name: string, kind: SymbolKind, span: { start: number; end: number }, sel: { start: number; end: number }, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => ({
    name,
    kind,
    range: lines.range(span.start, span.end),
    selectionRange: lines.range(sel.start, sel.end),
    ...(detail ? { detail } : {}),
    ...(children ? { children } : {}),
  });
  const entry = (e: Entry): DocumentSymbol => {
    const text = (s: { start: number; end: number }) => file.text.slice(s.start, s.end);
    switch (e.kind) {
      case 'Attribute':
        return sym(e.name.name, SymbolKind.Property, e, e.name, text(e.value).replace(/\s+/g, ' '));
      case 'Require':
        return sym(`require ${e.metric.name}`, SymbolKind.Event, e, e.metric, `${e.op} ${text(e.value)}`);
      case 'Drift':
        return sym(`drift ${e.target.name}`, SymbolKind.Event, e, e.target, `${e.stat.name} ${e.op} ${text(e.value)}`);
      case 'Feature':
        return sym(e.name.name, SymbolKind.Function, e, e.name, text(e.value));
      case 'Block':
        return block(e);
    }
  };
  const block = (b: Block): DocumentSymbol =>
    sym(b.name ? `${b.type.name} ${b.name.name}` : b.type.name, BLOCK_KIND[b.type.name] ?? SymbolKind.Object, b, b.name ?? b.type, undefined, b.entries.map(entry));
  const out: DocumentSymbol[] = [];
  if (file.pipeline) out.push(sym(`pipeline ${file.pipeline.name?.name ?? ''}`.trim(), SymbolKind.File, file.pipeline, file.pipeline.name ?? file.pipeline.keyword));
  for (const s of file.statements) out.push(s.kind === 'Feature' ? entry(s) : block(s));
  return out;
}

/** The outline with each symbol's kind as `kind` maps it (a client may not know the newer kinds). */
export function withKinds(symbols: DocumentSymbol[], kind: (k: SymbolKind) => SymbolKind): DocumentSymbol[] {
  return symbols.map((s) => ({ ...s, kind: kind(s.kind), ...(s.children ? { children: withKinds(s.children, kind) } : {}) }));
}

/**
 * The outline as a flat list, for a client that does not declare
 * `hierarchicalDocumentSymbolSupport`: each symbol names the one it is nested in, parents first.
 */
export function flatSymbols(uri: string, symbols: DocumentSymbol[], containerName?: string): SymbolInformation[] {
  return symbols.flatMap((s) => [
    { name: s.name, kind: s.kind, location: { uri, range: s.range }, ...(containerName ? { containerName } : {}) },
    ...flatSymbols(uri, s.children ?? [], s.name),
  ]);
}

/** Named definitions of one file, for `workspace/symbol`. */
export function namedSymbols(uri: string, binding: Binding, lines: LineMap, pipeline?: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const add = (name: string, kind: SymbolKind, node: { start: number; end: number }) =>
    out.push({ name, kind, location: { uri, range: lines.range(node.start, node.end) }, ...(pipeline ? { containerName: pipeline } : {}) });
  for (const t of binding.tables.values()) add(t.name, SymbolKind.Struct, t.nameNode);
  for (const f of binding.features.values()) add(f.name, SymbolKind.Function, f.decl.name);
  for (const m of binding.models.values()) add(m.name, SymbolKind.Class, m.nameNode);
  for (const r of binding.registered.values()) add(r.name, SymbolKind.Package, r.nameNode);
  return out;
}

/** VS Code's fuzzy rule: the query's characters appear in order (case-insensitive). */
export function matchesQuery(name: string, query: string): boolean {
  let i = 0;
  const n = name.toLowerCase();
  for (const ch of query.toLowerCase()) {
    i = n.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}
