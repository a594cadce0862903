/**
 * `mlpipe score --input -` reads the rows from stdin (as `check -` reads a pipeline), and with
 * `--output -` the scores go to stdout: the same bytes as scoring the file. It was refused as
 * "no such file" ('-'), and `/dev/stdin` as a named pipe. Empty stdin is refused as an empty file is.
 * Ctrl-C while stdin's spool exists removes it and exits 130: the signal's default action left
 * an `mlpipe-score-stdin-*` folder in the temporary folder. Parquet bytes on stdin are told by their
 * magic (stdin has no name) and score as the same rows in a `.parquet` file do.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CLI, mlpipe, trainedChurn, type Project } from '../serve/project.js';

function scoreStdin(args: string[], stdin: string | Uint8Array): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [CLI, 'score', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
    child.stdin!.end(stdin);
  });
}

let project: Project;
before(async () => {
  project = await trainedChurn();
});
after(() => project?.dispose());

test('score --input - reads CSV from stdin and --output - writes stdout, as scoring the file does', async () => {
  const csv = 'customer_id,snapshot_at,tenure_days,plan,monthly_charges\nC1,2025-06-01,120,basic,30.5\nC2,2025-06-01,3,premium,99\n';
  const file = join(project.dir, 'new.csv');
  writeFileSync(file, csv);
  const expected = await mlpipe(['score', project.file, '--input', file, '--output', '-']);
  assert.equal(expected.status, 0, expected.stderr);
  const piped = await scoreStdin([project.file, '--input', '-', '--output', '-'], csv);
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.stdout, expected.stdout);
  assert.match(piped.stderr, /scored 2 of 2 rows/);
  const empty = await scoreStdin([project.file, '--input', '-', '--output', '-'], '');
  assert.equal(empty.status, 2, empty.stderr);
  assert.match(empty.stderr, /cannot read stdin: it is empty \(0 bytes\)/);
  const header = await scoreStdin([project.file, '--input', '-', '--output', '-'], csv.split('\n')[0]! + '\n');
  assert.equal(header.status, 1, header.stderr);
  assert.match(header.stderr, /<stdin> has a header but no rows/);
});

test('score --input - reads Parquet from stdin by its magic, as scoring the .parquet file does', async () => {
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const bytes = new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: 'customer_id', data: ['C1', 'C2', 'C3'], type: 'STRING' },
        { name: 'snapshot_at', data: ['2025-06-01', '2025-06-01', '2025-07-01'], type: 'STRING' },
        { name: 'tenure_days', data: [120, 3, null], type: 'DOUBLE' },
        { name: 'plan', data: ['basic', 'premium', 'standard'], type: 'STRING' },
        { name: 'monthly_charges', data: [30.5, 99, 45], type: 'DOUBLE' },
      ],
    }),
  );
  const file = join(project.dir, 'new.parquet');
  writeFileSync(file, bytes);
  const expected = await mlpipe(['score', project.file, '--input', file, '--output', '-']);
  assert.equal(expected.status, 0, expected.stderr);
  assert.equal(expected.stdout.trim().split('\n').length, 4, expected.stdout);
  const piped = await scoreStdin([project.file, '--input', '-', '--output', '-'], bytes);
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.stdout, expected.stdout);
  assert.match(piped.stderr, /scored 3 of 3 rows/);
  // Cut short, the same bytes are refused as a broken Parquet file is, not read as CSV.
  const cut = await scoreStdin([project.file, '--input', '-', '--output', '-'], bytes.subarray(0, bytes.length - 20));
  assert.notEqual(cut.status, 0, cut.stdout);
  assert.match(cut.stderr, /parquet/i);
});

test('Ctrl-C while the piped rows are spooled removes the spool and exits 130', async () => {
  // A temporary folder of the test's own, so that only this score's spool can appear in it.
  const temp = join(project.dir, 'tmp');
  mkdirSync(temp);
  const plans = ['basic', 'standard', 'premium'];
  const lines = ['customer_id,snapshot_at,tenure_days,plan,monthly_charges'];
  for (let i = 0; i < 300_000; i++) lines.push(`C${i},2025-0${1 + (i % 9)}-01,${i % 900},${plans[i % 3]},${20 + (i % 80)}.5`);
  let sent = false;
  const child = spawn(process.execPath, [CLI, 'score', project.file, '--input', '-', '--output', join(project.dir, 'out.csv')], {
    env: { ...process.env, TMPDIR: temp, NO_COLOR: '1' },
  });
  const watcher = watch(temp, (_event, name) => {
    if (!sent && typeof name === 'string' && name.startsWith('mlpipe-score-stdin-')) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A score that ends first (or cannot read its stdin any more) is what the assertions report.
  child.stdin.on('error', () => undefined);
  child.stdin.end(lines.join('\n') + '\n');
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  watcher.close();
  assert.ok(sent, `the spool never appeared: ${stderr}`);
  assert.deepEqual(readdirSync(temp), [], 'the spool is removed');
  assert.equal(code, 130, stderr);
  assert.equal(stderr, `mlpipe score: interrupted: nothing was written to ${join(project.dir, 'out.csv')}\n`);
});
