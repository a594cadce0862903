import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { format } from '../../../server/mlpipe/format/format.js';
import { cli, CLI, REPO } from './harness.js';

const MESSY = 'pipeline p\ndata t {\nsource="t.csv"\n    target = y\n}\nfeature  a=log1p( x )\n';
const BROKEN = 'pipeline q\nmodel m {\n  kind = mlp\n';

describe('mlpipe format', () => {
  it('leaves a file that is not UTF-8 text byte for byte as it was: decoded leniently, its Latin-1 bytes were written back as U+FFFD', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-format-'));
    try {
      const latin1 = join(dir, 'latin1.mlpipe');
      const bytes = Buffer.from(MESSY.replace('source="t.csv"', 'source="n\xf6rth.csv"'), 'latin1');
      writeFileSync(latin1, bytes);
      const r = cli(['format', latin1]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^mlpipe format: cannot read \S*latin1\.mlpipe: line 3: is not UTF-8 text \(byte 0xF6, byte 10 of the line\): save it as UTF-8 \(it may be Latin-1 or Windows-1252\)\n$/);
      assert.deepEqual(readFileSync(latin1), bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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

  it('a write that fails part way (here a file size limit) leaves the file as it was, and no temporary file', { skip: process.platform === 'win32' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-format-'));
    try {
      const file = join(dir, 'big.mlpipe');
      // Just under 4096 bytes; formatted (each block's '=' aligned again) it is over 4096, past the limit.
      const compact = readFileSync(join(REPO, 'examples/churn/churn.mlpipe'), 'utf8').replace(/^(\s*\w+) +=/gm, '$1 =');
      const messy = `#${'x'.repeat(4090 - Buffer.byteLength(compact) - 2)}\n${compact}`;
      assert.ok(Buffer.byteLength(format(messy)) > 4096 && Buffer.byteLength(messy) < 4096);
      writeFileSync(file, messy);
      // 'ulimit -f' counts 512-byte blocks in sh: the process may not write past 4096 bytes.
      const r = spawnSync('sh', ['-c', 'ulimit -f 8 && exec "$0" "$@"', process.execPath, CLI, 'format', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /mlpipe format: cannot write .*big\.mlpipe: EFBIG/);
      assert.equal(readFileSync(file, 'utf8'), messy, 'the file is not cut off');
      assert.deepEqual(readdirSync(dir), ['big.mlpipe']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rewrites the file a link names, keeping the link and the file\'s mode', { skip: process.platform === 'win32' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-format-'));
    try {
      const file = join(dir, 'real.mlpipe');
      const link = join(dir, 'link.mlpipe');
      writeFileSync(file, MESSY, { mode: 0o640 });
      chmodSync(file, 0o640);
      symlinkSync(file, link);
      const r = cli(['format', link]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(lstatSync(link).isSymbolicLink());
      assert.equal(readFileSync(file, 'utf8'), format(MESSY));
      assert.equal(statSync(file).mode & 0o777, 0o640);
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
