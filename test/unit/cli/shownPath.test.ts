// How the CLI prints a file: relative inside the current folder, absolute outside it.
import assert from 'node:assert/strict';
import { join, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { shownPath } from '../../../server/cli/output.js';

const cwd = resolve('/work/project');

test('a file inside the current folder is relative to it, however it was named', () => {
  assert.equal(shownPath('churn.mlpipe', cwd), 'churn.mlpipe');
  assert.equal(shownPath(join(cwd, 'examples', 'churn.mlpipe'), cwd), join('examples', 'churn.mlpipe'));
  assert.equal(shownPath(`.${sep}a${sep}..${sep}b.mlpipe`, cwd), 'b.mlpipe');
  assert.equal(shownPath('..foo.mlpipe', cwd), '..foo.mlpipe', "a name starting with '..' is still inside");
  assert.equal(shownPath(cwd, cwd), '.');
});

test('a file outside the current folder is absolute, not a climb of ../ that depends on where the command ran', () => {
  assert.equal(shownPath(resolve('/dev/null'), cwd), resolve('/dev/null'));
  assert.equal(shownPath(join('..', 'other', 'p.mlpipe'), cwd), resolve('/work/other/p.mlpipe'));
  assert.equal(shownPath('..', cwd), resolve('/work'));
});
