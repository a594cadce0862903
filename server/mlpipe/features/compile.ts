import type { CallExpr, Expr, Reference } from '../syntax/ast.js';
import { literalNumber } from '../syntax/literals.js';
import { type ArgTable, bindArgs, type BoundArgs } from '../language/callArgs.js';
import { argIssues } from '../transforms/validate.js';
import { FIT_SCOPES, oneOf } from '../language/keywords.js';
import { PlanError } from './errors.js';
import { FeatureIds } from './featureIds.js';
import { windowJoinColumn } from './windowJoin.js';
import type { TransformName } from '../transforms/index.js';
import type { FeaturePlan, FitScope, HistoryTable, PlanNode, PrimaryTable, WindowAgg } from './plan.js';
import { refName, refPart, refPartCount } from '../syntax/reference.js';

export interface PlanInput {
  /** Every top-level feature's expression, by name (a map, or a view of one: the compiler only looks names up). */
  features: Pick<ReadonlyMap<string, Expr>, 'has' | 'get'>;
  /** The model's input features, in order. */
  inputs: readonly string[];
  primary: PrimaryTable;
  histories: ReadonlyMap<string, HistoryTable>;
  /**
   * The features already compiled from these same `features`, `primary` and `histories`
   * (`planInputOf` keeps one per binding): a feature found there is replayed, not walked again.
   * Ignored when this input's `features`, `primary` or `histories` are not the objects it was
   * made for (a caller that swaps in a view of its own).
   */
  compiled?: CompiledFeatures;
  /**
   * Each feature's ordinal in `features` (`planInputOf` gives the binding's): the plan fills
   * arrays sized once by it instead of growing a map of every feature it compiles. Ignored when
   * made for other `features` (a caller that swaps in a view of its own).
   */
  ordinals?: FeatureOrdinals;
}

/** The features of one `features` view numbered 0.., by name and by number. */
export interface FeatureOrdinals {
  readonly features: PlanInput['features'];
  readonly byName: ReadonlyMap<string, number>;
  readonly names: readonly string[];
}

/**
 * Each feature's compiled steps, shared by every plan compiled from one set of features and
 * tables. The checker compiles a plan per model and then one of many models' inputs together:
 * the same features, walked again for each (their calls bound, their arguments judged, their
 * keys built and hashed). A feature is recorded the first time it compiles whole, as the steps
 * its own expression took (the features it reads, the columns, the nodes by key); a later plan
 * replays those steps, so it gets the same nodes, ids, keys, owners and errors (none: only a
 * feature that compiled is recorded, and what it reads is the same) without the walk.
 */
export class CompiledFeatures {
  /** Replayed steps by feature name. */
  readonly byName = new Map<string, Recorded>();
  constructor(
    readonly features: PlanInput['features'],
    readonly primary: PrimaryTable,
    readonly histories: ReadonlyMap<string, HistoryTable>,
  ) {}

  fits(input: PlanInput): boolean {
    return input.features === this.features && input.primary === this.primary && input.histories === this.histories;
  }
}

/** What a feature's own expression did when compiled: its steps in order, and the one whose node is the feature's. */
interface Recorded {
  steps: Step[];
  result: number;
}

const READ_FEATURE = 0;
const READ_COLUMN = 1;
const ADD_NODE = 2;
/** A node that gives one column per category (`one_hot`): only a whole feature may be one. */
const ADD_VECTOR = 3;

/**
 * One step of a feature's expression: a feature it reads or a primary column (`name` in
 * `key`), or a node by its key, made again from `node` when the plan lacks it, its inputs the
 * nodes of steps `a` and `b` (-1: none), a transform's parameters compiled again from `call`
 * (so no two plans share them). `id` is the node the step gave while recorded.
 */
interface Step {
  op: typeof READ_FEATURE | typeof READ_COLUMN | typeof ADD_NODE | typeof ADD_VECTOR;
  key: string;
  node: NodeSpec | undefined;
  call: BoundArgs | undefined;
  id: number;
  a: number;
  b: number;
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
  /**
   * `byKey`'s answer for an operator's or negation's key, by its inputs' ids (`shapeOf`): the
   * key is a function of those ids within one plan, so a hit spells, flattens and hashes none
   * of it (an operator's key spells both operands' whole keys).
   */
  private readonly byShape = new Map<number, number>();
  /**
   * `byKey`'s answer for a call, a window's rows and a window, by their parts as they are (no
   * key spelled): a call by its transform, its input's id and fit, and its literal arguments'
   * values (`literalAt`); rows by their table, seconds and the ids of their key and time inputs
   * (`shapeOf`); a window by its range's id, column and aggregate (the range names the table).
   * Within one plan an id names one key, and equal literals give equal parameters, so a hit
   * spells, flattens and hashes no key and compiles no parameters (a large file's features
   * repeat a few calls: 5,383 of 5,404 calls a plan on features-used were hits).
   */
  private readonly callIds = new IdTrie();
  private readonly rangeIds = new IdTrie();
  private readonly windowIds = new IdTrie();
  /** Each compiled feature's node by its ordinal (`ordinals`). */
  private readonly features: FeatureIds;
  /** The input's ordinals, or this plan's own (`own`), given as its features compile. */
  private readonly ordinals: ReadonlyMap<string, number>;
  private readonly own: { byName: Map<string, number>; names: string[] } | undefined;
  private readonly stack: string[] = [];
  private readonly vectors = new Set<number>();
  private readonly columns = new Map<string, number>();
  private readonly compiled: CompiledFeatures | undefined;
  /** Parallel to `stack`: the steps of each feature being compiled (undefined while one is replayed). */
  private readonly recordings: Array<Step[] | undefined> = [];
  /** The node ids of the steps being replayed, each replay's from its own offset. */
  private readonly replayed: number[] = [];
  private replayTop = 0;

  constructor(private readonly input: PlanInput) {
    this.compiled = input.compiled?.fits(input) ? input.compiled : undefined;
    const given = input.ordinals?.features === input.features ? input.ordinals : undefined;
    if (given) {
      this.own = undefined;
      this.ordinals = given.byName;
      this.features = new FeatureIds(given.byName, given.names, given.names.length);
    } else {
      const own = (this.own = { byName: new Map<string, number>(), names: [] });
      this.ordinals = own.byName;
      this.features = new FeatureIds(own.byName, own.names, 16);
    }
  }

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
    let ordinal = this.ordinals.get(name);
    if (ordinal !== undefined) {
      const done = this.features.at(ordinal);
      if (done >= 0) return done;
    }
    const at = this.stack.indexOf(name);
    if (at >= 0) {
      const loop = [...this.stack.slice(at), name].join(' -> ');
      throw new PlanError(`features depend on each other in a loop: ${loop}`, 'feature-cycle', name);
    }
    this.stack.push(name);
    let id: number;
    const recorded = this.compiled?.byName.get(name);
    if (recorded) {
      this.recordings.push(undefined);
      id = this.replay(recorded);
    } else {
      const steps: Step[] | undefined = this.compiled && [];
      this.recordings.push(steps);
      id = this.expr(this.input.features.get(name)!, true);
      if (steps) this.compiled!.byName.set(name, { steps, result: stepOf(steps, id) });
    }
    this.recordings.pop();
    this.stack.pop();
    if (ordinal === undefined) {
      if (!this.own) throw new Error(`internal: feature '${name}' has no ordinal`);
      ordinal = this.own.names.length;
      this.own.names.push(name);
      this.own.byName.set(name, ordinal);
    }
    this.features.set(ordinal, id);
    return id;
  }

  /** A recorded feature's steps again, in this plan; returns the feature's node. */
  private replay(r: Recorded): number {
    const base = this.replayTop;
    const steps = r.steps;
    this.replayTop += steps.length;
    const ids = this.replayed;
    for (let k = 0; k < steps.length; k++) {
      const s = steps[k];
      let id: number;
      if (s.op === READ_FEATURE) id = this.feature(s.key);
      else if (s.op === READ_COLUMN) id = this.column(s.key);
      else {
        const known = this.byKey.get(s.key);
        id = known !== undefined ? known : this.make(this.remake(s, ids, base), s.key);
        if (s.op === ADD_VECTOR) this.vectors.add(id);
      }
      ids[base + k] = id;
    }
    this.replayTop = base;
    return ids[base + r.result];
  }

  /** A recorded node made for this plan: its inputs are the nodes of the steps it read. */
  private remake(s: Step, ids: number[], base: number): NodeSpec {
    const n = s.node!;
    const a = s.a < 0 ? -1 : ids[base + s.a];
    const b = s.b < 0 ? -1 : ids[base + s.b];
    switch (n.kind) {
      case 'column':
        throw new Error('internal: a column is read by a column step, not made as a node');
      case 'const':
        return constNode(n.value);
      case 'neg':
        return negNode(a);
      case 'binary':
        return binaryNode(n.op, a, b);
      case 'time':
        return timeNode(a);
      case 'range':
        return rangeNode(n.table, n.seconds, a, n.timeInput === undefined ? undefined : b);
      case 'window':
        return windowNode(n.agg, a, n.table, n.column);
      default: {
        const call = s.call!;
        return transformNode(n.kind, a, n.fit, call.spec.kernels!.compile(call.values, this.failValue));
      }
    }
  }

  /** Records a step of the feature being compiled (none while one is replayed), with the node id it gave. */
  private record(id: number, op: Step['op'], key: string, node: NodeSpec | undefined, call: BoundArgs | undefined): void {
    const steps = this.recordings[this.recordings.length - 1];
    if (!steps) return;
    let a = -1;
    let b = -1;
    if (node) {
      // A node's inputs are nodes its own feature's earlier steps gave (the features it reads included).
      const n = node as PlanNode;
      switch (n.kind) {
        case 'column':
        case 'const':
          break;
        case 'binary':
          a = stepOf(steps, n.left);
          b = stepOf(steps, n.right);
          break;
        case 'range':
          a = stepOf(steps, n.keyInput);
          if (n.timeInput !== undefined) b = stepOf(steps, n.timeInput);
          break;
        case 'window':
          a = stepOf(steps, n.range);
          break;
        default:
          a = stepOf(steps, n.input);
      }
    }
    steps.push({ op, key, node, call, id, a, b });
  }

  /**
   * A new node of the feature being compiled, its key one `known` just missed; `call` is a
   * transform's bound arguments, `vector` whether it gives one column per category.
   */
  private add(spec: NodeSpec, key: string, call?: BoundArgs, vector = false): number {
    const id = this.make(spec, key);
    if (vector) this.vectors.add(id);
    if (this.compiled) this.record(id, vector ? ADD_VECTOR : ADD_NODE, key, spec, call);
    return id;
  }

  /**
   * The plan's node with this key when it has one, as `add` would give it: the caller then makes
   * no spec (most of a large file's sub-expressions are ones the plan already holds). A recorded
   * step keeps the plan's node as its spec: the same kind and fields, and its inputs are the
   * nodes this step's would be (one key, one node).
   */
  private known(key: string, call?: BoundArgs, vector = false): number | undefined {
    const id = this.byKey.get(key);
    return id === undefined ? undefined : this.reused(id, call, vector);
  }

  /** The node of this shape (`shapeOf`) when one was given before; -1 (no shape) never is. */
  private shaped(shape: number): number | undefined {
    const id = shape < 0 ? undefined : this.byShape.get(shape);
    return id === undefined ? undefined : this.reused(id, undefined, false);
  }

  /** Node `id`, found again: marked a vector if this use is one, and recorded as a step keeping the plan's node as its spec. */
  private reused(id: number, call: BoundArgs | undefined, vector: boolean): number {
    if (vector) this.vectors.add(id);
    if (this.compiled) this.record(id, vector ? ADD_VECTOR : ADD_NODE, this.nodes[id].key, this.nodes[id] as NodeSpec, call);
    return id;
  }

  /** The node of a shape new to this plan, found by its key or made. */
  private shape(shape: number, id: number): number {
    if (shape >= 0) this.byShape.set(shape, id);
    return id;
  }

  /** The plan's node with this key, made from `spec` when there is none. */
  private intern(spec: NodeSpec, key: string): number {
    const known = this.byKey.get(key);
    return known !== undefined ? known : this.make(spec, key);
  }

  /**
   * A node for a key the plan does not hold (its caller just looked it up and missed): the
   * key is not looked up again, a miss's second probe of the map.
   */
  private make(spec: NodeSpec, key: string): number {
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
    if (id === undefined) this.columns.set(name, (id = this.intern(columnNode(name), `${this.input.primary.name}.${name}`)));
    if (this.compiled) this.record(id, READ_COLUMN, name, undefined, undefined);
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
        const shape = shapeOf(NEG, inner, 0);
        const hit = this.shaped(shape);
        if (hit !== undefined) return hit;
        const key = `(-${this.k(inner)})`;
        return this.shape(shape, this.known(key) ?? this.add(negNode(inner), key));
      }
      case 'Binary': {
        const left = this.expr(e.left);
        const right = this.expr(e.right);
        const shape = shapeOf(OPS[e.op], left, right);
        const hit = this.shaped(shape);
        if (hit !== undefined) return hit;
        const key = `(${this.k(left)} ${e.op} ${this.k(right)})`;
        return this.shape(shape, this.known(key) ?? this.add(binaryNode(e.op, left, right), key));
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
    const key = Object.is(v, -0) ? '-0' : String(v);
    return this.known(key) ?? this.add(constNode(v), key);
  }

  private reference(ref: Reference): number {
    if (ref.at) this.fail(`'${refText(ref)}' is not a feature or column`, 'unknown-reference');
    if (refPartCount(ref) === 1) {
      const name = refPart(ref, 0);
      return this.input.features.has(name) ? this.readFeature(name) : this.column(name);
    }
    if (refPartCount(ref) === 2) {
      const table = refPart(ref, 0);
      if (table === this.input.primary.name) return this.column(refPart(ref, 1));
      if (this.input.histories.has(table)) {
        this.fail(`'${refText(ref)}' is a history table column: read it through a window aggregate`, 'history-outside-window');
      }
    }
    return this.fail(`'${refText(ref)}' is neither a feature nor a column of a known table`, 'unknown-reference');
  }

  /** A feature read by the one being compiled. */
  private readFeature(name: string): number {
    const id = this.feature(name);
    if (this.compiled) this.record(id, READ_FEATURE, name, undefined, undefined);
    return id;
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
    const names = bound.signature.names;
    const kinds = bound.signature.kinds;
    const fit = kinds.includes('fit') ? this.fitScope(a.get('fit')) : 'train';
    // A vector is one column per category: only a whole feature may be one.
    const vector = spec.result('unknown', a) === 'vector';
    // The input and the fit scope as one number: every scope FIT_SCOPES names apart, however many.
    let entry = this.callIds.at(spec).at(x * FIT_SCOPES.length + FIT_SCOPES.indexOf(fit));
    for (let k = 0; k < names.length; k++) if (names[k] !== 'x' && kinds[k] !== 'fit') entry = literalAt(entry, a.at(k));
    if (entry.id >= 0) return this.reused(entry.id, bound, vector);
    const params = spec.kernels.compile(a, this.failValue);
    const key = spec.kernels.key(this.k(x), params, fit);
    return (entry.id = this.known(key, bound, vector) ?? this.add(transformNode(spec.name as TransformName, x, fit, params), key, bound, vector));
  }

  private window(agg: WindowAgg, name: string, a: ArgTable<Expr>): number {
    const colExpr = a.get('column')!;
    if (colExpr.kind !== 'Reference' || refPartCount(colExpr) !== 2 || colExpr.at) {
      this.fail(`the first argument of ${name} must be a history column, 'table.col'`, 'invalid-value');
    }
    const table = refPart(colExpr, 0);
    const column = refPart(colExpr, 1);
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
      const shape = shapeOf(TIME, col, 0);
      const hit = this.shaped(shape);
      if (hit !== undefined) timeInput = hit;
      else {
        const timeKey = `time(${this.k(col)})`;
        timeInput = this.shape(shape, this.known(timeKey) ?? this.add(timeNode(col), timeKey));
      }
    }
    const pair = shapeOf(0, keyInput, timeInput === undefined ? 0 : timeInput + 1);
    const seen = pair < 0 ? undefined : this.rangeIds.at(table).at(seconds).at(pair);
    let range: number;
    if (seen !== undefined && seen.id >= 0) range = this.reused(seen.id, undefined, false);
    else {
      const rangeKey = `rows(${table}, ${seconds}s, key=${this.k(keyInput)}${timeInput === undefined ? '' : `, as_of=${this.k(timeInput)}`})`;
      range = this.known(rangeKey) ?? this.add(rangeNode(table, seconds, keyInput, timeInput), rangeKey);
      if (seen) seen.id = range;
    }
    const entry = this.windowIds.at(range).at(column).at(agg);
    if (entry.id >= 0) return this.reused(entry.id, undefined, false);
    const key = `window_${agg}(${table}.${column}, ${this.k(range)})`;
    return (entry.id = this.known(key) ?? this.add(windowNode(agg, range, table, column), key));
  }

  private primaryColumnName(e: Expr, fn: string): string {
    if (e.kind === 'Reference' && !e.at) {
      if (refPartCount(e) === 1) return refPart(e, 0);
      if (refPartCount(e) === 2 && refPart(e, 0) === this.input.primary.name) return refPart(e, 1);
    }
    return this.fail(`as_of of ${fn} must be a column of the primary table ${this.input.primary.name}`, 'invalid-value');
  }

  private fitScope(e: Expr | undefined): FitScope {
    if (!e) return 'train';
    const scope = e.kind === 'Reference' && refPartCount(e) === 1 && !e.at ? oneOf(FIT_SCOPES, refPart(e, 0)) : undefined;
    if (scope) return scope;
    return this.fail("'fit' must be 'train' or 'all'", 'invalid-value');
  }
}

const OPS: Record<Extract<PlanNode, { kind: 'binary' }>['op'], number> = { '+': 0, '-': 1, '*': 2, '/': 3 };
const NEG = 4;
const TIME = 5;
const SHAPE_IDS = 2 ** 24;

/**
 * An operator's or negation's shape: its kind (`OPS`, `NEG`) and input ids as one number, one
 * number per shape (ids under 2^24, kind under 8: under 2^51, exact in a double); -1 when an id
 * is too large to fit, and no shape is kept.
 */
function shapeOf(kind: number, a: number, b: number): number {
  return a < SHAPE_IDS && b < SHAPE_IDS ? (kind * SHAPE_IDS + a) * SHAPE_IDS + b : -1;
}

/**
 * Node ids by a key of several parts, each part's map looked up with its own value (compared as
 * `Map` compares keys): no key is spelled. A path is made as it is walked, as every miss is then
 * given its node; `id` is -1 until it is.
 */
class IdTrie {
  id = -1;
  private next: Map<unknown, IdTrie> | undefined = undefined;

  at(part: unknown): IdTrie {
    const next = (this.next ??= new Map());
    let t = next.get(part);
    if (t === undefined) next.set(part, (t = new IdTrie()));
    return t;
  }
}

/** Opens and closes a list's items in an `IdTrie` path: objects, so equal to no literal's value. */
const LIST = {};
const LIST_END = {};

/**
 * The path below `t` for one literal argument of a call, by what the kernels read of it: a number
 * its value (`literalNumber`: `-1` and `(1)` as `1`), a string itself, a list its items in turn;
 * absent, `undefined`. The kernels read literals only through their values
 * (`transforms/literals.ts`), so equal paths give equal parameters and keys. Anything else is a
 * part by its own syntax node: equal only to itself, so never found again, never merged wrongly.
 */
function literalAt(t: IdTrie, e: Expr | undefined): IdTrie {
  if (e === undefined) return t.at(undefined);
  const v = literalNumber(e);
  if (v !== undefined) return t.at(v);
  if (e.kind === 'String') return t.at(e.value);
  if (e.kind !== 'List') return t.at(e);
  t = t.at(LIST);
  for (const item of e.items) {
    const n = literalNumber(item);
    t = t.at(n !== undefined ? n : item.kind === 'String' ? item.value : item);
  }
  return t.at(LIST_END);
}

/** The last step that gave node `id` (searched from the end: an input is most often a recent step). */
function stepOf(steps: readonly Step[], id: number): number {
  for (let k = steps.length - 1; k >= 0; k--) if (steps[k].id === id) return k;
  throw new Error(`internal: node ${id} was given by no step of its feature`);
}

// Each kind of node as the compiler makes it, compiling or replaying (the field order is the
// plan's text, which verdicts stored between processes are keyed by).
const columnNode = (column: string): NodeSpec => ({ kind: 'column', column });
const constNode = (value: number): NodeSpec => ({ kind: 'const', value });
const negNode = (input: number): NodeSpec => ({ kind: 'neg', input });
const binaryNode = (op: Extract<PlanNode, { kind: 'binary' }>['op'], left: number, right: number): NodeSpec => ({ kind: 'binary', op, left, right });
const timeNode = (input: number): NodeSpec => ({ kind: 'time', input });
const rangeNode = (table: string, seconds: number, keyInput: number, timeInput: number | undefined): NodeSpec => ({ kind: 'range', table, seconds, keyInput, timeInput });
const windowNode = (agg: WindowAgg, range: number, table: string, column: string): NodeSpec => ({ kind: 'window', agg, range, table, column });
const transformNode = (kind: TransformName, input: number, fit: FitScope, params: unknown): NodeSpec => ({ kind, input, fit, params });

function refText(ref: Reference): string {
  return refName(ref) + (ref.at ? `@${ref.at.text}` : '');
}
