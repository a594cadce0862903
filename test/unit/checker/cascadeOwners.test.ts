/**
 * The cascade filter (an error on a statement hides later phases' diagnostics and advice on it)
 * finds each diagnostic's statement by number: a map keyed by a fresh tree's statements gave
 * every statement with a diagnostic an identity hash and two look-ups, on every check of a file
 * with thousands of diagnostics.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from '../../../server/mlpipe/checker/check.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';

test("the cascade filter keys no map by the file's statements, and still hides advice on a statement with an error", () => {
  let text = 'pipeline p\n';
  for (let k = 0; k < 20; k++) text += `feature f${k} = log1p(nosuch${k})\n`;
  text += 'feature g = 1\n';
  const file = parse(text);
  const statements = new Set<unknown>(file.statements);
  const { get, set } = Map.prototype;
  let keyed = 0;
  Map.prototype.get = function (this: Map<unknown, unknown>, k: unknown) {
    if (statements.has(k)) keyed++;
    return get.call(this, k);
  };
  Map.prototype.set = function (this: Map<unknown, unknown>, k: unknown, v: unknown) {
    if (statements.has(k)) keyed++;
    return set.call(this, k, v);
  };
  let codes: string[];
  try {
    codes = check(file).diagnostics.map((d) => d.code);
  } finally {
    Map.prototype.get = get;
    Map.prototype.set = set;
  }
  // Each 'f' has an unknown name: its unused-feature advice is dropped; 'g' has none, so it keeps its own.
  assert.equal(codes.filter((c) => c === 'unknown-reference').length, 20);
  assert.equal(codes.filter((c) => c === 'lifecycle/unused-feature').length, 1);
  assert.equal(keyed, 0);
});
