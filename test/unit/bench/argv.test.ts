// The benches' one command-line reader (bench/argv.ts): a mistyped number stops the run by name
// instead of a bench measuring NaN rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flag, numberOption, option } from '../../../bench/argv.js';

function withArgv<T>(args: string[], f: () => T): T {
  const saved = process.argv;
  process.argv = ['node', 'bench.ts', ...args];
  try {
    return f();
  } finally {
    process.argv = saved;
  }
}

test('options by name, with or without the dashes, and their fallbacks', () => {
  withArgv(['A.cjs', '--shape', 'mixed,nested', '--node-flags', '--max-semi-space-size=64', '--quick'], () => {
    assert.equal(option('shape'), 'mixed,nested');
    assert.equal(option('--shape'), 'mixed,nested');
    assert.equal(option('node-flags'), '--max-semi-space-size=64');
    assert.equal(option('server'), undefined);
    assert.equal(option('server', 'dist/server.js'), 'dist/server.js');
    assert.equal(flag('quick'), true);
    assert.equal(flag('cold'), false);
  });
});

test('numbers are checked: a word, an empty value or a missing value names the option', () => {
  withArgv(['--lines', '5000', '--runs', '1e3', '--rate', 'fast', '--edits', ' ', '--seconds'], () => {
    assert.equal(numberOption('lines', 1), 5000);
    assert.equal(numberOption('runs', 1), 1000);
    assert.equal(numberOption('connections', 32), 32);
    assert.throws(() => numberOption('rate', 0), /--rate takes a number, not 'fast'/);
    assert.throws(() => numberOption('edits', 0), /--edits takes a number/);
    assert.throws(() => numberOption('seconds', 10), /--seconds needs a value/);
  });
});
