import type { Arg, CallExpr, Expr } from '../syntax/ast.js';
import { TRANSFORMS, type TransformSpec } from './transforms.js';

export interface BoundArgs {
  spec: TransformSpec;
  /** Arguments by the catalogue's argument name. */
  byName: ArgTable<Arg>;
  /** Argument expressions by the catalogue's argument name. */
  values: ArgTable<Expr>;
  /** Problems matching arguments to the signature. */
  problems: Array<{ node: Arg | CallExpr; message: string }>;
}

/** Read access by argument name over an array aligned with the signature (transforms take at most four). */
export class ArgTable<T> {
  constructor(
    private readonly spec: TransformSpec,
    private readonly slots: Array<Arg | undefined>,
    private readonly pick: (a: Arg) => T,
  ) {}
  get(name: string): T | undefined {
    const args = this.spec.args;
    for (let k = 0; k < args.length; k++) if (args[k].name === name) return this.slots[k] === undefined ? undefined : this.pick(this.slots[k]!);
    return undefined;
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
const asArg = (a: Arg): Arg => a;
const asValue = (a: Arg): Expr => a.value;

function bindArgsUncached(call: CallExpr): BoundArgs | undefined {
  const spec = Object.prototype.hasOwnProperty.call(TRANSFORMS, call.callee.name) ? TRANSFORMS[call.callee.name] : undefined;
  if (!spec) return undefined;
  const slots: Array<Arg | undefined> = new Array(spec.args.length).fill(undefined);
  let problems = NO_PROBLEMS;
  const problem = (node: Arg | CallExpr, message: string) => {
    if (problems === NO_PROBLEMS) problems = [];
    problems.push({ node, message });
  };
  let position = 0;
  let sawNamed = false;
  for (const arg of call.args) {
    let k: number;
    if (arg.name) {
      sawNamed = true;
      k = spec.args.findIndex((a) => a.name === arg.name!.name);
      if (k < 0) {
        problem(arg, `\`${spec.name}\` takes no argument \`${arg.name.name}\`: ${spec.signature}`);
        continue;
      }
    } else {
      if (sawNamed) {
        problem(arg, 'positional arguments come before named ones');
        continue;
      }
      const at = position++;
      k = spec.args.findIndex((a) => a.position === at);
      if (k < 0) {
        problem(arg, `too many arguments: ${spec.signature}`);
        continue;
      }
    }
    if (slots[k] !== undefined) {
      problem(arg, `\`${spec.args[k].name}\` is given twice`);
      continue;
    }
    slots[k] = arg;
  }
  spec.args.forEach((s, k) => {
    if (s.required && slots[k] === undefined) problem(call, `\`${spec.name}\` needs \`${s.name}\`: ${spec.signature}`);
  });
  if (spec.oneOf) {
    const has = (n: string) => slots[spec.args.findIndex((a) => a.name === n)] !== undefined;
    const present = spec.oneOf.filter((set) => set.every(has));
    if (present.length !== 1)
      problem(call, `\`${spec.name}\` takes ${spec.oneOf.map((set) => set.map((n) => '`' + n + '`').join(' + ')).join(' or ')}, exactly one: ${spec.signature}`);
  }
  return { spec, byName: new ArgTable(spec, slots, asArg), values: new ArgTable(spec, slots, asValue), problems };
}
