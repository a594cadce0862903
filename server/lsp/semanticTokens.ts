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
import { BLOCKS } from '../mlpipe/language/blocks.js';
import { catalogueEntry, indexOfName } from './transforms.js';
import { argName, argValue } from '../mlpipe/syntax/args.js';
import type { Block, Expr, SourceFile, Span } from '../mlpipe/syntax/ast.js';
import { featureKeyword } from '../mlpipe/syntax/featureKeyword.js';
import type { LineMap } from '../mlpipe/syntax/lineMap.js';
import { refPartCount, refPartSpan } from '../mlpipe/syntax/reference.js';

/** The token types, by their index in the legend (standard LSP names, which every theme colours). */
const TYPES = ['keyword', 'namespace', 'class', 'variable', 'property', 'function', 'parameter', 'enumMember', 'string', 'number', 'comment'] as const;
type TokenType = (typeof TYPES)[number];
const MODIFIERS = ['declaration', 'defaultLibrary'] as const;
type Modifier = (typeof MODIFIERS)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: [...MODIFIERS] };

interface Token {
  start: number;
  end: number;
  /** Index in TYPES. */
  type: number;
  /** Bits of MODIFIERS. */
  modifiers: number;
}

const T = Object.fromEntries(TYPES.map((t, i) => [t, i])) as Record<TokenType, number>;
const DECLARATION = 1 << MODIFIERS.indexOf('declaration' satisfies Modifier);
const LIBRARY = 1 << MODIFIERS.indexOf('defaultLibrary' satisfies Modifier);

/** What a resolved name is: tables and the pipeline are namespaces, models classes, features variables, columns properties. */
const NAME_TYPES: Record<SymbolKind, TokenType> = { table: 'namespace', model: 'class', registered: 'class', feature: 'variable', column: 'property' };

/** The tokens of a parsed and bound file, encoded as LSP's relative five-number groups. */
export function semanticTokens(file: SourceFile, binding: Binding, lines: LineMap): SemanticTokens {
  const tokens: Token[] = [];
  const add = (span: Span, type: TokenType, modifiers = 0) => {
    if (span.end > span.start) tokens.push({ start: span.start, end: span.end, type: T[type], modifiers });
  };
  for (const c of file.comments) add(c, 'comment');
  if (file.pipeline) {
    add(file.pipeline.keyword, 'keyword');
    if (file.pipeline.name) add(file.pipeline.name, 'namespace', DECLARATION);
  }
  /** `keyword`: the value is a keyword of a fixed set ('mlp', 'production', 'train'), never a name. */
  const expr = (e: Expr, keyword = false): void => {
    switch (e.kind) {
      case 'Number':
      case 'Duration':
        return add(e, 'number');
      case 'String':
        return add(e, 'string');
      case 'Bool':
        return add(e, 'keyword');
      case 'Reference':
        if (keyword && refPartCount(e) === 1) add(refPartSpan(e, 0), 'enumMember');
        // '@production' / '@3' of a served model; the names themselves are occurrences.
        if (e.at) add(e.at, e.at.isNumber ? 'number' : 'enumMember');
        return;
      case 'List':
        return e.items.forEach((i) => expr(i, keyword));
      case 'Call': {
        // By the name's length, not a hash of the callee's fresh slice of the text: this runs on
        // every call of the document at every edit. Kinds from the signature's arrays, not the
        // entries' argument objects (each of its own shape).
        const sig = catalogueEntry(e.callee.name)?.signature;
        add(e.callee, 'function', sig ? LIBRARY : 0);
        for (const a of e.args) {
          const name = argName(a);
          if (name) add(name, 'parameter');
          // An argument the catalogue takes keywords for ('fit = train') holds a keyword value.
          const k = name && sig ? indexOfName(sig, name.name) : -1;
          expr(argValue(a), k >= 0 && sig!.kinds[k] === 'fit');
        }
        return;
      }
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
          expr(entry.value, spec?.attributes.find((a) => a.name === entry.name.name)?.kind === 'keyword');
          break;
        }
        case 'Require':
          add(entry.keyword, 'keyword');
          add(entry.metric, 'enumMember', LIBRARY);
          expr(entry.value);
          break;
        case 'Drift':
          add(entry.keyword, 'keyword');
          if (entry.target.name === 'prediction' && !binding.features.has('prediction')) add(entry.target, 'keyword');
          add(entry.stat, 'enumMember', LIBRARY);
          expr(entry.value);
          break;
        case 'Feature':
          add(featureKeyword(entry), 'keyword');
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
      add(featureKeyword(s), 'keyword');
      expr(s.value);
    }
  }
  for (const o of binding.occurrences) {
    if (!o.resolved && !o.isDefinition) continue;
    add(o, NAME_TYPES[o.kind], o.isDefinition ? DECLARATION : 0);
  }
  return { data: encode(tokens, lines) };
}


/**
 * LSP's encoding: per token, the line and start relative to the previous token, its length, type
 * and modifiers. Tokens are sorted; one that overlaps the previous is dropped (a name is both an
 * occurrence and a word of the tree), and one that spans lines is cut at its first line's end.
 */
function encode(tokens: Token[], lines: LineMap): number[] {
  // The tree's and the binding's tokens each come in source order: the sort merges two runs.
  tokens.sort((a, b) => a.start - b.start || b.end - a.end);
  const starts = lines.lineStarts;
  // Written by index into an array of the most it can need (five numbers a token), then cut to
  // length: pushing five arguments at a time was half of the whole request's time.
  const data = new Array<number>(tokens.length * 5);
  let k = 0;
  let line = 0;
  let prevLine = 0;
  let prevChar = 0;
  let lastEnd = -1;
  for (const t of tokens) {
    if (t.start < lastEnd) continue;
    while (line + 1 < starts.length && starts[line + 1] <= t.start) line++;
    const end = Math.min(t.end, lines.lineEnd(line));
    if (end <= t.start) continue;
    const char = t.start - starts[line];
    data[k++] = line - prevLine;
    data[k++] = line === prevLine ? char - prevChar : char;
    data[k++] = end - t.start;
    data[k++] = t.type;
    data[k++] = t.modifiers;
    prevLine = line;
    prevChar = char;
    lastEnd = t.end;
  }
  data.length = k;
  return data;
}
