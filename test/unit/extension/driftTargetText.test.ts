import assert from 'node:assert/strict';
import { test } from 'node:test';
import { driftTargetDescription, driftTargetState, monitorLensTitle } from '../../../extension/format/driftTargetText.js';
import type { DriftTargetStatus } from '../../../server/protocol/backend.js';

const target = (over: Partial<DriftTargetStatus>): DriftTargetStatus => ({ target: 'tenure', statistic: 'psi', value: 0.05, threshold: 0.2, op: '>', drifted: false, ...over });

test('a measured target: its statistic, value and test, and its state', () => {
  assert.equal(driftTargetDescription(target({})), 'psi 0.050 (> 0.2)');
  assert.equal(driftTargetState(target({})), 'ok');
  assert.equal(driftTargetState(target({ value: 0.4, drifted: true })), 'drifted');
  assert.equal(driftTargetDescription(target({ drifted: null })), 'psi 0.050 (> 0.2) · verdict held');
  assert.equal(driftTargetState(target({ drifted: null })), 'held');
  // Before the first prediction: no value, and the verdict held.
  assert.equal(driftTargetDescription(target({ value: null, drifted: null })), 'psi – (> 0.2) · verdict held');
});

test('a target with no value in a full window is not measured, never passing, and says why', () => {
  assert.equal(driftTargetState(target({ value: null, drifted: false })), 'unmeasured');
  assert.equal(driftTargetDescription(target({ value: null, drifted: false })), 'psi – (> 0.2) · not measured');
  const gone = target({ value: null, drifted: false, allMissing: true, missing: { window: 1, training: 0.05 } });
  assert.equal(driftTargetState(gone), 'unmeasured');
  assert.equal(driftTargetDescription(gone), 'psi – (> 0.2) · not measured: every value in the window is missing · missing 100.0% (training 5.0%)');
  // Every value missing before the window is full: not measured either, rather than held.
  assert.equal(driftTargetState(target({ value: null, drifted: null, allMissing: true })), 'unmeasured');
});

test("a target's missing share follows its verdict when either side has one, as mlpipe drift says it", () => {
  assert.equal(driftTargetDescription(target({ missing: { window: 0.6, training: 0.05 } })), 'psi 0.050 (> 0.2) · missing 60.0% (training 5.0%)');
  assert.equal(driftTargetDescription(target({ missing: { window: 0.6, training: null } })), 'psi 0.050 (> 0.2) · missing 60.0% (training unknown)');
  assert.equal(driftTargetDescription(target({ missing: { window: 0, training: 0 } })), 'psi 0.050 (> 0.2)');
});

test("the monitor block's lens: drifted targets, else a filling window, else no drift naming what was not measured", () => {
  const full = { size: 500, filled: 500 };
  const gone = target({ target: 'income', value: null, drifted: false, allMissing: true });
  assert.equal(monitorLensTitle([target({}), target({ target: 'plan', value: 0.4, drifted: true })], full), '⚠ drift: plan');
  assert.equal(monitorLensTitle([target({ drifted: null })], { size: 500, filled: 120 }), '◌ drift: 120 of 500 predictions, verdict held');
  assert.equal(monitorLensTitle([target({})], full), '✓ no drift');
  assert.equal(monitorLensTitle([target({}), gone], full), '✓ no drift · not measured: income');
  assert.equal(monitorLensTitle([gone], full), '○ drift not measured: income');
});
