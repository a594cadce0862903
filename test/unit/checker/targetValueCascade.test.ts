/**
 * A 'target' written as a string or a dotted name ('target = "churned"', 'target = customers.churned')
 * is one error, at its value: the file-level "no 'data' block has a 'target'" also fired, a second
 * error for the same cause (the spec: errors do not cascade). A file with no 'target' at all still
 * gets the file-level error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const errors = (text: string) => checkText(text).filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);

describe('a target of the wrong form', () => {
  for (const written of ['"churned"', 'customers.churned', '1'])
    it(`'target = ${written}' is one error, at the value`, { timeout: 30_000 }, () => {
      const got = errors(edit(basePipeline(), 'target  = churned', `target  = ${written}`));
      assert.equal(got.length, 1, JSON.stringify(got));
      assert.match(got[0], /^invalid-value: 'target' takes a bare name/);
    });

  it("a file with no 'target' still says so", { timeout: 30_000 }, () => {
    const got = errors(edit(basePipeline(), '  target  = churned\n', ''));
    assert.ok(got.some((m) => m.includes("no 'data' block has a 'target'")), JSON.stringify(got));
  });
});
