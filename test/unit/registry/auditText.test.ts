import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditLine, auditTime, lastTransition, transitionText } from '../../../server/backend/registry/auditText.js';
import type { AuditEntry } from '../../../server/protocol/tracking.js';

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  name: 'm',
  version: 1,
  action: 'register',
  fromStage: null,
  toStage: 'staging',
  at: '2026-12-05T09:31:02.123Z',
  runId: 'r-1',
  ...over,
});

test('a transition reads from → to; a registration comes from (new)', () => {
  assert.equal(transitionText(entry({})), '(new) → staging');
  assert.equal(transitionText(entry({ fromStage: 'staging', toStage: 'production' })), 'staging → production');
});

test('a line: UTC time to the second, version, transition, run, action, who and why; absent parts left out', () => {
  assert.equal(auditTime('2026-12-05T09:31:02.123Z'), '2026-12-05 09:31:02Z');
  assert.equal(
    auditLine(entry({ actor: 'mlpipe register', reason: 'accepted below the gate' })),
    '2026-12-05 09:31:02Z  v1  (new) → staging  run r-1  register by mlpipe register: accepted below the gate',
  );
  assert.equal(auditLine(entry({ action: 'promote', fromStage: 'staging', toStage: 'archived' })), '2026-12-05 09:31:02Z  v1  staging → archived  run r-1  promote');
});

test("a version's last transition is its newest entry, whatever other versions did after it", () => {
  const trail = [entry({ id: 1 }), entry({ id: 2, version: 2 }), entry({ id: 3, action: 'promote', fromStage: 'staging', toStage: 'production' }), entry({ id: 4, version: 2, action: 'promote' })];
  assert.equal(lastTransition(trail, 1)?.id, 3);
  assert.equal(lastTransition(trail, 2)?.id, 4);
  assert.equal(lastTransition(trail, 3), undefined);
});
