/**
 * What the CLI does with what it reads and writes besides the pipeline: a damaged file in a run's
 * artifact folder (exit 1 naming it, never an internal error), a port already in use, the rows
 * `mlpipe score` refuses as `/predict` does, the key column written back as the input writes it,
 * an --output that would overwrite data, and files that are not there (exit 2).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from './harness.js';
import { get, serveProcess, trainedChurn, type Project } from '../serve/project.js';

let project: Project;
let runDir: string;
let input: string;
const header = 'customer_id,snapshot_at,tenure_days,plan,monthly_charges,support_tickets';

before(async () => {
  project = await trainedChurn();
  runDir = join(project.dir, '.mlpipe/runs', project.run.runId);
  input = join(project.dir, 'in.csv');
  writeFileSync(input, `${header}\nC00001,2025-04-01,291,premium,92.47,1\nC00002,2025-05-01,,basic,90.75,3\n`);
});
after(() => project?.dispose());

/** Runs `f` with `file` of the run's folder replaced by `text`, then puts the file back. */
function damaged<T>(file: string, text: string, f: () => T): T {
  const path = join(runDir, file);
  const saved = readFileSync(path);
  writeFileSync(path, text);
  try {
    return f();
  } finally {
    writeFileSync(path, saved);
  }
}

const oneLine = (stderr: string) => stderr.trimEnd().split('\n');

describe('a damaged artifact of the served run', () => {
  const cases: Array<[string, string]> = [
    ['features.json', 'garbage'],
    ['features.json', '{"version":1,"nodes":'],
    ['features.json', '{}'],
    ['meta.json', '{"format":1}'],
    ['meta.json', 'not json'],
    ['pipeline.mlpipe', 'garbage garbage\n'],
    ['reference.json', 'garbage'],
    ['reference.json', '{}'],
  ];
  for (const [file, text] of cases) {
    it(`${file} = ${JSON.stringify(text)}: serve, drift and parity exit 1 with one line naming the file`, () => {
      damaged(file, text, () => {
        for (const command of [['serve', project.file, '--port', '0'], ['drift', project.file], ['parity', project.file]]) {
          const r = cli(command, { cwd: project.dir });
          assert.equal(r.code, 1, `${command[0]}: ${r.stderr}`);
          assert.doesNotMatch(r.stderr, /internal error/);
          assert.equal(oneLine(r.stderr).length, 1, r.stderr);
          assert.ok(r.stderr.includes(join(runDir, file)), `${command[0]} names ${file}: ${r.stderr}`);
        }
      });
    });
  }

  it('score does not read the drift reference: a damaged one does not stop it', () => {
    damaged('reference.json', 'garbage', () => {
      const r = cli(['score', project.file, '--input', input, '--output', join(project.dir, 'ref-out.csv')], { cwd: project.dir });
      assert.equal(r.code, 0, r.stderr);
    });
  });

  it('score with a damaged features.json exits 1 naming it', () => {
    damaged('features.json', 'garbage', () => {
      const r = cli(['score', project.file, '--input', input, '--output', join(project.dir, 'feat-out.csv')], { cwd: project.dir });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /features\.json: not JSON/);
    });
  });
});

describe('serve on a port already in use', () => {
  let taken: Server;
  let port: number;
  before(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  after(() => taken.close());

  it('says so and exits 1 at once, the log thread and all', () => {
    const r = cli(['serve', project.file, '--port', String(port)], { cwd: project.dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`));
    // What to do, not only the errno code.
    assert.match(r.stderr, /\(EADDRINUSE\): another program is listening on that port: stop it, or choose another with --port \('--port 0' takes a free one\)\n$/);
  });

  it('an unknown --host says what to give instead', () => {
    const r = cli(['serve', project.file, '--port', '0', '--host', 'no-such-host.invalid'], { cwd: project.dir });
    assert.equal(r.code, 1, r.stderr);
    // ENOTFOUND, or EAI_AGAIN where no name server answers (an offline machine).
    assert.match(r.stderr, /^mlpipe serve: cannot listen on no-such-host\.invalid \((ENOTFOUND\): no host has that name|EAI_AGAIN\): the host name could not be looked up)[^\n]*: give --host an address/);
    // The serve block's 'port = 0' and no --port: it said 'no-such-host.invalid:its port'.
    const text = readFileSync(project.file, 'utf8');
    writeFileSync(project.file, text.replace(/\n  port\s*= \d+\n/, '\n  port = 0\n'));
    try {
      const block = cli(['serve', project.file, '--host', 'no-such-host.invalid'], { cwd: project.dir });
      assert.equal(block.code, 1, block.stderr);
      assert.match(block.stderr, /^mlpipe serve: cannot listen on no-such-host\.invalid \((ENOTFOUND|EAI_AGAIN)\)/);
    } finally {
      writeFileSync(project.file, text);
    }
  });

  it("names the serve block's port when no --port is given, and says what to do", () => {
    // It said 'cannot listen on 127.0.0.1:the serve block port (EADDRINUSE)'.
    const text = readFileSync(project.file, 'utf8');
    assert.match(text, /\n  port\s*= \d+\n/);
    writeFileSync(project.file, text.replace(/\n  port\s*= \d+\n/, `\n  port = ${port}\n`));
    try {
      const r = cli(['serve', project.file], { cwd: project.dir });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\): another program is listening on that port: stop it, or choose another with --port`));
    } finally {
      writeFileSync(project.file, text);
    }
  });
});

describe('serve --port 0', () => {
  it('listens on 127.0.0.1 by default, on a free port it chose at start, and prints that URL', async () => {
    const served = await serveProcess(project.file);
    try {
      const m = /^http:\/\/127\.0\.0\.1:(\d+)$/.exec(served.url);
      assert.ok(m, served.url);
      assert.notEqual(Number(m[1]), 0);
      assert.equal((await get(`${served.url}/metadata`)).status, 200);
    } finally {
      served.child.kill('SIGINT');
      await new Promise((resolve) => (served.child.exitCode === null ? served.child.once('exit', resolve) : resolve(undefined)));
    }
  });
});

describe('mlpipe score', () => {
  it('refuses a batch with rows /predict refuses, naming the lines and fields, and writes nothing', () => {
    const file = join(project.dir, 'missing.csv');
    const out = join(project.dir, 'missing-out.csv');
    writeFileSync(file, `${header}\nC00001,2025-04-01,291,premium,92.47,1\nC00002,2025-05-01,10,,90.75,3\nC00003,,10,basic,50,0\n`);
    const r = cli(['score', project.file, '--input', file, '--output', out], { cwd: project.dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /2 of 3 rows of \S*missing\.csv cannot be scored/);
    assert.match(r.stderr, /line 3: field 'plan' is missing/);
    assert.match(r.stderr, /line 4: field 'snapshot_at' is missing/);
    assert.equal(existsSync(out), false);
  });

  it('writes the key column back as the input writes it', () => {
    const file = join(project.dir, 'keys.csv');
    const out = join(project.dir, 'keys-out.csv');
    writeFileSync(file, `${header}\n007,2025-04-01,291,premium,92.47,1\n1e3,2025-05-01,10,basic,90.75,3\n0042,2025-05-01,10,basic,50,0\n`);
    const r = cli(['score', project.file, '--input', file, '--output', out], { cwd: project.dir });
    assert.equal(r.code, 0, r.stderr);
    const keys = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    assert.deepEqual(keys, ['007', '1e3', '0042']);
  });

  it('refuses an --output that is its --input or a source of the pipeline, and leaves them as they were', () => {
    const source = join(project.dir, 'data/customers.csv');
    const before = readFileSync(source, 'utf8');
    const onSource = cli(['score', project.file, '--input', input, '--output', source], { cwd: project.dir });
    assert.equal(onSource.code, 2, onSource.stderr);
    assert.match(onSource.stderr, /is a source of the pipeline/);
    assert.equal(readFileSync(source, 'utf8'), before);
    const text = readFileSync(input, 'utf8');
    const onInput = cli(['score', project.file, '--input', input, '--output', join(project.dir, '.', 'in.csv')], { cwd: project.dir });
    assert.equal(onInput.code, 2, onInput.stderr);
    assert.match(onInput.stderr, /is the --input file/);
    assert.equal(readFileSync(input, 'utf8'), text);
  });

  it('refuses an --output that is the pipeline file or inside the run folder, and leaves them as they were', () => {
    const pipeline = readFileSync(project.file, 'utf8');
    const onPipeline = cli(['score', project.file, '--input', input, '--output', project.file], { cwd: project.dir });
    assert.equal(onPipeline.code, 2, onPipeline.stderr);
    assert.match(onPipeline.stderr, /is the pipeline file: write the scores to another file/);
    assert.equal(readFileSync(project.file, 'utf8'), pipeline);
    const store = join(project.dir, '.mlpipe', 'mlpipe.db');
    const bytes = readFileSync(store);
    for (const out of [store, join(project.dir, '.mlpipe', 'scores.csv')]) {
      const r = cli(['score', project.file, '--input', input, '--output', out], { cwd: project.dir });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /is inside mlpipe's run folder/);
    }
    assert.ok(readFileSync(store).equals(bytes), 'the run store is untouched');
    assert.equal(existsSync(join(project.dir, '.mlpipe', 'scores.csv')), false);
  });

  it('refuses an --output named as Parquet, since it writes CSV, and writes nothing', () => {
    for (const name of ['scores.parquet', 'scores.PQ']) {
      const out = join(project.dir, name);
      const r = cli(['score', project.file, '--input', input, '--output', out], { cwd: project.dir });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /names a Parquet file, and score writes CSV: give it a \.csv name/);
      assert.equal(existsSync(out), false);
    }
  });

  it('Parquet bytes under another --input name: the advice is a .parquet name, not a data block score does not have', () => {
    const file = join(project.dir, 'x.bin');
    writeFileSync(file, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(16), Buffer.from('PAR1')]));
    const r = cli(['score', project.file, '--input', file, '--output', join(project.dir, 'x-out.csv')], { cwd: project.dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /x\.bin, line 1: the file is Parquet, not CSV: give it a \.parquet name/);
    assert.doesNotMatch(r.stderr, /data block says|format = parquet/);
  });

  it('an --output it cannot write is exit 2 and leaves no temporary file', () => {
    const folder = join(project.dir, 'outdir');
    mkdirSync(folder, { recursive: true });
    const r = cli(['score', project.file, '--input', input, '--output', folder], { cwd: project.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot write \S*outdir: is a folder/);
    assert.deepEqual(readdirSync(project.dir).filter((f) => f.includes('.tmp-')), []);
  });

  it('an --output on a full device says so in words, exit 2', { skip: !existsSync('/dev/full') }, () => {
    // /dev/full answers every write with ENOSPC, as a full disk does: Node's own text was shown.
    const r = cli(['score', project.file, '--input', input, '--output', '/dev/full'], { cwd: project.dir });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, 'mlpipe score: cannot write /dev/full: no space left on the device\n');
  });

  it('an --output that is a link to a file writes the file and keeps the link', () => {
    const real = join(project.dir, 'linked-scores.csv');
    const link = join(project.dir, 'scores-link.csv');
    writeFileSync(real, 'old\n');
    symlinkSync(real, link);
    const r = cli(['score', project.file, '--input', input, '--output', link], { cwd: project.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.match(readFileSync(real, 'utf8'), /^customer_id,prediction\n/);
  });

  it('an --output that is a pipe (/dev/stdout, a FIFO) gets the scores and stays a pipe', { skip: process.platform === 'win32' }, () => {
    const fifo = join(project.dir, 'scores.fifo');
    execFileSync('mkfifo', [fifo]);
    // Opened for reading and writing, so neither side waits for the other; the scores fit its buffer.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const r = cli(['score', project.file, '--input', input, '--output', fifo], { cwd: project.dir });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(lstatSync(fifo).isFIFO(), 'the FIFO was not replaced by a file');
      const got = Buffer.alloc(4096);
      let n = 0;
      try {
        n = readSync(fd, got);
      } catch {
        // EAGAIN: nothing was written to the pipe.
      }
      assert.match(got.subarray(0, n).toString(), /^customer_id,prediction\nC00001,/);
    } finally {
      closeSync(fd);
    }
  });

  it('an --output in a folder that is not there names that folder, as written', () => {
    const missing = cli(['score', project.file, '--input', input, '--output', join('out', 'x.csv')], { cwd: project.dir });
    assert.equal(missing.code, 2, missing.stderr);
    assert.deepEqual(oneLine(missing.stderr), [`mlpipe score: cannot write ${join('out', 'x.csv')}: there is no folder out${sep}`]);
    // A file where the folder should be: the write's own error, not the temporary file's.
    const onFile = cli(['score', project.file, '--input', input, '--output', join('in.csv', 'x.csv')], { cwd: project.dir });
    assert.equal(onFile.code, 2, onFile.stderr);
    assert.deepEqual(oneLine(onFile.stderr), [`mlpipe score: cannot write ${join('in.csv', 'x.csv')}: a part of in.csv${sep} is not a folder`]);
  });
});

describe('files that are not there are I/O errors (exit 2)', () => {
  it('a missing pipeline file for run, serve and score; a missing or folder --input', () => {
    const nope = join(project.dir, 'nope.mlpipe');
    for (const args of [['run', nope], ['serve', nope], ['score', nope, '--input', input, '--output', 'o.csv']]) {
      const r = cli(args, { cwd: project.dir });
      assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /cannot read \S*nope\.mlpipe: no such file/);
    }
    const missing = cli(['score', project.file, '--input', join(project.dir, 'nope.csv'), '--output', 'o.csv'], { cwd: project.dir });
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /cannot read \S*nope\.csv: no such file/);
    const folder = cli(['score', project.file, '--input', project.dir, '--output', 'o.csv'], { cwd: project.dir });
    assert.equal(folder.code, 2, folder.stderr);
    assert.match(folder.stderr, /is a folder/);
    // A link to nothing is named so, in the words the check gives a source that is one (it said 'no such file').
    const link = join(project.dir, 'linked.csv');
    symlinkSync('gone.csv', link);
    try {
      const dangling = cli(['score', project.file, '--input', link, '--output', 'o.csv'], { cwd: project.dir });
      assert.equal(dangling.code, 2, dangling.stderr);
      assert.match(dangling.stderr, /cannot read \S*linked\.csv: a symbolic link to 'gone\.csv', which does not exist/);
    } finally {
      rmSync(link);
    }
  });

  it('a pipeline file that is a link to nothing is named so by every command that reads one', () => {
    const link = join(project.dir, 'linked.mlpipe');
    symlinkSync('gone.mlpipe', link);
    try {
      for (const args of [['check', link], ['format', link], ['run', link], ['serve', link], ['score', link, '--input', input, '--output', 'o.csv']]) {
        const r = cli(args, { cwd: project.dir });
        assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
        assert.match(r.stderr, /cannot read \S*linked\.mlpipe: a symbolic link to 'gone\.mlpipe', which does not exist/, args[0]);
      }
    } finally {
      rmSync(link);
    }
  });
});
