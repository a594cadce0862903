/**
 * A lockfile that is not a file: a misspelt name gets "Did you mean" with the quick fix, as a
 * missing `source` does, and a folder is called a folder ("does not exist" sent the user looking
 * for a file that was there). A path written unquoted or empty shows a lockfile as its example,
 * not 'data/file.csv'.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type CheckHost } from '../../../server/mlpipe/index.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

/** The fixture's files, and one folder 'deps' holding 'package-lock.json': other folders cannot be listed. */
function host(): CheckHost {
  const base = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
  return {
    ...base,
    fileExists: (p) => p === 'deps/package-lock.json' || base.fileExists!(p),
    files: (folder) => (folder === 'deps' || folder === 'deps/' ? ['package-lock.json'] : folder === '' ? base.files!('') : undefined),
  };
}

const envFindings = (lockfile: string) =>
  analyze(edit(basePipeline(), 'lockfile      = "package-lock.json"', `lockfile      = ${lockfile}`), host())
    .diagnostics.filter((d) => d.code === 'repro/unpinned-environment' || d.code === 'invalid-value')
    .map((d) => ({ code: d.code, message: d.message, fix: (d.data as { name?: string } | undefined)?.name }));

describe("a 'lockfile' that names no file", () => {
  it('is quiet when the lockfile exists', () => {
    assert.deepEqual(envFindings('"package-lock.json"'), []);
    assert.deepEqual(envFindings('"deps/package-lock.json"'), []);
  });

  it('suggests the close name of a misspelt lockfile, with the quick fix', () => {
    const [d] = envFindings('"package-lock.jsn"');
    assert.equal(d.code, 'repro/unpinned-environment');
    assert.equal(d.message, "lockfile 'package-lock.jsn' does not exist: point 'lockfile' at the project's lockfile (such as 'package-lock.json'), relative to this file. Did you mean 'package-lock.json'?");
    assert.equal(d.fix, 'package-lock.json');
  });

  it('says what to do when nothing is close', () => {
    const [d] = envFindings('"locks/none.txt"');
    assert.equal(d.message, "lockfile 'locks/none.txt' does not exist: point 'lockfile' at the project's lockfile (such as 'package-lock.json'), relative to this file");
  });

  it('calls a folder a folder', () => {
    const [d] = envFindings('"deps"');
    assert.equal(d.code, 'repro/unpinned-environment');
    assert.equal(d.message, `lockfile 'deps' is a folder: name the lockfile in it, e.g. 'lockfile = "deps/package-lock.json"'`);
  });

  it('shows a lockfile, not a CSV file, as the example of an unquoted or empty path', () => {
    assert.deepEqual(envFindings('package').map((d) => d.message), [`'lockfile' takes a quoted path, e.g. 'lockfile = "package-lock.json"'`]);
    assert.deepEqual(envFindings('""').map((d) => d.message), [`'lockfile' is empty: name a file, e.g. 'lockfile = "package-lock.json"'`]);
  });
});
