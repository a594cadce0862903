/**
 * Reading a `Reference`'s dotted parts (`name`, `table.col`) without knowing how the tree holds
 * them: a one-part name is the node alone (its `name`, its part starting at its `start`); a
 * two-part name written without spaces holds its second part's name until its Idents are asked
 * for; any other keeps an `Ident` per part. Every reader goes through these.
 */
import type { Ident, Reference, Span } from './ast.js';

/** How many dotted parts a reference has: 1 for `name` and `model@stage`, 2 for `table.col`. */
export function refPartCount(r: Reference): number {
  const parts = r.parts;
  return parts === undefined ? 1 : typeof parts === 'string' ? 2 : parts.length;
}

/** The name of part `i` (0 is the first). */
export function refPart(r: Reference, i: number): string {
  const parts = r.parts;
  if (parts === undefined || (typeof parts === 'string' && i === 0)) return r.name;
  return typeof parts === 'string' ? parts : parts[i].name;
}

/** Where part `i` is written: the node itself for a one-part name with no `@`. */
export function refPartSpan(r: Reference, i: number): Span {
  const parts = r.parts;
  if (typeof parts === 'string') {
    // `table.col` without spaces: spans from the start and the names, no Idents made for them.
    if (i === 0) return { start: r.start, end: r.start + r.name.length };
    const second = r.start + r.name.length + 1;
    return { start: second, end: second + parts.length };
  }
  if (parts !== undefined) return parts[i];
  return r.at === undefined ? r : { start: r.start, end: r.start + r.name.length };
}

/**
 * Part `i` as a name node, for readers that hand it on as one (a diagnostic's place and name).
 * Made on the first call and kept on the node (a one-part name's in `Reference.ident`, a
 * two-part name's in `parts`), so it is the same node each time and moves with the tree.
 */
export function refPartIdent(r: Reference, i: number): Ident {
  if (r.parts !== undefined) return refIdents(r)[i];
  return (r.ident ??= { kind: 'Ident', name: r.name, start: r.start, end: r.start + r.name.length });
}

/** Every part as a name node (made as `refPartIdent` makes them). */
export function refIdents(r: Reference): readonly Ident[] {
  const parts = r.parts;
  if (parts === undefined) return [refPartIdent(r, 0)];
  if (typeof parts !== 'string') return parts;
  const first = refPartSpan(r, 0);
  const second = refPartSpan(r, 1);
  return (r.parts = [
    { kind: 'Ident', name: r.name, start: first.start, end: first.end },
    { kind: 'Ident', name: parts, start: second.start, end: second.end },
  ]);
}

/** The parts' names. */
export function refNames(r: Reference): string[] {
  const parts = r.parts;
  return parts === undefined ? [r.name] : typeof parts === 'string' ? [r.name, parts] : parts.map((p) => p.name);
}

/** The parts joined by '.', without any `@` part: `table.col`. */
export function refName(r: Reference): string {
  const parts = r.parts;
  return parts === undefined ? r.name : typeof parts === 'string' ? `${r.name}.${parts}` : parts.map((p) => p.name).join('.');
}
