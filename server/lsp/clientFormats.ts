import { CompletionItemKind, InsertTextMode, MarkupKind, SymbolKind, type ClientCapabilities } from 'vscode-languageserver';
import type { CompletionFormat } from './completion.js';
import type { MlpipeClientCapabilities } from '../protocol/lspExtensions.js';

/**
 * What the client said it can show, read once from its capabilities. A client that names its
 * formats and leaves markdown out, or names plain text first, gets plain text; one that names
 * none gets markdown, as the protocol's older clients did.
 */
export interface ClientFormats {
  hoverMarkdown: boolean;
  signatureMarkdown: boolean;
  /** Signature parameters may be labelled by `[start, end]` in the signature (else by their text). */
  signatureLabelOffsets: boolean;
  /** `activeParameter: null` says no parameter is active (LSP 3.18 `noActiveParameterSupport`); else it is an index past the last one. */
  signatureNoActiveParameter: boolean;
  completion: CompletionFormat;
  /** The outline as nested DocumentSymbols (else a flat SymbolInformation list, as the protocol says). */
  hierarchicalSymbols: boolean;
  /**
   * Code actions as CodeAction literals (else Commands): the protocol lets a server answer with
   * literals, and give CodeActionOptions, only to a client that declares `codeActionLiteralSupport`.
   */
  codeActionLiterals: boolean;
  /** The client asks 'prepareRename' first: RenameOptions with `prepareProvider` may be given only to such a client. */
  prepareRename: boolean;
  /** The kind an outline symbol is sent as: to a client that names no kinds, one of the first version's. */
  documentSymbolKind: (kind: SymbolKind) => SymbolKind;
  /** The kind a workspace symbol is sent as. */
  workspaceSymbolKind: (kind: SymbolKind) => SymbolKind;
  /** The client asked for `mlpipe/partialDiagnostics` (`experimental.mlpipe`, server/protocol/lspExtensions.ts). */
  partialDiagnostics: boolean;
  /** Edits may be sent as `documentChanges`, each naming the document version it is for (`versionedEdits.ts`). */
  documentChanges: boolean;
}

/**
 * The symbol kinds added after the protocol's first version, each with the nearest first-version
 * kind: a client that names no `symbolKind.valueSet` takes only File…Array (LSP 3.17), and one
 * that names a set falls back by itself.
 */
const FIRST_SYMBOL_KIND: ReadonlyMap<SymbolKind, SymbolKind> = new Map([
  [SymbolKind.Object, SymbolKind.Namespace],
  [SymbolKind.Key, SymbolKind.Property],
  [SymbolKind.Null, SymbolKind.Constant],
  [SymbolKind.EnumMember, SymbolKind.Constant],
  [SymbolKind.Struct, SymbolKind.Class],
  [SymbolKind.Event, SymbolKind.Field],
  [SymbolKind.Operator, SymbolKind.Function],
  [SymbolKind.TypeParameter, SymbolKind.Variable],
]);

/** The same for completion items: without `completionItemKind.valueSet` a client takes only Text…Reference. */
const FIRST_COMPLETION_KIND: ReadonlyMap<CompletionItemKind, CompletionItemKind> = new Map([
  [CompletionItemKind.Folder, CompletionItemKind.File],
  [CompletionItemKind.EnumMember, CompletionItemKind.Value],
  [CompletionItemKind.Constant, CompletionItemKind.Value],
  [CompletionItemKind.Struct, CompletionItemKind.Class],
  [CompletionItemKind.Event, CompletionItemKind.Field],
  [CompletionItemKind.Operator, CompletionItemKind.Text],
  [CompletionItemKind.TypeParameter, CompletionItemKind.Variable],
]);

/** The kinds a client takes: all when it names a set, else the first version's (`first` maps the rest). */
function kinds<K>(valueSet: K[] | undefined, first: ReadonlyMap<K, K>): (kind: K) => K {
  return valueSet ? (kind) => kind : (kind) => first.get(kind) ?? kind;
}

/** Markdown unless the client names its formats and puts plain text before it ("the order describes the preferred format"). */
const takesMarkdown = (formats: MarkupKind[] | undefined) =>
  formats === undefined || formats.find((f) => f === MarkupKind.Markdown || f === MarkupKind.PlainText) === MarkupKind.Markdown;

export function clientFormats(caps: ClientCapabilities): ClientFormats {
  const td = caps.textDocument;
  return {
    hoverMarkdown: takesMarkdown(td?.hover?.contentFormat),
    signatureMarkdown: takesMarkdown(td?.signatureHelp?.signatureInformation?.documentationFormat),
    signatureLabelOffsets: td?.signatureHelp?.signatureInformation?.parameterInformation?.labelOffsetSupport === true,
    signatureNoActiveParameter: (td?.signatureHelp?.signatureInformation as { noActiveParameterSupport?: boolean } | undefined)?.noActiveParameterSupport === true,
    completion: {
      snippets: td?.completion?.completionItem?.snippetSupport === true,
      markdown: takesMarkdown(td?.completion?.completionItem?.documentationFormat),
      kind: kinds(td?.completion?.completionItemKind?.valueSet, FIRST_COMPLETION_KIND),
      commitCharacters: td?.completion?.completionItem?.commitCharactersSupport === true,
      indentsLines: td?.completion?.insertTextMode === InsertTextMode.adjustIndentation,
      insertReplace: td?.completion?.completionItem?.insertReplaceSupport === true,
    },
    hierarchicalSymbols: td?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    codeActionLiterals: td?.codeAction?.codeActionLiteralSupport !== undefined,
    prepareRename: td?.rename?.prepareSupport === true,
    documentSymbolKind: kinds(td?.documentSymbol?.symbolKind?.valueSet, FIRST_SYMBOL_KIND),
    workspaceSymbolKind: kinds(caps.workspace?.symbol?.symbolKind?.valueSet, FIRST_SYMBOL_KIND),
    partialDiagnostics: (caps.experimental as { mlpipe?: MlpipeClientCapabilities } | undefined)?.mlpipe?.partialDiagnostics === true,
    documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
  };
}
