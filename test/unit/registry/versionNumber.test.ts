import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseVersionNumber } from '../../../server/backend/registry/versionNumber.js';

test('a version is written 3 or v3', () => {
  assert.equal(parseVersionNumber('3'), 3);
  assert.equal(parseVersionNumber('v12'), 12);
  assert.equal(parseVersionNumber('007'), 7);
});

// JavaScript's Number read each of these as a version: `promote m 0x10 production` promoted v16.
test('what Number reads as a number is no version: hex, exponents, spaces, fractions, huge digits', () => {
  for (const text of ['0x1', '1e1', ' 1', '1 ', '', 'v', '1.5', '1.0', '-1', '+1', '0', 'V1', '99999999999999999999', 'Infinity']) {
    assert.equal(parseVersionNumber(text), undefined, text);
  }
});
