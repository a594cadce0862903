import { argValue } from '../syntax/args.js';
import type { CallArg, CallExpr, Expr } from '../syntax/ast.js';
import { transformNamed, type TransformSpec } from '../transforms/index.js';
import type { ArgIssue } from '../transforms/validate.js';

export interface BoundArgs {
  spec: TransformSpec;
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
    protected readonly slots: Array<CallArg | undefined>,
    private readonly pick: (a: CallArg) => T,
  ) {}
  get(name: string): T | undefined {
    const args = this.spec.args;
    for (let k = 0; k < args.length; k++) if (args[k].name === name) return this.slots[k] === undefined ? undefined : this.pick(this.slots[k]!);
    return undefined;
  }
  /** The value of the signature's `k`th argument (`spec.args[k]`): no search by name, for a walk over the signature. */
  at(k: number): T | undefined {
    const slot = this.slots[k];
    return slot === undefined ? undefined : this.pick(slot);
  }
  has(name: string): boolean {
    const args = this.spec.args;
    for (let k = 0; k < args.length; k++) if (args[k].name === name) return this.slots[k] !== undefined;
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
const asArg = (a: CallArg): CallArg => a;

function indexOfName(spec: TransformSpec, name: string): number {
  const args = spec.args;
  for (let k = 0; k < args.length; k++) if (args[k].name === name) return k;
  return -1;
}

function indexOfPosition(spec: TransformSpec, position: number): number {
  const args = spec.args;
  for (let k = 0; k < args.length; k++) if (args[k].position === position) return k;
  return -1;
}

/** Plain loops and no closures: this runs once for every call of every feature on each check. */
function bindArgsUncached(call: CallExpr): BoundArgs | undefined {
  const spec = transformNamed(call.callee.name);
  if (!spec) return undefined;
  const slots: Array<CallArg | undefined> = [undefined, undefined, undefined, undefined];
  let problems = NO_PROBLEMS;
  let position = 0;
  let sawNamed = false;
  for (const arg of call.args) {
    let k: number;
    if (arg.kind === 'Arg') {
      sawNamed = true;
      k = indexOfName(spec, arg.name.name);
      if (k < 0) {
        problems = withProblem(problems, arg, `'${spec.name}' takes no argument '${arg.name.name}': ${spec.signature}`);
        continue;
      }
    } else {
      if (sawNamed) {
        problems = withProblem(problems, arg, 'positional arguments come before named ones');
        continue;
      }
      k = indexOfPosition(spec, position++);
      if (k < 0) {
        problems = withProblem(problems, arg, `too many arguments: ${spec.signature}`);
        continue;
      }
    }
    if (slots[k] !== undefined) {
      problems = withProblem(problems, arg, `'${spec.args[k].name}' is given twice`);
      continue;
    }
    slots[k] = arg;
  }
  for (let k = 0; k < spec.args.length; k++)
    if (spec.args[k].required && slots[k] === undefined)
      problems = withProblem(problems, call, `'${spec.name}' needs '${spec.args[k].name}': ${spec.signature}`);
  if (spec.oneOf) {
    let present = 0;
    for (const set of spec.oneOf) if (set.every((n) => slots[indexOfName(spec, n)] !== undefined)) present++;
    if (present !== 1)
      problems = withProblem(
        problems,
        call,
        `'${spec.name}' takes ${spec.oneOf.map((set) => set.map((n) => "'" + n + "'").join(' + ')).join(' or ')}, exactly one: ${spec.signature}`,
      );
  }
  // After 'exactly one of', so a call that lacks both says that first.
  for (let k = 0; k < spec.args.length; k++) {
    const partner = spec.args[k].with;
    if (partner !== undefined && slots[k] !== undefined && slots[indexOfName(spec, partner)] === undefined)
      problems = withProblem(problems, slots[k]!, `'${spec.args[k].name}' of '${spec.name}' is taken only with '${partner}': drop it, or give '${partner}' (${spec.signature})`);
  }
  return new Bound(spec, slots, problems);
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
    slots: Array<CallArg | undefined>,
    readonly problems: BoundArgs['problems'],
  ) {
    super(spec, slots, argValue);
  }
  get values(): ArgTable<Expr> {
    return this;
  }
  get byName(): ArgTable<CallArg> {
    return (this.args ??= new ArgTable(this.spec, this.slots, asArg));
  }
}

function withProblem(problems: BoundArgs['problems'], node: CallArg | CallExpr, message: string): BoundArgs['problems'] {
  const list = problems === NO_PROBLEMS ? [] : problems;
  list.push({ node, message });
  return list;
}
