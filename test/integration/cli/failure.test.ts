import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureOf } from '../../../server/cli/errors.js';
import { CliError } from '../../../server/cli/output.js';

const named = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(Object.assign(new Error(message), { name }), extra);

describe('failureOf: the one mapping from an error to a line and an exit code', () => {
  it('keeps a CliError as it is', () => {
    assert.deepEqual(failureOf(new CliError('usage: x', 2), 'x'), { message: 'usage: x', exitCode: 2, diagnostics: undefined, file: undefined });
  });

  it('refused work is 1, an unusable store or file is 2, by the error name', () => {
    assert.equal(failureOf(named('DataError', 'bad row'), 'run').exitCode, 1);
    assert.equal(failureOf(named('RegistryError', "unknown model 'm'"), 'promote').message, "mlpipe: unknown model 'm'");
    assert.equal(failureOf(named('StoreUnusableError', 'damaged'), 'runs').exitCode, 2);
    assert.equal(failureOf(named('SchemaTooNewError', 'newer'), 'runs').exitCode, 2);
  });

  it('system errors name the call and the path, exit 2', () => {
    const e = named('Error', "EACCES: permission denied, open '/x'", { code: 'EACCES', syscall: 'open', path: '/x' });
    assert.deepEqual(failureOf(e, 'check'), { message: 'mlpipe check: cannot open /x: permission denied', exitCode: 2 });
  });

  it('SQLite errors: a busy lock is 1 (try again), anything else 2', () => {
    assert.equal(failureOf(named('SqliteError', 'database is locked', { code: 'SQLITE_BUSY' }), 'runs').exitCode, 1);
    assert.equal(failureOf(named('SqliteError', 'disk image is malformed', { code: 'SQLITE_CORRUPT' }), 'runs').exitCode, 2);
    // A disk filled (or a file made read-only) during a run: the cause and what to do.
    assert.deepEqual(failureOf(named('SqliteError', 'database or disk is full', { code: 'SQLITE_FULL' }), 'run'), {
      message: 'mlpipe run: no space left for a database under .mlpipe (SQLITE_FULL: database or disk is full): free space on its disk and run the command again',
      exitCode: 2,
    });
    // The -shm file failing to grow on a full disk is SQLite's "disk I/O error": still a full disk.
    assert.match(failureOf(named('SqliteError', 'disk I/O error', { code: 'SQLITE_IOERR_SHMSIZE' }), 'serve').message, /^mlpipe serve: no space left for a database under \.mlpipe \(SQLITE_IOERR_SHMSIZE: disk I\/O error\): free space/);
    assert.match(failureOf(named('SqliteError', 'attempt to write a readonly database', { code: 'SQLITE_READONLY' }), 'serve').message, /^mlpipe serve: a database under \.mlpipe cannot be written .*: give this user write access/);
    // A write the system refused (past 'ulimit -f', a failing disk): what SQLite's words leave out.
    assert.deepEqual(failureOf(named('SqliteError', 'disk I/O error', { code: 'SQLITE_IOERR_WRITE' }), 'run'), {
      message:
        'mlpipe run: a database under .mlpipe could not be read or written (SQLITE_IOERR_WRITE: disk I/O error): the system refused the call; check the disk (free space, errors in the system log), the file size limit (ulimit -f) and, for a network folder, its mount, then run the command again; the store keeps what was committed before',
      exitCode: 2,
    });
  });

  it("an allocation the system refused is the machine's limit, 1, not an internal error; other RangeErrors stay bugs", () => {
    assert.deepEqual(failureOf(new RangeError('Array buffer allocation failed'), 'score'), {
      message: 'mlpipe score: out of memory (Array buffer allocation failed): the data or the model needs more memory than this process was given; free memory, or use fewer rows at a time (batch_size, smaller requests)',
      exitCode: 1,
    });
    assert.equal(failureOf(new RangeError('WebAssembly.Memory(): could not allocate memory'), 'run').exitCode, 1);
    assert.equal(failureOf(new RangeError('Invalid array length'), 'run').exitCode, 70);
  });

  it('anything else is an internal error, 70, still one line without MLPIPE_DEBUG', () => {
    const saved = process.env.MLPIPE_DEBUG;
    delete process.env.MLPIPE_DEBUG;
    try {
      const f = failureOf(new TypeError('x is undefined\nsecond line'), 'run');
      assert.equal(f.exitCode, 70);
      assert.equal(f.message.split('\n').length, 1);
      assert.match(f.message, /internal error .*TypeError: x is undefined \(MLPIPE_DEBUG=1 shows the stack trace\)/);
      assert.equal(failureOf('thrown string', 'run').exitCode, 70);
    } finally {
      if (saved !== undefined) process.env.MLPIPE_DEBUG = saved;
    }
  });
});
