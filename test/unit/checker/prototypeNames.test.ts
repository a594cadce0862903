import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';

// Names an object inherits: the block catalogue is looked up by the names a file writes.
const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('blocks named like an object property', () => {
  for (const name of NAMES) {
    it(`'${name}' as a block, a nested block and an attribute is an unknown block or attribute, not a crash`, () => {
      const top = analyze(`pipeline p\n${name} {\n  x = 1\n}\n`).diagnostics;
      assert.ok(top.some((d) => d.code === 'unknown-block' && d.message.startsWith(`unknown block '${name}'`)), JSON.stringify(top));
      const nested = analyze(`pipeline p\nmodel m {\n  kind = mlp\n  inputs = [a]\n  ${name} = 2\n}\nserve {\n  model = m\n  ${name} { a = 1 }\n}\n`).diagnostics;
      assert.ok(nested.some((d) => d.code === 'unknown-block' && d.message.includes(`'${name}'`)), JSON.stringify(nested));
      assert.ok(nested.some((d) => d.code === 'unknown-attribute' && d.message.includes(`no attribute '${name}'`)), JSON.stringify(nested));
    });
  }
});
