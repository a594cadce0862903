// One run of node's test runner over test files, for scripts/test.mjs and scripts/soak.mjs alike:
// the preloads (PRELOADS: a file that hangs after its tests is ended by scripts/test-file-end.mjs,
// in place of --test-force-exit, which lost results, nodejs/node#64833), the spec reporter, and a
// check that every result a file wrote reached the runner: a lost verdict fails the run instead
// of passing unseen.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PRELOADS, root } from './test-files.mjs';

/**
 * Runs `files`; `capture` gives the output back as `output` instead of showing it. The status is
 * the runner's, or 1 where it passed but a result got lost (said at the end of the output).
 * @param {string[]} files
 * @param {{ env?: Record<string, string | undefined>, extra?: string[], capture?: boolean }} [options]
 */
export function runTests(files, { env = process.env, extra = [], capture = false } = {}) {
  const ledger = mkdtempSync(join(tmpdir(), 'mlpipe-ledger-'));
  const received = join(ledger, 'received.json');
  const wrote = join(ledger, 'wrote');
  mkdirSync(wrote);
  try {
    const r = spawnSync(
      process.execPath,
      [
        ...PRELOADS,
        '--test',
        '--test-reporter=spec', '--test-reporter-destination=stdout',
        '--test-reporter=./scripts/test-count-reporter.mjs', `--test-reporter-destination=${received}`,
        ...extra,
        ...files,
      ],
      {
        cwd: root,
        env: { ...env, MLPIPE_TEST_LEDGER: wrote },
        ...(capture ? { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 } : { stdio: 'inherit' }),
      },
    );
    const lost = lostResults(wrote, received);
    if (lost.length > 0) {
      const said = lost.map(({ name, wrote: w, received: got, files: by }) =>
        `${w - got} of ${w} results that name ${relative(root, name) || '(no file)'} (written by ${by.slice(0, 5).map((f) => relative(root, f)).join(', ')}${by.length > 5 ? ` and ${by.length - 5} more` : ''})\n`).join('');
      const message = `results lost on the way to the runner, so the run fails:\n${said}`;
      if (!capture) process.stderr.write(message);
      return { status: 1, output: capture ? `${r.stdout}${r.stderr}${message}` : '' };
    }
    return { status: r.status ?? 1, output: capture ? `${r.stdout}${r.stderr}` : '' };
  } finally {
    rmSync(ledger, { recursive: true, force: true });
  }
}

/**
 * Where the test files' processes wrote more results naming a file than the runner received. A
 * test file whose process wrote no ledger (it crashed, or was killed) has failed in the runner.
 */
export function lostResults(wroteDir, receivedFile) {
  const received = existsSync(receivedFile) ? JSON.parse(readFileSync(receivedFile, 'utf8') || '{}') : {};
  const wrote = new Map();
  for (const n of existsSync(wroteDir) ? readdirSync(wroteDir) : []) {
    const { file, results } = JSON.parse(readFileSync(join(wroteDir, n), 'utf8'));
    for (const [name, count] of Object.entries(results)) {
      const w = wrote.get(name) ?? { name, wrote: 0, files: [] };
      w.wrote += count;
      w.files.push(file);
      wrote.set(name, w);
    }
  }
  return [...wrote.values()]
    .map((w) => ({ ...w, received: received[w.name] ?? 0 }))
    .filter((w) => w.received < w.wrote);
}
