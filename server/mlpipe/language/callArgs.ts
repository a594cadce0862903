import type { Arg, CallExpr, Expr } from '../syntax/ast.js';
import { TRANSFORMS, type ArgSpec, type TransformSpec } from './transforms.js';

export interface BoundArgs {
  spec: TransformSpec;
  /** Arguments by the catalogue's argument name. */
  byName: Map<string, Arg>;
  /** Argument expressions by the catalogue's argument name. */
  values: Map<string, Expr>;
  /** Problems matching arguments to the signature. */
  problems: Array<{ node: Arg | CallExpr; message: string }>;
}

/**
 * Matches a call's arguments to its transform's signature: positional by index, then named.
 * The one implementation used by the checker, the feature engine and the editor features.
 */
export function bindArgs(call: CallExpr): BoundArgs | undefined {
  const spec = Object.prototype.hasOwnProperty.call(TRANSFORMS, call.callee.name) ? TRANSFORMS[call.callee.name] : undefined;
  if (!spec) return undefined;
  const byName = new Map<string, Arg>();
  const problems: BoundArgs['problems'] = [];
  const positional = spec.args.filter((a) => a.position !== undefined).sort((a, b) => a.position! - b.position!);
  let index = 0;
  let sawNamed = false;
  for (const arg of call.args) {
    if (arg.name) {
      sawNamed = true;
      const s = spec.args.find((a) => a.name === arg.name!.name);
      if (!s) {
        problems.push({ node: arg, message: `\`${spec.name}\` takes no argument \`${arg.name.name}\`: ${spec.signature}` });
        continue;
      }
      if (byName.has(s.name)) {
        problems.push({ node: arg, message: `\`${s.name}\` is given twice` });
        continue;
      }
      byName.set(s.name, arg);
      continue;
    }
    if (sawNamed) {
      problems.push({ node: arg, message: 'positional arguments come before named ones' });
      continue;
    }
    const s: ArgSpec | undefined = positional[index++];
    if (!s) {
      problems.push({ node: arg, message: `too many arguments: ${spec.signature}` });
      continue;
    }
    byName.set(s.name, arg);
  }
  for (const s of spec.args)
    if (s.required && !byName.has(s.name)) problems.push({ node: call, message: `\`${spec.name}\` needs \`${s.name}\`: ${spec.signature}` });
  if (spec.oneOf) {
    const present = spec.oneOf.filter((set) => set.every((n) => byName.has(n)));
    if (present.length !== 1)
      problems.push({
        node: call,
        message: `\`${spec.name}\` takes ${spec.oneOf.map((s) => s.map((n) => '`' + n + '`').join(' + ')).join(' or ')}, exactly one: ${spec.signature}`,
      });
  }
  const values = new Map([...byName].map(([k, a]) => [k, a.value] as const));
  return { spec, byName, values, problems };
}
