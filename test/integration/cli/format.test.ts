import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { format } from '../../../server/mlpipe/format/format.js';
import { cli } from './harness.js';

const MESSY = 'pipeline p\ndata t {\nsource="t.csv"\n    target = y\n}\nfeature  a=log1p( x )\n';
const BROKEN = 'pipeline q\nmodel m {\n  kind = mlp\n';

describe('mlpipe format', () => {
  it('rewrites files in place with the editor\'s formatter, leaves formatted and broken ones alone, and --check only lists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-format-'));
    try {
      mkdirSync(join(dir, 'sub'));
      const messy = join(dir, 'sub', 'messy.mlpipe');
      const tidy = join(dir, 'tidy.mlpipe');
      const broken = join(dir, 'broken.mlpipe');
      const bom = join(dir, 'bom.mlpipe');
      const expected = format(MESSY);
      assert.notEqual(expected, MESSY);
      writeFileSync(messy, MESSY);
      writeFileSync(tidy, expected);
      writeFileSync(broken, BROKEN);
      writeFileSync(bom, '\ufeff' + MESSY.replace('\n', '\r\n'));

      // --check: exit 1, names each file it would change, changes nothing.
      const check = cli(['format', '--check', dir]);
      assert.equal(check.code, 1, check.stderr);
      assert.deepEqual(check.stdout.trim().split('\n').sort(), [`would reformat ${bom}`, `would reformat ${messy}`].sort());
      assert.match(check.stderr, /broken\.mlpipe: not formatted: \d+ syntax errors? \('mlpipe check .*broken\.mlpipe' shows/);
      assert.match(check.stderr, /2 of 4 files would be reformatted, 1 left alone with syntax errors/);
      assert.equal(readFileSync(messy, 'utf8'), MESSY);

      // Write: the files become what the editor's formatter makes; a BOM stays; the broken file is untouched.
      const write = cli(['format', dir]);
      assert.equal(write.code, 1, write.stderr); // the broken file still fails the command
      assert.equal(readFileSync(messy, 'utf8'), expected);
      assert.equal(readFileSync(tidy, 'utf8'), expected);
      assert.equal(readFileSync(bom, 'utf8'), '\ufeff' + format(MESSY.replace('\n', '\r\n')));
      assert.equal(readFileSync(broken, 'utf8'), BROKEN);

      // Once formatted, --check passes on the good files.
      rmSync(broken);
      const again = cli(['format', '--check', dir]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(again.stdout, '');
      assert.match(again.stderr, /0 of 3 files would be reformatted/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing file or an empty folder is a usage/IO error (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-format-'));
    try {
      const missing = cli(['format', join(dir, 'nope.mlpipe')]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /mlpipe format: cannot read .*nope\.mlpipe: no such file/);
      const empty = cli(['format', dir]);
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /mlpipe format: no \.mlpipe files under /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
