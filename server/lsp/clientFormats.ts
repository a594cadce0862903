import { MarkupKind, type ClientCapabilities } from 'vscode-languageserver';
import type { CompletionFormat } from './completion.js';

/**
 * What the client said it can show, read once from its capabilities. A client that names its
 * formats and leaves markdown out gets plain text; one that names none gets markdown, as the
 * protocol's older clients did.
 */
export interface ClientFormats {
  hoverMarkdown: boolean;
  signatureMarkdown: boolean;
  /** Signature parameters may be labelled by `[start, end]` in the signature (else by their text). */
  signatureLabelOffsets: boolean;
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
}

const takesMarkdown = (formats: MarkupKind[] | undefined) => formats === undefined || formats.includes(MarkupKind.Markdown);

export function clientFormats(caps: ClientCapabilities): ClientFormats {
  const td = caps.textDocument;
  return {
    hoverMarkdown: takesMarkdown(td?.hover?.contentFormat),
    signatureMarkdown: takesMarkdown(td?.signatureHelp?.signatureInformation?.documentationFormat),
    signatureLabelOffsets: td?.signatureHelp?.signatureInformation?.parameterInformation?.labelOffsetSupport === true,
    completion: {
      snippets: td?.completion?.completionItem?.snippetSupport === true,
      markdown: takesMarkdown(td?.completion?.completionItem?.documentationFormat),
    },
    hierarchicalSymbols: td?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    codeActionLiterals: td?.codeAction?.codeActionLiteralSupport !== undefined,
    prepareRename: td?.rename?.prepareSupport === true,
  };
}
