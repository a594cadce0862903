import type {
  Arg,
  Attribute,
  BinaryOp,
  Block,
  CallArg,
  CompareOp,
  Drift,
  Entry,
  ErrorExpr,
  Expr,
  FeatureDecl,
  Ident,
  PipelineDecl,
  Reference,
  Require,
  SourceFile,
  Statement,
  SyntaxError,
} from './ast.js';
import { Scanner } from './lexer.js';
import { LineMap } from './lineMap.js';
import { quotedText, type Comment, type Token, type TokenKind } from './tokens.js';
import { clipText } from '../clipText.js';
import { TOP_LEVEL_BLOCKS } from '../language/keywords.js';

/** The words a term reads as a boolean value, never as a reference: no name may be one (rename refuses them). */
export const BOOLEAN_LITERALS: readonly string[] = ['true', 'false'];

/** Block kinds that only make sense at the top level: a header of one of these inside a block means a `}` is missing. */
const TOP_LEVEL_KINDS = new Set([...TOP_LEVEL_BLOCKS, 'pipeline']);
const COMPARE = new Set<TokenKind>(['>', '>=', '<', '<=']);
/** A binary operator's precedence, 0 for a token that is none: a switch, as most tokens miss (a keyed lookup that misses walks the prototype chain). */
function precedenceOf(kind: TokenKind): number {
  switch (kind) {
    case '+':
    case '-':
      return 1;
    case '*':
    case '/':
      return 2;
    default:
      return 0;
  }
}
/**
 * The deepest expression tree the parser builds (each bracket, call, unary minus and operator of
 * a chain is a level). Deeper ones are a syntax error: every walk of the tree (the checker's
 * rules, the feature compiler, the evaluator) recurses, and 2,000 nested calls overflowed the
 * stack. Written expressions stay far below (a sum of 200 columns is 200 levels).
 */
export const MAX_EXPRESSION_DEPTH = 256;
/** Placeholders until a list is read (`take` replaces them): never returned, so never written to. */
const NO_ENTRIES: Entry[] = [];
/**
 * Makes the `value` field of Number nodes a tagged one before any is parsed. V8 picks a field's
 * representation from the values stored in it, and a file's first fraction (`test = 0.2`, in
 * most pipelines) made it a double field, which boxes the number of every later node in a heap
 * number of its own (21k of them in a 5,000-line file of sums, 5% of its tree's bytes). Once a
 * non-number has been stored there, a whole number is held in the field itself and a fraction
 * shares its token's number. Literals with the same keys in the same order share their map, so
 * this one object, made once, decides it for every Number node.
 */
function tagNumberValues(): void {
  const unread: Record<string, unknown> = { kind: 'Number', value: undefined, text: '', start: 0, end: 0 };
  void unread;
}
tagNumberValues();

/**
 * Error-tolerant recursive-descent parser. It never throws: every problem becomes a
 * `SyntaxError` and parsing resumes at the next line or statement, so one bad line yields one
 * diagnostic and the rest of the file is still checked.
 */
export function parse(text: string): SourceFile {
  return new Parser(text).parseFile();
}

/** What `parseStatementsFrom` read: statements, errors (in the order found) and comments. */
export interface ParsedRegion {
  statements: Statement[];
  syntaxErrors: SyntaxError[];
  comments: Comment[];
  /** Offset of the statement where `stop` said to stop, or undefined when the parse reached the end of the text. */
  stoppedAt: number | undefined;
}

/**
 * Parses the top-level statements of `text` from `from` (the first token of a top-level
 * statement) until the end, or until `stop` accepts the offset of the next statement's first
 * token. The incremental re-parse (`incremental.ts`) calls this for the statements an edit touched.
 */
export function parseStatementsFrom(text: string, from: number, stop: (offset: number) => boolean): ParsedRegion {
  const p = new Parser(text, from);
  const stoppedAt = p.parseStatements(stop);
  const f = p.result;
  return { statements: f.statements, syntaxErrors: f.syntaxErrors, comments: f.comments, stoppedAt };
}

class Parser {
  private readonly tokens: TokenWindow;
  private readonly file: SourceFile;
  private lineMap?: LineMap;
  private pos = 0;
  /** Open `(` and `[`: newlines inside brackets do not end a statement. */
  private brackets: Array<'(' | '['> = [];
  /** How deep the expression being parsed is: brackets, calls, unary minus and each operator of a chain. */
  private depth = 0;
  /** How many blocks enclose the entry being parsed. */
  private blockDepth = 0;
  private lastErrorLine = -1;
  /**
   * The line an expression ran off the end of ('feature f =', 'a +' with the rest on the next
   * line): the next line is its continuation, reported with it, not again as a statement.
   */
  private danglingLine = -1;
  /** Errors already recorded, by offset and message: a file with thousands of errors must not compare each with every other. */
  private readonly reported = new Set<string>();
  /**
   * Items of the lists being read (a list inside another above its parent's), copied out at
   * their exact length when the list ends: an array grown by `push` keeps room for 16 more, and
   * a tree holds one list per call, reference, list literal and block.
   */
  private readonly pending: unknown[] = [];
  private top = 0;

  constructor(text: string, from = 0) {
    const scanner = new Scanner(text, from);
    this.tokens = new TokenWindow(scanner);
    this.file = { kind: 'File', text, statements: [], comments: scanner.comments, syntaxErrors: [] };
  }

  parseFile(): SourceFile {
    this.skipSeparators();
    const first = this.tok();
    if (this.isIdent(first, 'pipeline')) this.file.pipeline = this.parsePipeline();
    else
      this.error(
        first.kind === 'eof' ? 0 : first.start,
        first.kind === 'eof' ? 0 : first.end,
        "a pipeline file starts with 'pipeline NAME'",
      );

    this.parseStatements();
    this.file.syntaxErrors.sort((a, b) => a.start - b.start);
    return this.file;
  }

  get result(): SourceFile {
    return this.file;
  }

  /** Top-level statements until the end, or until `stop` accepts a statement's first offset (returned). */
  parseStatements(stop?: (offset: number) => boolean): number | undefined {
    for (;;) {
      this.skipSeparators();
      const t = this.tok();
      if (t.kind === 'eof') return undefined;
      if (stop?.(t.start)) return t.start;
      const stmt = this.parseStatement();
      if (stmt) this.file.statements.push(stmt);
    }
  }

  // ---- statements -------------------------------------------------------------------------

  private parsePipeline(): PipelineDecl {
    const keyword = this.ident();
    const decl: PipelineDecl = { kind: 'Pipeline', keyword, name: undefined, start: keyword.start, end: keyword.end };
    if (this.tok().kind === 'ident') {
      decl.name = this.ident();
      decl.end = decl.name.end;
    } else this.error(keyword.start, keyword.end, "name the pipeline: 'pipeline NAME'");
    const brace = this.tok();
    if (brace.kind === '{') {
      // 'pipeline churn { … }', as an HCL user wraps a file: the '{' alone is the mistake. Read
      // on as top-level statements; skipping to its '}' dropped the whole file, so the check also
      // said it had no 'data', 'split' or 'environment' block. The closing '}' is its own error.
      this.error(brace.start, brace.end, "'pipeline NAME' is a line of its own, not a block: remove this '{' and the '}' that closes it");
      this.pos++;
    }
    this.expectEndOfEntry();
    return decl;
  }

  private parseStatement(): Statement | undefined {
    const t = this.tok();
    const continued = this.takeDangling(t);
    if (this.startsFeature(this.pos)) return this.parseFeature();
    if (this.startsBlock(this.pos)) return this.parseBlock();
    if (this.isIdent(t, 'pipeline')) {
      this.error(t.start, this.lineEndOffset(t), "a file holds one pipeline: remove this second 'pipeline' line");
      this.skipLine();
      return undefined;
    }
    if (t.kind === '}') {
      this.error(t.start, t.end, "unmatched '}': no block is open here");
      this.pos++;
      return undefined;
    }
    // 'feature 9x = …', 'model café {': the name is what cannot be read, and the lexer says why.
    const next = this.peek(1);
    if (continued) {
      // The rest of the previous line's expression: that line's error covers it.
    } else if (this.isIdent(t, 'feature') && next.kind === '=') {
      // 'feature = …': the name is missing, not the line misplaced.
      this.error(t.start, this.lineEndOffset(t), "name the feature: 'feature NAME = …'");
    } else if (this.isIdent(t, 'feature') && next.kind === 'number') {
      this.error(next.start, next.end, `'${next.text}' is not a name: a feature's name is ASCII letters, digits and '_', not starting with a digit`);
    } else if (t.kind === 'ident' && next.kind === 'bad' && next.error) {
      this.error(next.start, next.end, next.error);
    } else if (t.kind === 'ident' && this.peek(1).kind === '=') {
      this.error(t.start, this.lineEndOffset(t), `'${t.text} = …' belongs inside a block: top-level lines are blocks ('model NAME {') or 'feature NAME = …'`);
    } else {
      this.error(t.start, this.lineEndOffset(t), "expected a block ('data NAME {') or a 'feature NAME = …' line");
    }
    this.skipLine();
    return undefined;
  }

  private parseFeature(): FeatureDecl {
    // The keyword is always 'feature' at the line's start: its node is made only when read (`featureKeyword`).
    const start = this.tok().start;
    this.pos++;
    const name = this.ident();
    let value: Expr;
    if (this.tok().kind === '=') {
      this.pos++;
      value = this.parseExpr();
    } else {
      this.error(name.start, name.end, `expected '=' after 'feature ${name.name}'`);
      value = this.errorExpr(name.end);
      this.skipLine();
    }
    this.expectEndOfEntry();
    return { kind: 'Feature', keyword: undefined, name, value, bound: undefined, start, end: Math.max(value.end, name.end) };
  }

  private parseBlock(): Block {
    const type = this.ident();
    const name = this.tok().kind === 'ident' ? this.ident() : undefined;
    const open = this.tok().start;
    this.pos++; // `{`
    // Every property present from the start: nodes of one kind share a shape (fast property access).
    const block: Block = { kind: 'Block', type, name, open, close: undefined, entries: NO_ENTRIES, start: type.start, end: open + 1 };
    const headerEnd = open + 1;
    const mark = this.top;
    this.blockDepth++;
    for (;;) {
      this.skipSeparators();
      const t = this.tok();
      if (t.kind === '}') {
        block.close = t.start;
        block.end = t.end;
        this.pos++;
        break;
      }
      if (t.kind === 'eof') {
        this.error(type.start, headerEnd, `'${this.headerText(block)}' is not closed: add '}'`, true);
        break;
      }
      const entry = this.parseEntry(block, headerEnd);
      if (entry === 'end') break;
      if (entry) {
        this.keep(entry);
        block.end = entry.end;
      }
    }
    this.blockDepth--;
    block.entries = this.take<Entry>(mark);
    // After the depth is back to the enclosing block's: what follows the '}' is that block's entry text.
    if (block.close !== undefined) this.expectEndOfEntry();
    return block;
  }

  private parseEntry(block: Block, headerEnd: number): Entry | undefined | 'end' {
    const t = this.tok();
    const continued = this.takeDangling(t);
    const inServe = block.type.name === 'serve';
    if (this.startsFeature(this.pos)) {
      if (inServe) return this.parseFeature();
      this.error(block.type.start, headerEnd, `'${this.headerText(block)}' is not closed before this 'feature' line: add '}'`, true);
      return 'end';
    }
    if (this.startsBlock(this.pos)) {
      if (TOP_LEVEL_KINDS.has(t.text)) {
        this.error(block.type.start, headerEnd, `'${this.headerText(block)}' is not closed before '${t.text}': add '}'`, true);
        return 'end';
      }
      if (this.blockDepth >= MAX_EXPRESSION_DEPTH) {
        // As for expressions: skipped whole without recursion, or the parser overflows the stack.
        const end = this.skipBlock();
        this.error(t.start, end, `blocks nested deeper than ${MAX_EXPRESSION_DEPTH} levels`);
        return undefined;
      }
      return this.parseBlock();
    }
    if (t.kind === 'ident') {
      const next = this.peek(1);
      if (t.text === 'require' && next.kind === 'ident' && COMPARE.has(this.peek(2).kind)) return this.parseRequire();
      if (t.text === 'drift' && next.kind === 'ident' && this.peek(2).kind === 'ident' && COMPARE.has(this.peek(3).kind))
        return this.parseDrift();
      if (next.kind === '=') return this.parseAttribute();
      // To the entry's end, not the line's: 'serve { m odel = m, defaults { … } }' on one line
      // skipped the defaults block too, unread, under the one diagnostic for 'm odel'.
      const end = this.skipEntry() ?? this.lineEndOffset(t);
      if (t.text === 'require') {
        this.error(t.start, end, "expected 'require METRIC OP VALUE', e.g. 'require auc >= 0.85'");
      } else if (t.text === 'drift') {
        this.error(t.start, end, "expected 'drift TARGET STATISTIC OP VALUE', e.g. 'drift prediction psi > 0.1'");
      } else if (!continued) {
        this.error(t.start, end, `expected '${t.text} = VALUE'`);
      }
      return undefined;
    }
    // As for a broken entry above: 'serve { 1 = 2, defaults { … } }' keeps its defaults block.
    const end = this.skipEntry() ?? this.lineEndOffset(t);
    if (!continued) this.error(t.start, end, t.kind === 'bad' ? (t.error ?? 'unexpected input') : "expected 'name = value'");
    return undefined;
  }

  private parseAttribute(): Attribute {
    const name = this.ident();
    this.pos++; // `=`
    // 'defaults = { … }', as HCL writes a map: only a block opens with '{', and it takes no '='.
    const brace = this.tok();
    if (brace.kind === '{') this.error(brace.start, brace.end, `a value cannot start with '{': a block is written without '=', as '${name.name} { … }'`);
    const value = this.parseExpr();
    this.expectEndOfEntry();
    return { kind: 'Attribute', name, value, start: name.start, end: Math.max(value.end, name.end + 1) };
  }

  private parseRequire(): Require {
    const keyword = this.ident();
    const metric = this.ident();
    const op = this.tok().kind as CompareOp;
    this.pos++;
    const value = this.parseExpr();
    this.expectEndOfEntry();
    return { kind: 'Require', keyword, metric, op, value, start: keyword.start, end: Math.max(value.end, metric.end) };
  }

  private parseDrift(): Drift {
    const keyword = this.ident();
    const target = this.ident();
    const stat = this.ident();
    const op = this.tok().kind as CompareOp;
    this.pos++;
    const value = this.parseExpr();
    this.expectEndOfEntry();
    return { kind: 'Drift', keyword, target, stat, op, value, start: keyword.start, end: Math.max(value.end, stat.end) };
  }

  // ---- expressions --------------------------------------------------------------------------

  private parseExpr(minPrec = 1): Expr {
    const base = this.depth;
    let left = this.parseTerm();
    for (;;) {
      this.skipNewlinesInBrackets();
      const t = this.tok();
      const prec = precedenceOf(t.kind);
      if (prec === 0 || prec < minPrec) break;
      // Each operator of a chain wraps what came before: one level more of the tree.
      if (++this.depth > MAX_EXPRESSION_DEPTH) {
        this.tooDeep(t.start, t.end);
        left = this.errorExpr(left.start, this.skipOperand());
        break;
      }
      // Tokens are recycled once the parser has moved on: keep what is needed, not the token.
      const op = t.kind as BinaryOp;
      this.pos++;
      const right = this.parseExpr(prec + 1);
      left = { kind: 'Binary', op, left, right, start: left.start, end: right.end };
    }
    this.depth = base;
    return left;
  }

  private parseTerm(): Expr {
    this.skipNewlinesInBrackets();
    const t = this.tok();
    if ((t.kind === '(' || t.kind === '[' || t.kind === '-' || t.kind === 'ident') && this.depth >= MAX_EXPRESSION_DEPTH) {
      // Past the limit every nested term is skipped whole, without recursion: the walks of the
      // checker and the engine would overflow the stack on such a tree, as the parser itself did.
      this.tooDeep(t.start, t.end);
      return this.errorExpr(t.start, this.skipOperand());
    }
    this.depth++;
    const e = this.parseNestedTerm(t);
    this.depth--;
    return e;
  }

  private parseNestedTerm(t: Token): Expr {
    switch (t.kind) {
      case 'number':
        this.pos++;
        return { kind: 'Number', value: t.value as number, text: t.text, start: t.start, end: t.end };
      case 'duration':
        this.pos++;
        return { kind: 'Duration', seconds: t.value as number, unit: t.unit!, text: t.text, start: t.start, end: t.end };
      case 'string':
        this.pos++;
        if (t.error) this.error(t.start, t.end, t.error);
        return { kind: 'String', value: t.value as string, start: t.start, end: t.end };
      case '-': {
        const start = t.start;
        this.pos++;
        const operand = this.parseTerm();
        if (operand.kind === 'Number')
          return { kind: 'Number', value: -operand.value, text: '-' + operand.text, start, end: operand.end };
        return { kind: 'Unary', op: '-', operand, start, end: operand.end };
      }
      case '(': {
        const open = t.start; // a one-character token: numbers, not an object per bracket
        this.pos++;
        this.brackets.push('(');
        const expr = this.parseExpr();
        this.skipNewlinesInBrackets();
        let end = expr.end;
        if (this.tok().kind === ')') {
          end = this.tok().end;
          this.pos++;
        } else this.error(open, open + 1, "'(' is not closed: add ')'", true);
        this.brackets.pop();
        return { kind: 'Paren', expr, start: open, end };
      }
      case '[':
        return this.parseList();
      case 'ident': {
        if (BOOLEAN_LITERALS.includes(t.text)) {
          this.pos++;
          return { kind: 'Bool', value: t.text === 'true', start: t.start, end: t.end };
        }
        if (this.peek(1).kind === '(') return this.parseCall();
        return this.parseReference();
      }
      case 'bad':
        this.pos++;
        this.error(t.start, t.end, t.error ?? 'unexpected input');
        return this.errorExpr(t.start, t.end);
      default:
        if (t.kind === 'newline') {
          // Statements end at a newline: the rest of the expression on the next line is not read.
          this.danglingLine = this.lines.positionAt(t.start).line;
          this.error(t.start, t.start, "expected a value before the end of the line: an expression ends with its line, so keep it on one line (only '(' … ')', lists and calls may span lines)");
        } else if (t.kind === 'eof') this.error(t.start, t.start, 'expected a value');
        else if (t.kind === '+') this.error(t.start, t.end, "expected a value, found '+': a number takes no '+' sign, write it without one");
        else this.error(t.start, Math.max(t.end, t.start), `expected a value, found ${quotedText(t.text)}`);
        return this.errorExpr(t.start);
    }
  }

  private parseList(): Expr {
    const open = this.tok().start;
    this.pos++;
    this.brackets.push('[');
    const mark = this.top;
    let end = open + 1;
    for (;;) {
      this.skipNewlinesInBrackets();
      const t = this.tok();
      if (t.kind === ']') {
        end = t.end;
        this.pos++;
        break;
      }
      if (this.endsBracketedRegion(t)) {
        this.error(open, open + 1, "'[' is not closed: add ']'", true);
        break;
      }
      const item = this.parseExpr();
      this.keep(item);
      end = item.end;
      this.skipNewlinesInBrackets();
      const sep = this.tok();
      if (sep.kind === ',') {
        this.pos++;
        continue;
      }
      if (sep.kind === ']') continue;
      if (this.endsBracketedRegion(sep)) {
        this.error(open, open + 1, "'[' is not closed: add ']'", true);
        break;
      }
      this.error(sep.start, sep.end, `expected ',' or ']' in list, found ${quotedText(sep.text)}`);
      this.pos++;
    }
    this.brackets.pop();
    return { kind: 'List', items: this.take<Expr>(mark), start: open, end };
  }

  private parseCall(): Expr {
    const callee = this.ident();
    const open = this.tok().start;
    this.pos++;
    this.brackets.push('(');
    const mark = this.top;
    let end = open + 1;
    let closed = false;
    let positional = 0;
    let sawNamed = false;
    for (;;) {
      this.skipNewlinesInBrackets();
      const t = this.tok();
      if (t.kind === ')') {
        end = t.end;
        closed = true;
        this.pos++;
        break;
      }
      if (this.endsBracketedRegion(t)) {
        this.error(open, open + 1, `'${callee.name}(' is not closed: add ')'`, true);
        break;
      }
      let name: Ident | undefined;
      if (t.kind === 'ident' && this.peek(1).kind === '=') {
        name = this.ident();
        this.pos++;
      }
      const value = this.parseExpr();
      if (name) sawNamed = true;
      else if (sawNamed) positional = -1;
      else positional++;
      // A positional argument is its expression: no node around it (see `Arg`).
      this.keep(name ? ({ kind: 'Arg', name, value, start: name.start, end: value.end } satisfies Arg) : value);
      end = value.end;
      this.skipNewlinesInBrackets();
      const sep = this.tok();
      if (sep.kind === ',') {
        this.pos++;
        continue;
      }
      if (sep.kind === ')') continue;
      if (this.endsBracketedRegion(sep)) {
        this.error(open, open + 1, `'${callee.name}(' is not closed: add ')'`, true);
        break;
      }
      this.error(sep.start, sep.end, `expected ',' or ')' in arguments, found ${quotedText(sep.text)}`);
      this.pos++;
    }
    this.brackets.pop();
    return { kind: 'Call', callee, args: this.take<CallArg>(mark), positional, closed, bound: undefined, start: callee.start, end };
  }

  private parseReference(): Reference {
    const t = this.tok();
    this.pos++;
    // Most names have one part: the node alone, with no Ident or array (see `Reference`).
    const ref: Reference = { kind: 'Reference', name: t.text, parts: undefined, ident: undefined, at: undefined, start: t.start, end: t.end };
    if (this.continuesReference()) {
      const firstEnd = t.end;
      const contiguous = this.tok().start === firstEnd;
      this.pos++;
      // Its fields read now: the token window hands token objects back for reuse as it moves on.
      const { text: secondName, start: secondStart, end: secondEnd } = this.tok();
      this.pos++;
      ref.end = secondEnd;
      // `table.col` written without spaces (nearly every longer name): the second part's name
      // alone, its Idents made when first read (`refIdents`); a spaced or longer name keeps them.
      if (contiguous && !this.continuesReference()) ref.parts = secondName;
      else {
        const mark = this.top;
        this.keep({ kind: 'Ident', name: ref.name, start: ref.start, end: firstEnd } satisfies Ident);
        this.keep({ kind: 'Ident', name: secondName, start: secondStart, end: secondEnd } satisfies Ident);
        while (this.continuesReference()) {
          this.pos++;
          const part = this.ident();
          this.keep(part);
          ref.end = part.end;
        }
        ref.parts = this.take<Ident>(mark);
      }
    }
    // 'houses.1stFlrSF': the lexer reads '.1stFlrSF' as one word that is no number, and says why.
    const word = this.tok();
    if (word.kind === 'bad' && word.error && word.start === ref.end && word.text.startsWith('.')) {
      this.error(word.start, word.end, word.error);
      this.pos++;
    } else if (this.tok().kind === '.') {
      const dot = this.tok();
      const next = this.peek(1);
      // 'orders.città': the name after the dot is what cannot be read, and the lexer says why.
      if (next.kind === 'bad' && next.error && next.start === dot.end) {
        this.error(next.start, next.end, next.error);
        this.pos++;
      } else this.error(dot.start, dot.end, "expected a name after '.'");
      this.pos++;
    }
    if (this.tok().kind === '@') {
      const at = this.tok();
      const v = this.peek(1);
      if ((v.kind === 'ident' || v.kind === 'number') && v.start === at.end) {
        ref.at = { text: v.text, start: v.start, end: v.end, isNumber: v.kind === 'number' };
        ref.end = v.end;
        this.pos += 2;
      } else {
        this.error(at.start, at.end, "expected a stage or version after '@' ('model@production', 'model@3')");
        this.pos++;
      }
    }
    return ref;
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** A '.' right after the name read so far, and a name right after it: the reference goes on. */
  private continuesReference(): boolean {
    const dot = this.tok();
    if (dot.kind !== '.') return false;
    const next = this.peek(1);
    return next.kind === 'ident' && next.start === dot.end;
  }

  /** Built on the first error: most files have none. */
  private get lines(): LineMap {
    return (this.lineMap ??= new LineMap(this.file.text));
  }

  private keep(item: unknown): void {
    this.pending[this.top++] = item;
  }
  /** The items kept since `mark`, as an array of their number. */
  private take<T>(mark: number): T[] {
    const items = this.pending.slice(mark, this.top) as T[];
    this.top = mark;
    return items;
  }

  private tok(): Token {
    return this.tokens.at(this.pos);
  }
  private peek(k: number): Token {
    return this.tokens.at(this.pos + k);
  }
  private isIdent(t: Token, text: string): boolean {
    return t.kind === 'ident' && t.text === text;
  }
  private ident(): Ident {
    const t = this.tok();
    this.pos++;
    return { kind: 'Ident', name: t.text, start: t.start, end: t.end };
  }
  private tooDeep(start: number, end: number): void {
    this.error(start, end, `expression nested deeper than ${MAX_EXPRESSION_DEPTH} levels (brackets, calls and operators): split it into several features`);
  }

  /**
   * Skips the rest of an operand past the depth limit, iteratively: every bracket it opens and
   * closes, up to what ends it at its own level (a ',' or a closing bracket of the enclosing
   * call, a line end outside brackets, the end of the file). Returns where it ended.
   */
  private skipOperand(): number {
    let open = 0;
    let end = this.tok().start;
    for (;;) {
      const t = this.tok();
      if (t.kind === 'eof') return end;
      if (open === 0 && (t.kind === ',' || t.kind === ')' || t.kind === ']' || t.kind === '}' || (t.kind === 'newline' && this.brackets.length === 0))) return end;
      if (t.kind === '(' || t.kind === '[') open++;
      else if (t.kind === ')' || t.kind === ']') open--;
      end = t.end;
      this.pos++;
    }
  }

  /** Skips a block past the depth limit, up to and with its closing '}' (or the file's end); returns where it ended. */
  private skipBlock(): number {
    let open = 0;
    let end = this.tok().end;
    for (;;) {
      const t = this.tok();
      if (t.kind === 'eof') return end;
      end = t.end;
      this.pos++;
      if (t.kind === '{') open++;
      else if (t.kind === '}' && --open <= 0) return end;
    }
  }

  private errorExpr(start: number, end = start): ErrorExpr {
    return { kind: 'ErrorExpr', start, end };
  }

  private startsFeature(i: number): boolean {
    const t = this.tokens.at(i);
    if (t.kind !== 'ident' || t.text !== 'feature') return false;
    return this.tokens.at(i + 1).kind === 'ident' && this.tokens.at(i + 2).kind !== '{';
  }
  private startsBlock(i: number): boolean {
    const t = this.tokens.at(i);
    if (t.kind !== 'ident') return false;
    const n = this.tokens.at(i + 1);
    if (n.kind === '{') return true;
    return n.kind === 'ident' && this.tokens.at(i + 2).kind === '{';
  }
  /**
   * Inside brackets a newline is skipped unless the next line begins a statement. Inside a list
   * a line `name = …` also ends it: lists never hold named values, so the `]` is missing.
   */
  private skipNewlinesInBrackets(): void {
    while (this.brackets.length > 0 && this.tok().kind === 'newline') {
      const i = this.pos + 1;
      if (this.startsFeature(i) || this.startsBlock(i)) return;
      if (this.brackets[this.brackets.length - 1] === '[' && this.tokens.at(i).kind === 'ident' && this.tokens.at(i + 1).kind === '=') return;
      this.pos++;
    }
  }
  /** What stops a list or call that was never closed. */
  private endsBracketedRegion(t: Token): boolean {
    return t.kind === 'newline' || t.kind === 'eof' || t.kind === '}' || t.kind === '{';
  }
  private skipSeparators(): void {
    while (this.tok().kind === 'newline' || this.tok().kind === ',') this.pos++;
  }
  /** Skips to the end of the line, stopping before a `}` that closes the enclosing block. */
  private skipLine(): void {
    let depth = 0;
    for (;;) {
      const t = this.tok();
      if (t.kind === 'eof') return;
      if (t.kind === 'newline' && depth === 0) return;
      if (t.kind === '(' || t.kind === '[' || t.kind === '{') depth++;
      if (t.kind === ')' || t.kind === ']') depth = Math.max(0, depth - 1);
      if (t.kind === '}') {
        if (depth === 0) return;
        depth--;
      }
      this.pos++;
    }
  }
  /**
   * `skipLine`, stopping also at a ',' outside brackets: the end of an entry of a one-line block.
   * Returns the end of the entry's last token when a ',' ended it, else undefined.
   */
  private skipEntry(): number | undefined {
    let depth = 0;
    let end: number | undefined;
    for (;;) {
      const t = this.tok();
      if (t.kind === ',' && depth === 0) return end;
      if (t.kind === 'eof' || (t.kind === 'newline' && depth === 0) || (t.kind === '}' && depth === 0)) return undefined;
      if (t.kind === '(' || t.kind === '[' || t.kind === '{') depth++;
      if (t.kind === ')' || t.kind === ']' || t.kind === '}') depth = Math.max(0, depth - 1);
      end = t.end;
      this.pos++;
    }
  }
  private expectEndOfEntry(): void {
    const t = this.tok();
    if (t.kind === 'newline' || t.kind === ',' || t.kind === '}' || t.kind === 'eof') return;
    // Inside a block a ',' ends an entry ('serve { model = m x, defaults { … } }' keeps its
    // defaults block); top-level statements are one per line, so there the rest of the line goes.
    let end: number | undefined;
    if (this.blockDepth > 0) end = this.skipEntry();
    end ??= this.lineEndOffset(t);
    // 'test = 20%': a share is a fraction in the language.
    if (t.kind === 'bad' && t.text === '%')
      this.error(t.start, end, "unexpected '%': a share is written as a fraction, e.g. 'test = 0.2' for 20%");
    else this.error(t.start, end, `unexpected ${quotedText(t.text)}: one entry per line, or separate entries with ','`);
    if (this.blockDepth === 0) this.skipLine();
  }
  /**
   * Whether `t`, the first token of the statement or entry after the one whose expression ran
   * off its line, starts the next line (see `danglingLine`). Asked once, by that next statement or
   * entry, and then forgotten: no later one depends on what came before it (the incremental
   * re-parse restarts at any statement).
   */
  private takeDangling(t: Token): boolean {
    const line = this.danglingLine;
    this.danglingLine = -1;
    return line >= 0 && this.lines.positionAt(t.start).line === line + 1;
  }
  private lineEndOffset(t: Token): number {
    const line = this.lines.positionAt(t.start).line;
    return Math.max(t.end, this.lines.lineEnd(line));
  }
  private headerText(block: Block): string {
    return block.name ? `${block.type.name} ${block.name.name} {` : `${block.type.name} {`;
  }
  /**
   * Records a syntax error. Only the first error of a line is kept, so one bad line yields one
   * diagnostic; `force` keeps unclosed-bracket reports, which name an earlier line.
   */
  private error(start: number, end: number, message: string, force = false): void {
    const line = this.lines.positionAt(start).line;
    if (!force && line === this.lastErrorLine) return;
    const key = `${start}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.lastErrorLine = line;
    const err: SyntaxError = { start, end: Math.max(end, start), message: clipText(message) };
    this.file.syntaxErrors.push(err);
  }
}

/**
 * The parser's view of the token stream: random access a few tokens around the current
 * position, lexed on demand into a small ring, so tokens die young.
 */
class TokenWindow {
  private static readonly MASK = 15; // a ring of 16 tokens: the parser looks at most 4 ahead
  private readonly ring: Token[] = new Array(TokenWindow.MASK + 1);
  private count = 0;
  private eof?: Token;

  constructor(private readonly scanner: Scanner) {}

  at(i: number): Token {
    if (i < this.count) {
      if (i <= this.count - TokenWindow.MASK - 1) throw new Error(`parser looked back too far (token ${i}, at ${this.count})`);
      return this.ring[i & TokenWindow.MASK];
    }
    while (this.count <= i) {
      if (this.eof) return this.eof;
      const slot = this.count & TokenWindow.MASK;
      const t = this.scanner.next(this.ring[slot]);
      if (t.kind === 'eof') this.eof = { ...t };
      this.ring[slot] = t;
      this.count++;
    }
    return this.ring[i & TokenWindow.MASK];
  }
}
