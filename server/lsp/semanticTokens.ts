/**
 * Semantic tokens: what each word of a pipeline is, for editors that have no grammar of the
 * language (Neovim, Helix, Emacs, Zed, Sublime: only VS Code ships mlpipe's TextMate grammar)
 * and, in VS Code, for what a grammar cannot know (a name that is a feature, a column or a
 * table). Names come from the binding's occurrences (the ones go-to-definition and rename use),
 * so a word is coloured as what it resolves to; a name that resolves to nothing stays plain.
 * The structure (block kinds, attributes, keywords, transforms, literals, comments) comes from
 * the syntax tree. No I/O.
 */
import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import type { Binding, SymbolKind } from '../mlpipe/binder.js';
import { BLOCKS, type AttributeSpec } from '../mlpipe/language/blocks.js';
import { TRANSFORMS } from '../mlpipe/language/transforms.js';
import type { Block, Expr, SourceFile, Span } from '../mlpipe/syntax/ast.js';
import type { LineMap } from '../mlpipe/syntax/lineMap.js';

/** The token types, by their index in the legend (standard LSP names, which every theme colours). */
const TYPES = ['keyword', 'namespace', 'class', 'variable', 'property', 'function', 'parameter', 'enumMember', 'string', 'number', 'comment'] as const;
type TokenType = (typeof TYPES)[number];
const MODIFIERS = ['declaration', 'defaultLibrary'] as const;
type Modifier = (typeof MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

interface Token {
  start: number;
  end: number;
  type: TokenType;
  modifiers: number;
}

const bit = (m: Modifier) => 1 << MODIFIERS.indexOf(m);

/** What a resolved name is: tables and the pipeline are namespaces, models classes, features variables, columns properties. */
const NAME_TYPES: Record<SymbolKind, TokenType> = { table: 'namespace', model: 'class', registered: 'class', feature: 'variable', column: 'property' };

/** The tokens of a parsed and bound file, encoded as LSP's relative five-number groups. */
export function semanticTokens(file: SourceFile, binding: Binding, lines: LineMap): SemanticTokens {
  const tokens: Token[] = [];
  const add = (span: Span, type: TokenType, ...modifiers: Modifier[]) => {
    if (span.end > span.start) tokens.push({ start: span.start, end: span.end, type, modifiers: modifiers.reduce((m, x) => m | bit(x), 0) });
  };
  for (const c of file.comments) add(c, 'comment');
  if (file.pipeline) {
    add(file.pipeline.keyword, 'keyword');
    if (file.pipeline.name) add(file.pipeline.name, 'namespace', 'declaration');
  }
  const expr = (e: Expr, spec?: AttributeSpec): void => {
    switch (e.kind) {
      case 'Number':
      case 'Duration':
        return add(e, 'number');
      case 'String':
        return add(e, 'string');
      case 'Bool':
        return add(e, 'keyword');
      case 'Reference':
        // A keyword value ('mlp', 'production'): never resolved as a name (the spec).
        if (spec?.kind === 'keyword' && e.parts.length === 1) add(e.parts[0], 'enumMember');
        // '@production' / '@3' of a served model; the names themselves are occurrences.
        if (e.at) add(e.at, e.at.isNumber ? 'number' : 'enumMember');
        return;
      case 'List':
        return e.items.forEach((i) => expr(i, spec));
      case 'Call':
        add(e.callee, 'function', ...(TRANSFORMS[e.callee.name] ? (['defaultLibrary'] as const) : []));
        for (const a of e.args) {
          if (a.name) add(a.name, 'parameter');
          // 'fit = train' is a keyword too.
          expr(a.value, a.name?.name === 'fit' ? KEYWORD : undefined);
        }
        return;
      case 'Binary':
        expr(e.left);
        return expr(e.right);
      case 'Unary':
        return expr(e.operand);
      case 'Paren':
        return expr(e.expr);
      default:
        return;
    }
  };
  const block = (b: Block, parent?: Block): void => {
    const spec = parent ? (b.type.name === 'defaults' ? undefined : BLOCKS[b.type.name]) : BLOCKS[b.type.name];
    if (spec || b.type.name === 'defaults') add(b.type, 'keyword');
    for (const entry of b.entries) {
      switch (entry.kind) {
        case 'Attribute': {
          add(entry.name, 'property');
          expr(entry.value, spec?.attributes.find((a) => a.name === entry.name.name));
          break;
        }
        case 'Require':
          add(entry.keyword, 'keyword');
          add(entry.metric, 'enumMember', 'defaultLibrary');
          expr(entry.value);
          break;
        case 'Drift':
          add(entry.keyword, 'keyword');
          if (entry.target.name === 'prediction' && !binding.features.has('prediction')) add(entry.target, 'keyword');
          add(entry.stat, 'enumMember', 'defaultLibrary');
          expr(entry.value);
          break;
        case 'Feature':
          add(entry.keyword, 'keyword');
          expr(entry.value);
          break;
        case 'Block':
          block(entry, b);
          break;
      }
    }
  };
  for (const s of file.statements) {
    if (s.kind === 'Block') block(s);
    else {
      add(s.keyword, 'keyword');
      expr(s.value);
    }
  }
  for (const o of binding.occurrences) {
    if (!o.resolved && !o.isDefinition) continue;
    add(o, NAME_TYPES[o.kind], ...(o.isDefinition ? (['declaration'] as const) : []));
  }
  return { data: encode(tokens, lines) };
}

const KEYWORD: AttributeSpec = { name: 'fit', kind: 'keyword', doc: '' };

/**
 * LSP's encoding: per token, the line and start relative to the previous token, its length, type
 * and modifiers. Tokens are sorted; one that overlaps the previous is dropped (a name is both an
 * occurrence and a word of the tree), and one that spans lines is cut at its first line's end.
 */
function encode(tokens: Token[], lines: LineMap): number[] {
  tokens.sort((a, b) => a.start - b.start || b.end - a.end);
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  let lastEnd = -1;
  for (const t of tokens) {
    if (t.start < lastEnd) continue;
    const from = lines.positionAt(t.start);
    const end = Math.min(t.end, lines.lineEnd(from.line));
    if (end <= t.start) continue;
    data.push(from.line - prevLine, from.line === prevLine ? from.character - prevChar : from.character, end - t.start, TYPES.indexOf(t.type), t.modifiers);
    prevLine = from.line;
    prevChar = from.character;
    lastEnd = t.end;
  }
  return data;
}
