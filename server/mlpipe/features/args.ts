import type { CallExpr, Expr } from '../syntax/ast.js';
import { TRANSFORMS, type TransformSpec } from '../language/transforms.js';

export interface BoundArgs {
  spec: TransformSpec;
  /** Argument expressions by the catalogue's argument name. */
  values: Map<string, Expr>;
  /** What is wrong with the call; empty when it matches the catalogue. */
  problems: string[];
}

/**
 * Matches a call's positional and named arguments to the transform catalogue. Returns
 * undefined for a function that is not a transform.
 */
export function bindArgs(call: CallExpr): BoundArgs | undefined {
  const spec = Object.prototype.hasOwnProperty.call(TRANSFORMS, call.callee.name)
    ? TRANSFORMS[call.callee.name]
    : undefined;
  if (!spec) return undefined;
  const values = new Map<string, Expr>();
  const problems: string[] = [];
  let position = 0;
  for (const arg of call.args) {
    if (arg.name) {
      const name = arg.name.name;
      if (!spec.args.some((a) => a.name === name)) {
        problems.push(`${spec.name} has no argument \`${name}\``);
        continue;
      }
      if (values.has(name)) {
        problems.push(`argument \`${name}\` of ${spec.name} is given twice`);
        continue;
      }
      values.set(name, arg.value);
      continue;
    }
    const slot = spec.args.find((a) => a.position === position);
    position++;
    if (!slot) {
      problems.push(`${spec.name} takes at most ${position - 1} positional arguments`);
      continue;
    }
    if (values.has(slot.name)) {
      problems.push(`argument \`${slot.name}\` of ${spec.name} is given twice`);
      continue;
    }
    values.set(slot.name, arg.value);
  }
  for (const a of spec.args) {
    if (a.required && !values.has(a.name)) problems.push(`${spec.name} needs \`${a.name}\``);
  }
  if (spec.oneOf) {
    const present = spec.oneOf.filter((set) => set.every((n) => values.has(n)));
    if (present.length !== 1) {
      const options = spec.oneOf.map((s) => s.map((n) => `\`${n}\``).join(' and ')).join(' or ');
      problems.push(`${spec.name} needs exactly one of ${options}`);
    }
  }
  if (!call.closed) problems.push(`${spec.name}( is not closed`);
  return { spec, values, problems };
}
