import { bareName } from '../binder.js';
import type { BoundArgs } from '../language/callArgs.js';
import type { Expr } from '../syntax/ast.js';
import { FIT_SCOPES, oneOf } from '../language/keywords.js';
import { literalNumber } from '../syntax/literals.js';
import { valueText } from '../data/keys.js';
import type { ArgSpec, Range } from './spec.js';

/** A literal argument the transform cannot take; `code` as the checker reports it. */
export interface ArgIssue {
  node: Expr;
  code: 'unknown-transform' | 'invalid-value';
  message: string;
}

function describeRange(r: Range, whole: boolean): string {
  const lo = r.min === undefined ? undefined : `${r.minExclusive ? 'above' : 'at least'} ${r.min}`;
  const hi = r.max === undefined ? undefined : `at most ${r.max}`;
  return [whole ? 'a whole number' : 'a number', [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

function inRange(v: number, r: Range): boolean {
  if (r.min !== undefined && (r.minExclusive ? !(v > r.min) : !(v >= r.min))) return false;
  if (r.max !== undefined && !(v <= r.max)) return false;
  return true;
}

/** An argument of the wrong kind. */
function wrong(v: Expr, message: string): ArgIssue {
  return { node: v, code: 'unknown-transform', message };
}
/** An argument of the right kind with a value the transform cannot take. */
function outOfRange(v: Expr, message: string): ArgIssue {
  return { node: v, code: 'invalid-value', message };
}
const POSITIVE: Range = { min: 1 };
const notLiteralNumber = (i: Expr): boolean => literalNumber(i) === undefined;
const notLiteral = (i: Expr): boolean => i.kind !== 'String' && literalNumber(i) === undefined;

/**
 * The problem with one literal argument, judged by its kind and range alone. No closures: this
 * runs for every argument of every call each time a call is judged or compiled.
 */
function literalIssue(fn: string, s: ArgSpec, v: Expr): ArgIssue | undefined {
  switch (s.kind) {
    case 'number': {
      const n = literalNumber(v);
      if (n === undefined) return wrong(v, `'${s.name}' of '${fn}' takes a literal number`);
      if (s.range && !inRange(n, s.range)) return outOfRange(v, `'${s.name}' of '${fn}' takes ${describeRange(s.range, false)}, not ${n}`);
      return undefined;
    }
    case 'integer': {
      const n = literalNumber(v);
      const r = s.range ?? POSITIVE;
      // Not a number at all is a wrong argument; a number that is not whole (`n = 2.5`) is out of
      // range like `n = 0`, with the same code and the same words, which say what to write.
      if (n === undefined) return wrong(v, `'${s.name}' of '${fn}' takes ${describeRange(r, true)}`);
      if (!Number.isInteger(n) || !inRange(n, r)) return outOfRange(v, `'${s.name}' of '${fn}' takes ${describeRange(r, true)}, not ${n}`);
      return undefined;
    }
    case 'literal':
      if (v.kind !== 'String' && literalNumber(v) === undefined) return wrong(v, `'${s.name}' of '${fn}' takes a literal number or string`);
      return undefined;
    case 'duration':
      if (v.kind !== 'Duration' || !(v.seconds > 0) || !Number.isFinite(v.seconds)) return wrong(v, `'${fn}' takes a positive duration such as '90d', '12h' or '2w'`);
      return undefined;
    case 'numberList': {
      // '[]' is a list of numbers already, out of range as edges that do not increase are (the
      // same code): saying it is no list would not tell what is wrong with it.
      if (v.kind === 'List' && v.items.length === 0) return outOfRange(v, "bucket edges need at least one number, e.g. '[0, 10, 100]'");
      if (v.kind !== 'List' || v.items.some(notLiteralNumber)) return wrong(v, "bucket edges are a list of numbers, e.g. '[0, 10, 100]'");
      let last = -Infinity;
      for (let i = 0; i < v.items.length; i++) {
        const x = literalNumber(v.items[i])!;
        if (i > 0 && !(x > last)) return outOfRange(v, 'bucket edges must increase strictly');
        last = x;
      }
      return undefined;
    }
    case 'list':
      if (v.kind !== 'List' || v.items.some(notLiteral)) return wrong(v, `'${s.name}' is a list of literal strings or numbers`);
      // An empty vocabulary encodes every value as no column at all: the feature would give the
      // model nothing, and with no other input the run is refused for a reason that names no list.
      if (v.items.length === 0) return outOfRange(v, `'${s.name}' of '${fn}' needs at least one category; drop it to learn the categories from the training split`);
      return repeatedItem(fn, s.name, v.items);
    case 'fit': {
      const id = bareName(v);
      if (!oneOf(FIT_SCOPES, id?.name))
        return { node: v, code: 'invalid-value', message: "'fit' takes 'train' (fit on the training split) or 'all'" };
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A category listed twice ('["a", "a"]', or '["1", 1]', one category as the engine keys cells):
 * the engine maps it to its last position, so the first one's indicator would be zero on every
 * row, a column the model learns nothing from.
 */
function repeatedItem(fn: string, name: string, items: readonly Expr[]): ArgIssue | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const key = item.kind === 'String' ? item.value : valueText(literalNumber(item)!);
    if (seen.has(key)) return outOfRange(item, `'${name}' of '${fn}' lists ${item.kind === 'String' ? JSON.stringify(item.value) : key} twice: list each category once`);
    seen.add(key);
  }
  return undefined;
}

/**
 * Every problem with a bound call's literal arguments, by the catalogue: each argument's kind
 * and range, then the transform's own constraints between arguments. The checker reports
 * these and the feature compiler refuses on the first, so neither accepts what the other
 * refuses. (Column arguments need the binding: the checker and the compiler judge those.)
 */
export function argIssues(bound: BoundArgs): readonly ArgIssue[] {
  // A call's bound arguments are kept in its syntax node, which never changes, and the checker
  // and the feature compiler (once for every plan reaching the call) each ask about the same
  // calls on every check: the issues are kept with them.
  return (bound.issues ??= argIssuesOf(bound));
}

/** Most calls have no issue: one list shared by them all, never written to. */
const NO_ISSUES: readonly ArgIssue[] = [];

function argIssuesOf(bound: BoundArgs): readonly ArgIssue[] {
  const { spec, values } = bound;
  let out: ArgIssue[] | undefined;
  for (const s of spec.args) {
    const v = values.get(s.name);
    if (!v) continue;
    const issue = literalIssue(spec.name, s, v);
    if (issue) (out ??= []).push(issue);
  }
  if (out) return out;
  if (spec.validate) {
    const p = spec.validate(values);
    if (p) return [{ node: values.get(p.arg)!, code: 'invalid-value', message: p.message }];
  }
  return NO_ISSUES;
}
