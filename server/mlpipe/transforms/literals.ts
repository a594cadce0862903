import type { Expr } from '../syntax/ast.js';
import { literalNumber } from '../syntax/literals.js';

/**
 * Reading a call's literal arguments into a plan node's parameters. The catalogue's argument
 * kinds and ranges were checked before (`validate.ts`); these turn what passed into values and
 * fail with the engine's message on what no check could see.
 */

type Fail = (message: string) => never;

/** An optional literal number. */
export function optNumber(e: Expr | undefined, what: string, fail: Fail): number | undefined {
  if (!e) return undefined;
  const v = literalNumber(e);
  if (v === undefined) fail(`'${what}' must be a number`);
  return v;
}

/** A literal number or string. */
export function numberOrString(e: Expr | undefined): number | string | undefined {
  if (e?.kind === 'String') return e.value;
  return literalNumber(e);
}

/** A list of literal numbers. */
export function numberList(e: Expr | undefined): number[] | undefined {
  if (e?.kind !== 'List') return undefined;
  const out: number[] = [];
  for (const item of e.items) {
    const v = literalNumber(item);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** A list of literal numbers and strings. */
export function literalList(e: Expr | undefined): Array<string | number> | undefined {
  if (e?.kind !== 'List') return undefined;
  const out: Array<string | number> = [];
  for (const item of e.items) {
    const v = numberOrString(item);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** `, name=v` for a literal given, nothing otherwise (node keys). */
export function keyPart(name: string, v: number | undefined): string {
  return v === undefined ? '' : `, ${name}=${v}`;
}

/**
 * NaN read from a float64 slot. Optimized code that returns the global `NaN` on a branch no row
 * has taken yet (every value finite) loads it as an untyped value, so the other branch's float is
 * boxed: a 16-byte heap number per call on every served row. An element of a Float64Array is a
 * float on both branches.
 */
const MISSING = new Float64Array([NaN]);

/** Not a finite number (NaN, an infinity, overflow) is missing: no model ever sees an infinity. */
export function finite(v: number): number {
  return v - v === 0 ? v : MISSING[0];
}

/** The usual output rule: numbers in, a number out. */
export function numbersOnly(name: string) {
  return (input: 'number' | 'text', inputName: string): 'number' | { mismatch: string } =>
    input === 'number' ? 'number' : { mismatch: `${name} needs numbers, and ${inputName} is text` };
}
