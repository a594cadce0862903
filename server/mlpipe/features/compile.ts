import type { CallExpr, Expr, Reference } from '../syntax/ast.js';
import { literalNumber } from '../syntax/literals.js';
import { type ArgTable, bindArgs } from '../language/callArgs.js';
import { argIssues } from '../transforms/validate.js';
import { FIT_SCOPES, oneOf } from '../language/keywords.js';
import { PlanError } from './errors.js';
import { windowJoinColumn } from './windowJoin.js';
import type { TransformName } from '../transforms/index.js';
import type { ArgSpec } from '../transforms/spec.js';
import type { FeaturePlan, FitScope, HistoryTable, PlanNode, PrimaryTable, WindowAgg } from './plan.js';

export interface PlanInput {
  /** Every top-level feature's expression, by name (a map, or a view of one: the compiler only looks names up). */
  features: Pick<ReadonlyMap<string, Expr>, 'has' | 'get'>;
  /** The model's input features, in order. */
  inputs: readonly string[];
  primary: PrimaryTable;
  histories: ReadonlyMap<string, HistoryTable>;
}

type NodeSpec = PlanNode extends infer N ? (N extends PlanNode ? Omit<N, 'id' | 'key' | 'feature'> : never) : never;

/**
 * Compiles the model inputs and the features they depend on into a plan. Features no input
 * reaches are not compiled (an unused broken feature does not stop a run). Throws `PlanError`
 * naming the feature for a cycle, an unknown transform or name, or a bad argument.
 */
export function compilePlan(input: PlanInput): FeaturePlan {
  return new Compiler(input).run();
}

class Compiler {
  private readonly nodes: PlanNode[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly features = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly vectors = new Set<number>();
  private readonly columns = new Map<string, number>();

  constructor(private readonly input: PlanInput) {}

  run(): FeaturePlan {
    const outputs = this.input.inputs.map((name) => {
      if (!this.input.features.has(name)) {
        throw new PlanError(`model input '${name}' is not a feature`, 'unknown-reference');
      }
      return { feature: name, node: this.feature(name) };
    });
    return {
      nodes: this.nodes,
      outputs,
      features: this.features,
      primary: this.input.primary,
      histories: this.input.histories,
    };
  }

  private get current(): string {
    return this.stack[this.stack.length - 1];
  }

  private fail(message: string, code: PlanError['code']): never {
    throw new PlanError(message, code, this.current);
  }
  /** For the kernels' argument checks: made once per plan, not once per call compiled. */
  private readonly failValue = (message: string): never => this.fail(message, 'invalid-value');

  private feature(name: string): number {
    const done = this.features.get(name);
    if (done !== undefined) return done;
    const at = this.stack.indexOf(name);
    if (at >= 0) {
      const loop = [...this.stack.slice(at), name].join(' -> ');
      throw new PlanError(`features depend on each other in a loop: ${loop}`, 'feature-cycle', name);
    }
    this.stack.push(name);
    const id = this.expr(this.input.features.get(name)!, true);
    this.stack.pop();
    this.features.set(name, id);
    return id;
  }

  private add(spec: NodeSpec, key: string): number {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const id = this.nodes.length;
    // The spec is the caller's own new object: it becomes the node (no copy), its fields first.
    const node = spec as PlanNode;
    node.id = id;
    node.key = key;
    node.feature = this.current;
    this.nodes.push(node);
    this.byKey.set(key, id);
    return id;
  }

  private k(id: number): string {
    return this.nodes[id].key;
  }

  private column(name: string): number {
    // Looked up by the name first: a column is read many times per plan, and its key is a
    // string made (and flattened for the map) on every read.
    let id = this.columns.get(name);
    if (id === undefined) this.columns.set(name, (id = this.add({ kind: 'column', column: name }, `${this.input.primary.name}.${name}`)));
    return id;
  }

  /** A scalar value; `root` allows a vector (one_hot), which only a whole feature may be. */
  private expr(e: Expr, root = false): number {
    const id = this.exprAny(e);
    if (!root && this.vectors.has(id)) {
      this.fail(
        `${this.nodes[id].kind} gives one column per category, so it can only be a whole feature, not an argument or operand`,
        'type-mismatch',
      );
    }
    return id;
  }

  private exprAny(e: Expr): number {
    switch (e.kind) {
      case 'Number':
        return this.constant(e.value);
      case 'Paren':
        return this.exprAny(e.expr);
      case 'Unary': {
        const lit = literalNumber(e);
        if (lit !== undefined) return this.constant(lit);
        const inner = this.expr(e.operand);
        return this.add({ kind: 'neg', input: inner }, `(-${this.k(inner)})`);
      }
      case 'Binary': {
        const left = this.expr(e.left);
        const right = this.expr(e.right);
        return this.add({ kind: 'binary', op: e.op, left, right }, `(${this.k(left)} ${e.op} ${this.k(right)})`);
      }
      case 'Reference':
        return this.reference(e);
      case 'Call':
        return this.call(e);
      case 'Duration':
        return this.fail(`a duration (${e.text}) is not a feature value`, 'invalid-value');
      case 'String':
        return this.fail(`a string is not a feature value here`, 'invalid-value');
      case 'Bool':
        return this.fail(`'${e.value}' is not a feature value`, 'invalid-value');
      case 'List':
        return this.fail('a list is not a feature value', 'invalid-value');
      case 'ErrorExpr':
        return this.fail('the expression could not be read', 'invalid-value');
    }
  }

  private constant(v: number): number {
    return this.add({ kind: 'const', value: v }, Object.is(v, -0) ? '-0' : String(v));
  }

  private reference(ref: Reference): number {
    if (ref.at) this.fail(`'${refText(ref)}' is not a feature or column`, 'unknown-reference');
    if (ref.parts.length === 1) {
      const name = ref.parts[0].name;
      return this.input.features.has(name) ? this.feature(name) : this.column(name);
    }
    if (ref.parts.length === 2) {
      const table = ref.parts[0].name;
      if (table === this.input.primary.name) return this.column(ref.parts[1].name);
      if (this.input.histories.has(table)) {
        this.fail(`'${refText(ref)}' is a history table column: read it through a window aggregate`, 'history-outside-window');
      }
    }
    return this.fail(`'${refText(ref)}' is neither a feature nor a column of a known table`, 'unknown-reference');
  }

  private call(call: CallExpr): number {
    const bound = bindArgs(call);
    if (!bound) this.fail(`'${call.callee.name}' is not a transform`, 'unknown-transform');
    if (bound.problems.length > 0) this.fail(bound.problems.map((p) => p.message).join('; '), 'unknown-transform');
    // The catalogue judges literal arguments for the checker and for this compiler alike.
    const issue = argIssues(bound)[0];
    if (issue) this.fail(issue.message, issue.code);
    const a = bound.values;
    const spec = bound.spec;
    if (spec.window) return this.window(spec.window, spec.name, a);
    const x = this.expr(a.get('x')!);
    const fit = spec.args.some(isFitArg) ? this.fitScope(a.get('fit')) : 'train';
    const params = spec.kernels.compile(a, this.failValue);
    const id = this.add({ kind: spec.name as TransformName, input: x, fit, params }, spec.kernels.key(this.k(x), params, fit));
    // A vector is one column per category: only a whole feature may be one.
    if (spec.result('unknown', a) === 'vector') this.vectors.add(id);
    return id;
  }

  private window(agg: WindowAgg, name: string, a: ArgTable<Expr>): number {
    const colExpr = a.get('column')!;
    if (colExpr.kind !== 'Reference' || colExpr.parts.length !== 2 || colExpr.at) {
      this.fail(`the first argument of ${name} must be a history column, 'table.col'`, 'invalid-value');
    }
    const table = colExpr.parts[0].name;
    const column = colExpr.parts[1].name;
    const history = this.input.histories.get(table);
    if (!history) {
      const why = table === this.input.primary.name ? 'is the primary table' : 'is not a history table';
      this.fail(`${name} reads a history table, and '${table}' ${why}`, 'invalid-value');
    }
    const durExpr = a.get('duration')!;
    if (durExpr.kind !== 'Duration' || !(durExpr.seconds > 0)) {
      this.fail(`the second argument of ${name} must be a positive duration such as 90d`, 'invalid-value');
    }
    const seconds = durExpr.seconds;
    const joinColumn = windowJoinColumn(this.input.primary.key, history.key);
    const keyInput = this.column(joinColumn);
    let timeInput: number | undefined;
    const asOfExpr = a.get('as_of');
    if (asOfExpr) {
      const asOf = this.primaryColumnName(asOfExpr, name);
      if (history.time === undefined) {
        this.fail(`${name} with as_of needs a 'time' on data ${table}`, 'invalid-value');
      }
      const col = this.column(asOf);
      timeInput = this.add({ kind: 'time', input: col }, `time(${this.k(col)})`);
    }
    const rangeKey = `rows(${table}, ${seconds}s, key=${this.k(keyInput)}${timeInput === undefined ? '' : `, as_of=${this.k(timeInput)}`})`;
    const range = this.add({ kind: 'range', table, seconds, keyInput, timeInput }, rangeKey);
    return this.add({ kind: 'window', agg, range, table, column }, `window_${agg}(${table}.${column}, ${this.k(range)})`);
  }

  private primaryColumnName(e: Expr, fn: string): string {
    if (e.kind === 'Reference' && !e.at) {
      if (e.parts.length === 1) return e.parts[0].name;
      if (e.parts.length === 2 && e.parts[0].name === this.input.primary.name) return e.parts[1].name;
    }
    return this.fail(`as_of of ${fn} must be a column of the primary table ${this.input.primary.name}`, 'invalid-value');
  }

  private fitScope(e: Expr | undefined): FitScope {
    if (!e) return 'train';
    const scope = e.kind === 'Reference' && e.parts.length === 1 && !e.at ? oneOf(FIT_SCOPES, e.parts[0].name) : undefined;
    if (scope) return scope;
    return this.fail("'fit' must be 'train' or 'all'", 'invalid-value');
  }
}

const isFitArg = (s: ArgSpec): boolean => s.kind === 'fit';

function refText(ref: Reference): string {
  return ref.parts.map((p) => p.name).join('.') + (ref.at ? `@${ref.at.text}` : '');
}
