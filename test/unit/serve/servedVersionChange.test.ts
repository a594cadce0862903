import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servedVersionChange, servedVersionChangeLine } from '../../../server/backend/serve/servedVersionChange.js';

const serving = { version: 1, stage: 'production' };

test('the reference names the served version in its stage: nothing to say', () => {
  assert.equal(servedVersionChange('m@production', serving, { version: 1, stage: 'production' }), undefined);
});

test('another version now, the served one moved, or none at all: said', () => {
  assert.equal(servedVersionChange('m@production', serving, { version: 3, stage: 'production' }), "'m@production' is now v3 (production)");
  assert.equal(servedVersionChange('m@1', serving, { version: 1, stage: 'archived' }), 'v1 is now archived');
  assert.equal(servedVersionChange('m', serving, { refused: "'m' has no version in production" }), "'m' names no version now ('m' has no version in production)");
});

test('the line says which version this server keeps serving, and how to serve the new one', () => {
  assert.equal(
    servedVersionChangeLine(serving, "'m@production' is now v3 (production)"),
    "the registry changed: 'm@production' is now v3 (production); this server serves v1 until it restarts: restart 'mlpipe serve' to serve what the registry names now",
  );
});
