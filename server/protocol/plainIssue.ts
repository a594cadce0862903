/**
 * zod's English defaults ("Invalid input: expected array, received undefined", "Too small:
 * expected string to have >=1 characters") in a client's words, for every body the server
 * refuses. A message a schema wrote itself is kept: only zod's own defaults are reworded.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** What a JSON value is, in a client's words. */
export const jsonKind = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'text' : typeof v === 'boolean' ? String(v) : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** zod's `expected` types as a client names them. */
const EXPECTED: Record<string, string> = { array: 'a list', object: 'an object', string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', null: 'null' };

const ZOD_DEFAULT = /^(Invalid input|Too small|Too big)(:|$)/;

/** A count of `what` in words: '1 item', '10000 items', '1 character'. */
const count = (n: number | bigint, what: string) => `${n} ${what}${Number(n) === 1 ? '' : 's'}`;

/**
 * The issue's problem in plain words. Its value is known only where the schema was parsed with
 * `{ reportInput: true }`; without it a wrong type reads as a missing one.
 */
export function plainIssue(i: Issue): string {
  if (!ZOD_DEFAULT.test(i.message)) return i.message;
  if (i.code === 'invalid_type') return i.input === undefined ? 'missing' : `must be ${EXPECTED[i.expected] ?? i.expected}, not ${jsonKind(i.input)}`;
  if (i.code !== 'too_small' && i.code !== 'too_big') return i.message;
  const what = i.origin === 'array' ? 'item' : i.origin === 'string' ? 'character' : undefined;
  if (!what) return i.message;
  if (i.code === 'too_small') return Number(i.minimum) === 1 ? `is empty: give at least one ${what}` : `must hold at least ${count(i.minimum, what)}`;
  return `must hold at most ${count(i.maximum, what)}`;
}
