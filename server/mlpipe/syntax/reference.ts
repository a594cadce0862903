/**
 * Reading a `Reference`'s dotted parts (`name`, `table.col`) without knowing how the tree holds
 * them: a one-part name is the node alone (its `name`, its part starting at its `start`), a
 * longer one keeps an `Ident` per part. Every reader goes through these.
 */
import type { Ident, Reference, Span } from './ast.js';

/** How many dotted parts a reference has: 1 for `name` and `model@stage`, 2 for `table.col`. */
export function refPartCount(r: Reference): number {
  return r.parts === undefined ? 1 : r.parts.length;
}

/** The name of part `i` (0 is the first). */
export function refPart(r: Reference, i: number): string {
  return r.parts === undefined ? r.name : r.parts[i].name;
}

/** Where part `i` is written: the node itself for a one-part name with no `@`. */
export function refPartSpan(r: Reference, i: number): Span {
  if (r.parts !== undefined) return r.parts[i];
  return r.at === undefined ? r : { start: r.start, end: r.start + r.name.length };
}

/**
 * Part `i` as a name node, for readers that hand it on as one (a diagnostic's place and name).
 * A one-part name's is made on the first call and kept on the node (`Reference.ident`), so it
 * is the same node each time and moves with the tree.
 */
export function refPartIdent(r: Reference, i: number): Ident {
  if (r.parts !== undefined) return r.parts[i];
  return (r.ident ??= { kind: 'Ident', name: r.name, start: r.start, end: r.start + r.name.length });
}

/** Every part as a name node (a one-part name's made as `refPartIdent` makes it). */
export function refIdents(r: Reference): readonly Ident[] {
  return r.parts ?? [refPartIdent(r, 0)];
}

/** The parts' names. */
export function refNames(r: Reference): string[] {
  return r.parts === undefined ? [r.name] : r.parts.map((p) => p.name);
}

/** The parts joined by '.', without any `@` part: `table.col`. */
export function refName(r: Reference): string {
  return r.parts === undefined ? r.name : r.parts.map((p) => p.name).join('.');
}
