import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CheckOutput } from '../../../server/protocol/cli.js';
import { cli, workspace } from './harness.js';

/**
 * `mlpipe check -` and `mlpipe format -`: the text comes from stdin, as editors without the
 * language server (ALE, conform.nvim, a `:%!` filter) and scripts hand an unsaved buffer over.
 * `-` was read as a file named '-' ("cannot read -").
 */
describe('mlpipe check - and format - read the pipeline from stdin', () => {
  const ws = workspace();
  after(() => ws.dispose());
  const env = { MLPIPE_HOME: ws.home };
  const file = join(ws.dir, 'churn.mlpipe');
  const text = readFileSync(file, 'utf8');

  it('checks the piped text as the file --stdin-filename names: its sources beside it, its name in the report', () => {
    // An unsaved edit: the file on disk is clean, the buffer is not.
    const edited = text.replace('seed = 42', 'seed = -1');
    const onDisk = cli(['check', file, '--format', 'json'], { env });
    assert.equal(onDisk.code, 0, onDisk.stderr);
    const r = cli(['check', '-', '--stdin-filename', file, '--format', 'json'], { env, input: edited, cwd: '/' });
    assert.equal(r.code, 1, r.stderr);
    const found = CheckOutput.parse(JSON.parse(r.stdout));
    assert.deepEqual(
      found.map((d) => [d.file, d.code]),
      [[file, 'invalid-value']],
    );
    assert.equal(found[0]!.range.start.line, text.split('\n').findIndex((l) => l.includes('seed = 42')));
    // The sources were found beside the named file, from another folder: no repro/missing-source.
    const clean = cli(['check', '-', '--stdin-filename', file], { env, input: text, cwd: '/' });
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  });

  it('without --stdin-filename the text is <stdin>, its sources resolved from the current folder', () => {
    const r = cli(['check', '-'], { env, input: text, cwd: ws.dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const elsewhere = cli(['check', '-', '--format', 'json'], { env, input: text, cwd: '/' });
    assert.ok(
      CheckOutput.parse(JSON.parse(elsewhere.stdout)).some((d) => d.file === '<stdin>' && d.code === 'repro/missing-source'),
      elsewhere.stdout,
    );
  });

  it('refuses - beside other paths, --stdin-filename without -, --fix with -, and text that is not a pipeline file (exit 2)', () => {
    for (const [args, said] of [
      [['check', '-', file], /'-' \(stdin\) is the only path/],
      [['check', file, '--stdin-filename', file], /give '-' as the path/],
      [['check', '-', '--fix'], /--fix rewrites files/],
      [['format', '-', file], /'-' \(stdin\) is the only path/],
    ] as const) {
      const r = cli([...args], { env, input: text });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, said);
    }
    const utf16 = cli(['check', '-'], { env, input: Buffer.from(text, 'utf16le') });
    assert.equal(utf16.code, 2);
    assert.match(utf16.stderr, /^mlpipe check: cannot read stdin: line 1: holds NUL bytes .* UTF-16 \(little-endian\)/);
  });

  it('format - writes the whole formatted text to stdout, BOM kept; nothing on stdout and exit 1 for broken text', () => {
    const messy = `\uFEFF${text.replace('feature tenure        =', 'feature tenure =')}`;
    const r = cli(['format', '-'], { env, input: messy });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `\uFEFF${text}`);
    assert.equal(r.stderr, '');
    const check = cli(['format', '-', '--check', '--stdin-filename', 'churn.mlpipe'], { env, input: messy });
    assert.equal(check.code, 1);
    assert.equal(check.stdout, 'would reformat churn.mlpipe\n');
    assert.equal(cli(['format', '-', '--check'], { env, input: text }).code, 0);
    const broken = cli(['format', '-'], { env, input: 'pipeline p\nmodel m {\n' });
    assert.equal(broken.code, 1);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /^<stdin>: not formatted: 1 syntax error/);
  });
});
