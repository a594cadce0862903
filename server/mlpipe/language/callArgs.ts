import type { Arg, CallArg, CallExpr, Expr } from '../syntax/ast.js';
import { catalogueEntry, indexOfName, indexOfPosition, type Signature, type TransformSpec } from '../transforms/index.js';
import type { ArgIssue } from '../transforms/validate.js';

export interface BoundArgs {
  spec: TransformSpec;
  /** The spec's signature as arrays of one shape for every transform (see `Signature`): for walks over every call. */
  signature: Signature;
  /** Arguments by the catalogue's argument name: a named one's `Arg`, a positional one's expression. */
  byName: ArgTable<CallArg>;
  /** Argument expressions by the catalogue's argument name. */
  values: ArgTable<Expr>;
  /** Problems matching arguments to the signature. */
  problems: Array<{ node: CallArg | CallExpr; message: string }>;
  /**
   * Cache slot for the literal arguments' issues (`argIssues` in `transforms/validate.ts`): kept
   * with the bound arguments, which live in the call's unchanging syntax node. A slot, not a
   * WeakMap: a check of a fresh tree added an entry per call, the most costly line of a check of
   * 5,000 lines of nested calls.
   */
  issues: readonly ArgIssue[] | undefined;
}

/** Read access by argument name over an array aligned with the signature (transforms take at most four). */
export class ArgTable<T> {
  constructor(
    readonly spec: TransformSpec,
    readonly signature: Signature,
    protected readonly slots: Array<T | undefined>,
  ) {}
  get(name: string): T | undefined {
    const names = this.signature.names;
    for (let k = 0; k < names.length; k++) if (names[k] === name) return this.slots[k];
    return undefined;
  }
  /** The value of the signature's `k`th argument (`spec.args[k]`): no search by name, for a walk over the signature. */
  at(k: number): T | undefined {
    return this.slots[k];
  }
  has(name: string): boolean {
    const names = this.signature.names;
    for (let k = 0; k < names.length; k++) if (names[k] === name) return this.slots[k] !== undefined;
    return false;
  }
}

/**
 * Matches a call's arguments to its transform's signature: positional by index, then named.
 * The one implementation used by the checker, the feature engine and the editor features.
 */
export function bindArgs(call: CallExpr): BoundArgs | undefined {
  // Syntax trees are immutable, and the checker, binder and engine each ask about the same
  // calls: the answer is kept in the node's cache slot (null: not a transform).
  if (call.bound === undefined) call.bound = bindArgsUncached(call) ?? null;
  return (call.bound as BoundArgs | null) ?? undefined;
}

const NO_PROBLEMS: BoundArgs['problems'] = [];

/** Plain loops and no closures: this runs once for every call of every feature on each check. */
function bindArgsUncached(call: CallExpr): BoundArgs | undefined {
  const entry = catalogueEntry(call.callee.name);
  if (entry === undefined) return undefined;
  const spec = entry.spec;
  const sig = entry.signature;
  // The values, not the arguments: every rule reads values, and a value read through the argument
  // (`argValue`) was a read of its kind that sees every expression's shape.
  const slots: Array<Expr | undefined> = [undefined, undefined, undefined, undefined];
  let problems = NO_PROBLEMS;
  let position = 0;
  let sawNamed = false;
  const args = call.args;
  // Named or positional by index when the parser could say (see `CallExpr.positional`): no read
  // of the argument's kind, which sees every expression's shape.
  const lead = call.positional;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let k: number;
    let value: Expr;
    if (lead < 0 ? arg.kind === 'Arg' : i >= lead) {
      const name = (arg as Arg).name.name;
      value = (arg as Arg).value;
      sawNamed = true;
      k = indexOfName(sig, name);
      if (k < 0) {
        problems = withProblem(problems, arg, `'${spec.name}' takes no argument '${name}': ${spec.signature}`);
        continue;
      }
    } else {
      value = arg as Expr;
      if (sawNamed) {
        problems = withProblem(problems, arg, 'positional arguments come before named ones');
        continue;
      }
      k = indexOfPosition(sig, position++);
      if (k < 0) {
        problems = withProblem(problems, arg, `too many arguments: ${spec.signature}`);
        continue;
      }
    }
    if (slots[k] !== undefined) {
      problems = withProblem(problems, arg, `'${sig.names[k]}' is given twice`);
      continue;
    }
    slots[k] = value;
  }
  const names = sig.names;
  for (let k = 0; k < names.length; k++)
    if (sig.required[k] && slots[k] === undefined) problems = withProblem(problems, call, `'${spec.name}' needs '${names[k]}': ${spec.signature}`);
  if (sig.oneOf && spec.oneOf) {
    let present = 0;
    for (const set of sig.oneOf) if (set.every((i) => slots[i] !== undefined)) present++;
    if (present !== 1)
      problems = withProblem(
        problems,
        call,
        `'${spec.name}' takes ${spec.oneOf.map((set) => set.map((n) => "'" + n + "'").join(' + ')).join(' or ')}, exactly one: ${spec.signature}`,
      );
  }
  // After 'exactly one of', so a call that lacks both says that first.
  for (let k = 0; k < names.length; k++) {
    const partner = sig.partners[k];
    if (partner >= 0 && slots[k] !== undefined && slots[partner] === undefined) {
      const other = spec.args[k].with!;
      problems = withProblem(problems, argOf(call, slots[k]!), `'${names[k]}' of '${spec.name}' is taken only with '${other}': drop it, or give '${other}' (${spec.signature})`);
    }
  }
  return new Bound(spec, sig, slots, problems, call);
}

/**
 * A call's bound arguments: itself the table of values (every rule asks for values), with the
 * table of whole arguments made on first use (only the fitted transforms' rules ask): one object
 * per call of every feature on each check, not three.
 */
class Bound extends ArgTable<Expr> implements BoundArgs {
  private args: ArgTable<CallArg> | undefined = undefined;
  issues: readonly ArgIssue[] | undefined = undefined;
  constructor(
    spec: TransformSpec,
    signature: Signature,
    slots: Array<Expr | undefined>,
    readonly problems: BoundArgs['problems'],
    private readonly call: CallExpr,
  ) {
    super(spec, signature, slots);
  }
  get values(): ArgTable<Expr> {
    return this;
  }
  get byName(): ArgTable<CallArg> {
    if (this.args === undefined) {
      const call = this.call;
      this.args = new ArgTable(
        this.spec,
        this.signature,
        this.slots.map((v) => (v === undefined ? undefined : argOf(call, v))),
      );
    }
    return this.args;
  }
}

/** The argument that gave a bound value: the named argument around it, or the value itself. */
function argOf(call: CallExpr, value: Expr): CallArg {
  for (const a of call.args) if (a.kind === 'Arg' && a.value === value) return a;
  return value;
}

function withProblem(problems: BoundArgs['problems'], node: CallArg | CallExpr, message: string): BoundArgs['problems'] {
  const list = problems === NO_PROBLEMS ? [] : problems;
  list.push({ node, message });
  return list;
}
