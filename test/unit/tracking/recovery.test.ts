import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { ownerState, processIdentity, systemProbe, type LivenessProbe } from '../../../server/backend/tracking/liveness.js';
import { openStore } from '../../../server/backend/tracking/store.js';
import { tempRoot } from './tempRoot.js';

const probe = (alive: Record<number, string | undefined>, host = 'here'): LivenessProbe => ({
  hostname: host,
  exists: (pid) => pid in alive,
  identity: (pid) => alive[pid],
});

describe('ownerState', () => {
  test('dead pid, reused pid, live owner, other host', () => {
    const p = probe({ 10: 'boot:100', 11: undefined });
    assert.equal(ownerState({ pid: 9, hostname: 'here', identity: 'boot:1' }, p), 'dead');
    assert.equal(ownerState({ pid: 10, hostname: 'here', identity: 'boot:99' }, p), 'dead', 'same pid, another process');
    assert.equal(ownerState({ pid: 10, hostname: 'here', identity: 'boot:100' }, p), 'alive');
    assert.equal(ownerState({ pid: 10, hostname: 'here', identity: null }, p), 'alive', 'no identity recorded: pid decides');
    assert.equal(ownerState({ pid: 11, hostname: 'here', identity: 'boot:5' }, p), 'alive', 'identity unreadable now: pid decides');
    assert.equal(ownerState({ pid: 9, hostname: 'elsewhere', identity: 'boot:1' }, p), 'unknown');
  });

  test('processIdentity is stable for this process and differs for another', { skip: processIdentity(process.pid) === undefined && 'no /proc' }, () => {
    assert.equal(processIdentity(process.pid), processIdentity(process.pid));
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    assert.equal(processIdentity(Number(child.stdout)), undefined, 'an exited process has no identity');
    assert.ok(systemProbe.exists(process.pid));
  });
});

describe('recoverInterrupted', () => {
  test('marks runs of dead or replaced processes, leaves live and foreign ones running', () => {
    const root = tempRoot();
    const store = openStore(root);
    const ids = Array.from({ length: 4 }, () => store.createRun({ pipelineName: 'p', pipelinePath: 'p', pipelineText: '' }).id);
    const finished = store.createRun({ pipelineName: 'p', pipelinePath: 'p', pipelineText: '' });
    store.finishRun(finished.id, { status: 'completed' });
    const raw = new Database(store.file);
    const owner = raw.prepare('UPDATE runs SET pid = ?, hostname = ?, proc_identity = ? WHERE id = ?');
    owner.run(9, 'here', 'boot:1', ids[0]); // dead
    owner.run(10, 'here', 'boot:99', ids[1]); // pid now someone else
    owner.run(10, 'here', 'boot:100', ids[2]); // alive
    owner.run(9, 'elsewhere', 'boot:1', ids[3]); // another host
    raw.close();

    const marked = store.recoverInterrupted(probe({ 10: 'boot:100' }));
    assert.deepEqual(marked.sort(), [ids[0], ids[1]].sort());
    assert.deepEqual(ids.map((id) => store.getRun(id)!.status), ['interrupted', 'interrupted', 'running', 'running']);
    assert.equal(store.getRun(finished.id)!.status, 'completed');
    assert.match(store.getRun(ids[0]!)!.error!, /process 9 on here ended without finishing the run/);
    assert.deepEqual(store.recoverInterrupted(probe({ 10: 'boot:100' })), [], 'marking is done once');
    store.close();
  });

  test('opening a store leaves this process\'s own running runs alone', () => {
    const root = tempRoot();
    const a = openStore(root);
    const run = a.createRun({ pipelineName: 'p', pipelinePath: 'p', pipelineText: '' });
    const b = openStore(root);
    assert.equal(b.getRun(run.id)!.status, 'running');
    b.close();
    a.close();
  });
});
