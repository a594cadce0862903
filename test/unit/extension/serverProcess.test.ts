import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { DEBUG_EXEC_ARGV, ServerProcesses, serverCommand } from '../../../extension/serverProcess.js';

/** A stand-in child process: the fields ServerProcesses reads, and kill() recorded. */
function fakeProcess(name: string) {
  const p = Object.assign(new EventEmitter(), { name, exitCode: null as number | null, signalCode: null as string | null, killed: 0 });
  return Object.assign(p, { kill: () => void (p.killed += 1) });
}
type Fake = ReturnType<typeof fakeProcess>;

function processes() {
  const started: Fake[] = [];
  let clock = 0;
  const sp = new ServerProcesses(
    'dist/server.js',
    (m) => {
      assert.equal(m, 'dist/server.js');
      const p = fakeProcess(`p${started.length + 1}`);
      started.push(p);
      return p as unknown as ChildProcess;
    },
    () => (clock += 10),
  );
  return { sp, started };
}

describe('the language server process started ahead of the client', { timeout: 10_000 }, () => {
  it('hands the process started at activation to the first start, and a fresh one to each later start', () => {
    const { sp, started } = processes();
    sp.startEarly();
    sp.startEarly(); // one waits at most
    assert.equal(started.length, 1);
    assert.equal(sp.startedAt, 10);
    assert.equal((sp.take() as unknown as Fake).name, 'p1');
    assert.equal((sp.take() as unknown as Fake).name, 'p2');
    assert.equal(started.length, 2);
    assert.equal(sp.startedAt, 20);
  });

  it('starts one on demand when none was started ahead', () => {
    const { sp, started } = processes();
    assert.equal((sp.take() as unknown as Fake).name, 'p1');
    assert.equal(started.length, 1);
  });

  it('hands over an early process that already failed, so the client reads its exit and its crash policy decides', () => {
    const { sp, started } = processes();
    sp.startEarly();
    started[0].exitCode = 1;
    started[0].emit('error', new Error('spawn failed')); // no listener of its own: must not throw
    assert.equal((sp.take() as unknown as Fake).name, 'p1');
  });

  it('ends a process started ahead that no client took', () => {
    const { sp, started } = processes();
    sp.startEarly();
    sp.dispose();
    assert.equal(started[0].killed, 1);
    assert.equal((sp.take() as unknown as Fake).name, 'p2');
  });

  it('after a stop, ends a handed-over server that did not exit by itself, and leaves one that did', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { sp, started } = processes();
    sp.take();
    sp.stopped(2000);
    t.mock.timers.tick(1999);
    assert.equal(started[0].killed, 0);
    t.mock.timers.tick(1);
    assert.equal(started[0].killed, 1);
    sp.take();
    started[1].exitCode = 0;
    sp.stopped(2000);
    t.mock.timers.tick(5000);
    assert.equal(started[1].killed, 0);
  });

  it('says when the stopped server has exited', async () => {
    const { sp, started } = processes();
    sp.take();
    sp.stopped(2000);
    let exitedYet = false;
    const exit = sp.lastExit.then(() => (exitedYet = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(exitedYet, false, 'not before its exit');
    started[0].exitCode = 0;
    started[0].emit('exit', 0, null);
    await exit;
    assert.equal(exitedYet, true);
  });
});

describe('the language server command', () => {
  const host = { execPath: '/opt/vscode/node', execArgv: ['--max-old-space-size=8192'], env: { PATH: '/bin' } };

  it("runs the host's runtime as node over stdio, without the host's own node flags", () => {
    const c = serverCommand('/ext/dist/server.js', host);
    assert.equal(c.command, '/opt/vscode/node');
    assert.deepEqual(c.args, ['/ext/dist/server.js', '--stdio']);
    assert.equal(c.options.env?.ELECTRON_RUN_AS_NODE, '1');
    assert.equal(c.options.env?.PATH, '/bin');
    assert.deepEqual(c.options.stdio, ['pipe', 'pipe', 'pipe']);
  });

  it('gives the server an inspector when the extension host is being debugged', () => {
    for (const flag of ['--inspect', '--inspect=9229', '--inspect-brk=0', '--debug'])
      assert.deepEqual(serverCommand('s.js', { ...host, execArgv: [flag] }).args, [...DEBUG_EXEC_ARGV, 's.js', '--stdio'], flag);
    assert.deepEqual(serverCommand('s.js', { ...host, execArgv: ['--inspector-not-a-flag'] }).args, ['s.js', '--stdio']);
  });
});
