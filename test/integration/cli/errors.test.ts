import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openRegistry } from '../../../server/backend/registry/registry.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { ErrorOutput } from '../../../server/protocol/cli.js';
import { COMMAND_USAGE } from '../../../server/cli/usage.js';
import { cli, workspace, type CliResult } from './harness.js';

/** The spec's rule for every failure: one line on stderr, the documented code, never a trace. */
function oneLine(r: CliResult, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit ${r.code}: ${r.stderr}`);
  // Progress lines ('• checking the pipeline') may come first; the failure itself is one line.
  const lines = r.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('• '));
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
  assert.doesNotMatch(r.stderr, /internal error/);
}

const STORE_COMMANDS = [['runs'], ['runs', '--json'], ['models'], ['models', '--json'], ['promote', 'churn', '1', 'production'], ['rollback', 'churn']];
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a run store the CLI cannot use is one line and exit 2, and is left as it was', () => {
  const ws = workspace();
  after(() => ws.dispose());

  /** A project folder whose `.mlpipe/mlpipe.db` is made by `make`. */
  function project(name: string, make: (file: string) => void): { dir: string; file: string } {
    const dir = join(ws.dir, name);
    mkdirSync(join(dir, '.mlpipe'), { recursive: true });
    const file = join(dir, '.mlpipe', 'mlpipe.db');
    make(file);
    return { dir, file };
  }

  // A damaged store is met by every command that opens it; a damaged row by those that need that row.
  const cases: Array<[string, (file: string) => void, RegExp, string[][]?]> = [
    ['garbage bytes', (f) => writeFileSync(f, 'this is not SQLite '.repeat(300)), /mlpipe\.db: not an mlpipe tracking database, or damaged/],
    [
      'a store from a newer mlpipe',
      (f) => {
        openStore(join(f, '../..')).close();
        const db = new Database(f);
        db.pragma('user_version = 99');
        db.close();
      },
      /schema version 99, newer than this mlpipe understands/,
    ],
    [
      "another program's SQLite file",
      (f) => {
        const db = new Database(f);
        db.exec('CREATE TABLE runs (x TEXT); CREATE TABLE models (y TEXT);');
        db.pragma('user_version = 1');
        db.close();
      },
      /mlpipe\.db: not an mlpipe tracking database \(its table 'runs' lacks the column 'seq'\)/,
    ],
    [
      'a damaged JSON column',
      (f) => {
        const store = openStore(join(f, '../..'));
        const run = store.createRun({ pipelineName: 'churn', pipelinePath: 'churn.mlpipe', pipelineText: 'pipeline churn\n' });
        store.finishRun(run.id, { status: 'completed', metrics: { auc: 0.9 } });
        openRegistry(store).register('churn', run.id, 'production');
        store.db.prepare('UPDATE runs SET metrics = ?').run('{"auc": "high"');
        store.close();
      },
      /run r-[0-9a-z-]+ has a damaged 'metrics' column \(not JSON\)/,
      // Listings show the other runs and mark this one (test/integration/tracking/damagedRun.test.ts);
      // a command that needs this run's record still refuses it by name.
      [['promote', 'churn', '1', 'production']],
    ],
  ];

  for (const [what, make, message, commands = STORE_COMMANDS] of cases) {
    it(what, () => {
      const { dir, file } = project(what.replace(/\W+/g, '-'), make);
      const before = sha(file);
      for (const args of commands) {
        const r = cli(args, { cwd: dir, env: { MLPIPE_HOME: '' } });
        oneLine(r, 2, message);
        if (args.includes('--json')) {
          const out = ErrorOutput.parse(JSON.parse(r.stdout));
          assert.equal(out.error.exitCode, 2);
          assert.match(out.error.message, message);
        }
      }
      assert.equal(sha(file), before, 'the store file is untouched');
    });
  }
});

describe('MLPIPE_HOME that cannot be used fails fast with one line', () => {
  const ws = workspace();
  after(() => ws.dispose());
  const aFile = () => {
    const f = join(ws.dir, 'a-file');
    writeFileSync(f, 'x');
    return f;
  };

  // A home not there yet holds no store: the commands that only read say so without making it
  // (listWithoutStore.test.ts), so only the commands that would make it meet a home under /proc.
  const reading = [['runs'], ['models'], ['promote', 'm', '1', 'staging'], ['rollback', 'm'], ['reproduce', 'r-x']];
  const homes: Array<[string, () => string, RegExp, string[][]]> = [
    ['under /proc (mkdir -p never returns there)', () => '/proc/mlpipe-home/x', /MLPIPE_HOME \/proc\/mlpipe-home\/x: cannot be created here/, []],
    ['a file', aFile, /MLPIPE_HOME .*a-file: exists and is not a folder/, reading],
    ['below a file', () => join(aFile(), 'below'), /MLPIPE_HOME .*a-file\/below: a part of the path is not a folder/, reading],
  ];
  for (const [what, home, message, readers] of homes) {
    it(what, () => {
      const env = { MLPIPE_HOME: home() };
      for (const args of [...readers, ['run', join(ws.dir, 'churn.mlpipe')]]) {
        const started = Date.now();
        oneLine(cli(args, { env }), 2, message);
        assert.ok(Date.now() - started < 30_000, `${args[0]} answered in ${Date.now() - started} ms`);
      }
    });
  }
});

describe('run --json prints a JSON error object on failure', () => {
  const ws = workspace();
  after(() => ws.dispose());

  it('a missing pipeline file', () => {
    const r = cli(['run', join(ws.dir, 'nope.mlpipe'), '--json'], { env: { MLPIPE_HOME: ws.home } });
    assert.equal(r.code, 2, 'an I/O error, as check reports it');
    const out = ErrorOutput.parse(JSON.parse(r.stdout));
    assert.equal(out.error.exitCode, 2);
    assert.match(out.error.message, /cannot read .*nope\.mlpipe: no such file/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
  });

  it('a pipeline the checker refuses: the diagnostics are in the object', () => {
    const file = join(ws.dir, 'broken.mlpipe');
    writeFileSync(file, readFileSync(join(ws.dir, 'churn.mlpipe'), 'utf8').replace('standardize(avg_order_90d)', 'standardize(customers.plan)'));
    const r = cli(['run', file, '--json'], { env: { MLPIPE_HOME: ws.home } });
    assert.equal(r.code, 1, r.stderr);
    const out = ErrorOutput.parse(JSON.parse(r.stdout));
    const mismatch = out.error.diagnostics?.find((d) => d.code === 'type-mismatch');
    assert.ok(mismatch, r.stdout);
    assert.equal(mismatch.file, file);
    assert.equal(mismatch.severity, 'error');
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });

  it('usage errors are JSON too, with exit 2', () => {
    const r = cli(['run', 'a.mlpipe', '--json', '--backend', 'tpu']);
    assert.equal(r.code, 2);
    assert.match(ErrorOutput.parse(JSON.parse(r.stdout)).error.message, /--backend takes/);
    // check --format json too: no array to print, the error object instead (docs/diagnostics.md).
    const unread = cli(['check', 'no-such.mlpipe', '--format', 'json']);
    assert.equal(unread.code, 2, unread.stderr);
    assert.equal(ErrorOutput.parse(JSON.parse(unread.stdout)).error.exitCode, 2);
    const bad = cli(['runs', '--json', '--frobnicate']);
    assert.equal(bad.code, 2);
    assert.match(ErrorOutput.parse(JSON.parse(bad.stdout)).error.message, /^mlpipe runs: there is no option '--frobnicate'.*; usage: mlpipe runs \[FILE\] \[--json\] or mlpipe runs delete/);
  });

  // Node's own words were passed on: "Unknown option '--bogus'. To specify a positional argument
  // starting with a '-', place it at the end of the command after '--', as in '-- "--bogus"".
  it('a bad option says what is wrong in plain words and gives the usage, exit 2', () => {
    oneLine(cli(['run', 'a.mlpipe', '--bogus']), 2, /^mlpipe run: there is no option '--bogus' \(a FILE whose name starts with '-' goes after '--'\); usage: mlpipe run FILE \[--backend auto\|gpu\|cpu\|wasm\] \[--model NAME\] \[--json\]$/);
    oneLine(cli(['check', 'a.mlpipe', '--format']), 2, /^mlpipe check: '--format' needs a value; usage: mlpipe check FILE/);
    oneLine(cli(['drift', 'a.mlpipe', '--json=yes']), 2, /^mlpipe drift: '--json' takes no value; usage: mlpipe drift FILE/);
  });

  // Node's three lines ("argument is ambiguous. Did you forget…") for a value that starts with '-'.
  it("a value that starts with '-' after a space: one line naming the option and the '=' form, exit 2", () => {
    oneLine(cli(['serve', 'a.mlpipe', '--port', '-1']), 2, /^mlpipe serve: '--port' needs a value, and what follows it starts with '-': write --port=VALUE for a value that starts with '-'; usage: mlpipe serve FILE/);
    oneLine(cli(['check', 'a.mlpipe', '--max-sample-bytes', '-5']), 2, /^mlpipe check: '--max-sample-bytes' needs a value, and what follows it starts with '-'/);
  });

  // 'parity --limit 1e3' read 1000 and '0x10' 16 where 'serve --port' refused them.
  it('a number option takes decimal digits only, in every command, exit 2 naming the range', () => {
    const cases: Array<[string[], RegExp]> = [
      [['parity', 'a.mlpipe', '--limit'], /^mlpipe parity: --limit takes a whole number from 1 up, not '(1e3|0x10| 5|1\.5|-1|0)'$/],
      [['serve', 'a.mlpipe', '--port'], /^mlpipe serve: --port takes a whole number from 0 to 65535, not '(1e3|0x10| 5|1\.5|-1|0)'$/],
      [['check', 'a.mlpipe', '--max-sample-bytes'], /^mlpipe check: --max-sample-bytes takes a whole number of bytes from 1 up, not '(1e3|0x10| 5|1\.5|-1|0)'$/],
    ];
    for (const [args, message] of cases)
      for (const bad of ['1e3', '0x10', ' 5', '1.5', '-1', ...(args[0] === 'serve' ? [] : ['0'])]) {
        const [command, file, option] = args;
        oneLine(cli([command!, file!, `${option}=${bad}`]), 2, message);
      }
  });
});

describe('check: of several --format options the last decides the failure\'s output too', () => {
  it('--format=json then --format=text: the failure is text on stderr, nothing on stdout', () => {
    const r = cli(['check', 'nope.mlpipe', '--format=json', '--format=text']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /cannot read nope\.mlpipe: no such file/);
  });

  it('--format text then --format json: the failure is the JSON error object', () => {
    const r = cli(['check', 'nope.mlpipe', '--format', 'text', '--format', 'json']);
    assert.equal(r.code, 2);
    assert.equal(ErrorOutput.parse(JSON.parse(r.stdout)).error.exitCode, 2);
  });
});

describe('usage errors of every command are one line and exit 2', () => {
  const cases: string[][] = [
    ['check'],
    ['check', 'x.mlpipe', '--format', 'xml'],
    ['run'],
    ['run', 'a', 'b'],
    ['runs', 'a', 'b'],
    ['reproduce'],
    ['models', 'a', 'b'],
    ['promote', 'm', 'one', 'production'],
    ['promote', 'm'],
    ['rollback'],
    ['start'],
    ['check', '--nope', 'x'],
  ];
  for (const args of cases) {
    it(args.join(' '), () => {
      const r = cli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
      assert.ok(r.stderr.trim().length > 0);
    });
  }
  // A misspelt stage and a fractional version are the same kind of mistake: same code, and the line says what is allowed.
  it('promote: a bad STAGE and a bad VERSION both exit 2 and name what is allowed', () => {
    oneLine(cli(['promote', 'm', '1', 'prod']), 2, /^mlpipe promote: STAGE is one of staging, production, archived, not 'prod': did you mean 'production'\?$/);
    oneLine(cli(['promote', 'm', '1.5', 'staging']), 2, /^mlpipe promote: VERSION is a positive whole number, not '1\.5'$/);
    // Number() read these as versions: '0x10' promoted v16, '1e1' v10.
    oneLine(cli(['promote', 'm', '0x10', 'staging']), 2, /^mlpipe promote: VERSION is a positive whole number, not '0x10'$/);
    oneLine(cli(['promote', 'm', '1e1', 'staging']), 2, /^mlpipe promote: VERSION is a positive whole number, not '1e1'$/);
  });
});

describe('a missing or extra argument is named before the usage', () => {
  // A bare usage line left a new user to compare it with what they typed: 'score p --input x'
  // did not say that --output was the missing part.
  it('score names the options and the FILE it lacks', () => {
    oneLine(cli(['score', 'p.mlpipe', '--input', 'in.csv']), 2, /^mlpipe score: --output OUT\.csv \(or '-' for stdout\) is missing; usage: mlpipe score FILE --input/);
    oneLine(cli(['score', '--output', 'o.csv']), 2, /^mlpipe score: FILE and --input IN\.csv are missing; usage: mlpipe score FILE/);
    oneLine(cli(['score', 'a.mlpipe', 'b.mlpipe', '--input', 'i.csv', '--output', 'o.csv']), 2, /^mlpipe score: takes one argument, FILE, not 2 \('a\.mlpipe' 'b\.mlpipe'\); usage: mlpipe score FILE/);
  });
  it('a bad value of an option or argument is quoted, as the spec writes names', () => {
    oneLine(cli(['run', 'a.mlpipe', '--backend', 'tpu']), 2, /^mlpipe run: --backend takes auto, gpu, cpu, wasm, not 'tpu'$/);
    oneLine(cli(['check', 'a.mlpipe', '--format', 'xml']), 2, /^mlpipe check: --format takes text or json, not 'xml'$/);
  });
  it('the registry and file commands name the positional arguments they lack or do not take', () => {
    oneLine(cli(['promote', 'm', '1']), 2, /^mlpipe promote: STAGE is missing; usage: mlpipe promote NAME VERSION STAGE/);
    oneLine(cli(['promote', 'm']), 2, /^mlpipe promote: VERSION and STAGE are missing; usage: /);
    oneLine(cli(['promote', 'm', '1', 'staging', 'x']), 2, /^mlpipe promote: takes 3 arguments, NAME, VERSION and STAGE, not 4 \('m' '1' 'staging' 'x'\); usage: /);
    oneLine(cli(['rollback']), 2, /^mlpipe rollback: NAME is missing; usage: mlpipe rollback NAME/);
    oneLine(cli(['reproduce']), 2, /^mlpipe reproduce: RUN_ID is missing; usage: mlpipe reproduce RUN_ID/);
    for (const command of ['run', 'serve', 'drift', 'parity']) oneLine(cli([command]), 2, new RegExp(`^mlpipe ${command}: FILE is missing; usage: mlpipe ${command} FILE`));
    oneLine(cli(['run', 'a.mlpipe', 'b.mlpipe']), 2, /^mlpipe run: takes one argument, FILE, not 2 \('a\.mlpipe' 'b\.mlpipe'\); usage: mlpipe run FILE/);
  });
  it('with --json the same words are the error object', () => {
    const r = cli(['drift', '--json']);
    assert.equal(r.code, 2);
    assert.match(ErrorOutput.parse(JSON.parse(r.stdout)).error.message, /^mlpipe drift: FILE is missing; usage: mlpipe drift FILE/);
  });
});

describe('an option written with = and no value is a usage error, not the option left out', () => {
  const ws = workspace();
  after(() => ws.dispose());

  it('run --model= trains nothing and names the option (JSON too)', () => {
    const file = join(ws.dir, 'churn.mlpipe');
    const r = cli(['run', file, '--model='], { env: { MLPIPE_HOME: ws.home } });
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.stderr.trimEnd().split('\n'), ['mlpipe run: --model= has no value: write --model=VALUE, or leave the option out']);
    const json = cli(['run', file, '--json', '--model='], { env: { MLPIPE_HOME: ws.home } });
    assert.equal(ErrorOutput.parse(JSON.parse(json.stdout)).error.exitCode, 2);
    assert.match(cli(['runs', '--json'], { env: { MLPIPE_HOME: ws.home } }).stdout, /^\[\]/, 'no run was made');
  });

  it('drift --model=, score --input=, check --format= are usage errors too', () => {
    for (const args of [['drift', 'x.mlpipe', '--model='], ['score', 'x.mlpipe', '--input=', '--output=o.csv'], ['check', 'x.mlpipe', '--format=']]) {
      const r = cli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /has no value: write --\w+=VALUE, or leave the option out/);
    }
  });

  it('an empty argument (--model "$NAME" with NAME unset, an empty file name) is a usage error too', () => {
    for (const [args, said] of [
      [['run', join(ws.dir, 'churn.mlpipe'), '--model', ''], 'mlpipe run: --model has an empty value'],
      [['score', 'x.mlpipe', '--input', 'in.csv', '--output', 'o.csv', '--model', ''], 'mlpipe score: --model has an empty value'],
      [['check', ''], 'mlpipe check: argument 1 is empty'],
    ] as const) {
      const r = cli([...args], { env: { MLPIPE_HOME: ws.home } });
      assert.equal(r.code, 2, r.stderr);
      assert.deepEqual(r.stderr.trimEnd().split('\n'), [`${said} (an unset shell variable?): give it a value, or leave it out`]);
    }
    assert.match(cli(['runs', '--json'], { env: { MLPIPE_HOME: ws.home } }).stdout, /^\[\]/, 'no run was made');
  });

  it('serve --host with an empty value is refused, not served on every interface', () => {
    for (const args of [['--host='], ['--host', ''], ['--host', ' ']]) {
      const r = cli(['serve', join(ws.dir, 'churn.mlpipe'), '--port', '0', ...args], { env: { MLPIPE_HOME: ws.home } });
      assert.equal(r.code, 2, `${JSON.stringify(args)}: ${r.stderr}`);
      assert.match(r.stderr, /^mlpipe serve: (--host= has no value|--host has an empty value|--host takes a host name or address)/);
    }
  });
});

describe('every command answers --help and -h with its own usage, exit 0', () => {
  for (const name of Object.keys(COMMAND_USAGE)) {
    it(`mlpipe ${name} --help, -h and mlpipe help ${name}`, () => {
      for (const args of [[name, '--help'], [name, 'x.mlpipe', '-h'], ['help', name]]) {
        const r = cli(args);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        for (const line of COMMAND_USAGE[name]) assert.ok(r.stdout.includes(line), `${args.join(' ')} prints '${line}'`);
        assert.equal(r.stderr, '');
      }
    });
  }
  // promote and rollback took --reason (kept in the audit trail) without their usage saying so.
  it('promote and rollback --help name every option they take', () => {
    for (const name of ['promote', 'rollback']) assert.match(cli([name, '--help']).stdout, /\[--reason TEXT\]/, name);
  });
  it("'--help' after '--' is an argument, not a request for help", () => {
    const r = cli(['check', '--', '--help']);
    assert.notEqual(r.code, 0);
    assert.doesNotMatch(r.stdout, /^usage:/);
  });
  it('mlpipe --version, -V and version print the package version, exit 0', () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    for (const arg of ['--version', '-V', 'version']) {
      const r = cli([arg]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `mlpipe ${version} (Node ${process.version})\n`);
    }
  });
  it('mlpipe help of an unknown command is exit 2 with the full usage', () => {
    const r = cli(['help', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'nope'[\s\S]*mlpipe check FILE/);
  });
  // 'serve --model churn_model@prod' was exit 1 after the pipeline and the store were read; promote's bad STAGE is exit 2.
  it('a malformed --model NAME@STAGE is a usage error in serve, score, drift and parity: exit 2, before any file is read', () => {
    const cases: string[][] = [['serve'], ['score', '--input', 'a.csv', '--output', 'b.csv'], ['drift'], ['parity']];
    for (const [command, ...rest] of cases)
      oneLine(cli([command!, 'nope.mlpipe', ...rest, '--model', 'churn_model@prod']), 2, new RegExp(`^mlpipe ${command}: --model: invalid served model 'churn_model@prod': '@prod' is neither a stage \\(staging, production, archived\\) nor a version number: did you mean 'churn_model@production'\\?$`));
  });
  // A script's misspelt command with --json had an empty stdout to parse.
  it('an unknown command with --json is the JSON error object on stdout, exit 2; without, the usage on stderr', () => {
    const json = cli(['rnu', 'p.mlpipe', '--json']);
    assert.equal(json.code, 2, json.stderr);
    assert.deepEqual(ErrorOutput.parse(JSON.parse(json.stdout)).error, { message: "mlpipe: unknown command 'rnu' (the commands: mlpipe --help)", exitCode: 2 });
    const text = cli(['rnu', 'p.mlpipe']);
    assert.equal(text.code, 2);
    assert.equal(text.stdout, '');
    assert.match(text.stderr, /^mlpipe: unknown command 'rnu'\n\n[\s\S]*mlpipe check FILE/);
  });
});

describe('a pipeline path that is no regular file, or too large to be a pipeline, is one line naming it, at once', () => {
  const ws = workspace();
  after(() => ws.dispose());
  // Each was read without end (/dev/zero until the process ran out of memory) or waited for a
  // writer forever (a named pipe); the harness's 180 s timeout would fail these as a hang.
  const commands = ['check', 'run', 'serve', 'format', 'drift', 'parity'];
  const paths: Array<[string, () => string, RegExp]> = [];
  if (process.platform !== 'win32') {
    paths.push(['/dev/zero', () => '/dev/zero', /cannot read \/dev\/zero: is a character device, not a file$/]);
    paths.push([
      'a named pipe',
      () => {
        const fifo = join(ws.dir, 'fifo.mlpipe');
        spawnSync('mkfifo', [fifo]);
        return fifo;
      },
      /cannot read \S*fifo\.mlpipe: is a named pipe \(FIFO\), not a file$/,
    ]);
  }
  paths.push([
    'a 9 MiB file',
    () => {
      const big = join(ws.dir, 'big.mlpipe');
      writeFileSync(big, `pipeline big\n${'#'.repeat(9 * 1024 * 1024)}\n`);
      return big;
    },
    /cannot read \S*big\.mlpipe: is 9 MiB, more than a pipeline file may be \(8 MiB\)$/,
  ]);
  // check, start, serve, drift and parity said 'mlpipe: cannot read', run, format and score
  // 'mlpipe COMMAND: cannot read'; start printed 'Checking FILE' first.
  it('a missing file: one line naming the command, exit 2, from every command', () => {
    for (const command of [...commands, 'start']) oneLine(cli([command, 'nope.mlpipe'], { cwd: ws.dir, env: { MLPIPE_HOME: ws.home } }), 2, new RegExp(`^mlpipe ${command}: cannot read nope\\.mlpipe: no such file$`));
    oneLine(cli(['score', 'nope.mlpipe', '--input', 'a.csv', '--output', 'b.csv'], { cwd: ws.dir }), 2, /^mlpipe score: cannot read nope\.mlpipe: no such file$/);
    // start takes no option: '--bogus' is one, not a file it could not read.
    oneLine(cli(['start', '--bogus'], { cwd: ws.dir }), 2, /^mlpipe start: there is no option '--bogus'/);
  });

  // An empty --input was exit 1 ('the file is empty'), as if its rows were refused; a missing one is exit 2.
  it('score: an empty --input is an I/O error, exit 2, as a missing one is, before the model is loaded', () => {
    writeFileSync(join(ws.dir, 'empty.csv'), '');
    oneLine(cli(['score', 'churn.mlpipe', '--input', 'nope.csv', '--output', 'o.csv'], { cwd: ws.dir, env: { MLPIPE_HOME: ws.home } }), 2, /^mlpipe score: cannot read nope\.csv: no such file$/);
    oneLine(cli(['score', 'churn.mlpipe', '--input', 'empty.csv', '--output', 'o.csv'], { cwd: ws.dir, env: { MLPIPE_HOME: ws.home } }), 2, /^mlpipe score: cannot read empty\.csv: the file is empty \(0 bytes\): there is no table to score$/);
    assert.equal(existsSync(join(ws.dir, 'o.csv')), false);
  });

  for (const [name, make, pattern] of paths) {
    it(name, () => {
      const path = make();
      for (const command of commands) {
        // An I/O error (exit 2) from every command, as a missing file is.
        oneLine(cli([command, path], { cwd: ws.dir, env: { MLPIPE_HOME: ws.home } }), 2, pattern);
      }
    });
  }
});
