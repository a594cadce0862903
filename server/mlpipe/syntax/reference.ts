/**
 * Reading a `Reference`'s dotted parts (`name`, `table.col`) without knowing how the tree holds
 * them: every reader goes through these, so the node's shape can change without them.
 */
import type { Ident, Reference, Span } from './ast.js';

/** How many dotted parts a reference has: 1 for `name` and `model@stage`, 2 for `table.col`. */
export function refPartCount(r: Reference): number {
  return r.parts.length;
}

/** The name of part `i` (0 is the first). */
export function refPart(r: Reference, i: number): string {
  return r.parts[i].name;
}

/** Where part `i` is written. */
export function refPartSpan(r: Reference, i: number): Span {
  return r.parts[i];
}

/** Part `i` as a name node, for readers that hand it on as one (a diagnostic's place and name). */
export function refPartIdent(r: Reference, i: number): Ident {
  return r.parts[i];
}

/** Every part as a name node. */
export function refIdents(r: Reference): readonly Ident[] {
  return r.parts;
}

/** The parts' names. */
export function refNames(r: Reference): string[] {
  return r.parts.map((p) => p.name);
}

/** The parts joined by '.', without any `@` part: `table.col`. */
export function refName(r: Reference): string {
  return r.parts.map((p) => p.name).join('.');
}
