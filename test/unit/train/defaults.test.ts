/**
 * The training defaults (server/backend/train/defaults.ts): a linear model's step size is 10x a
 * network's, and a small data set gets enough epochs for TRAIN_DEFAULTS.minSteps steps, so that a
 * plain pipeline learns iris as scikit-learn's defaults do (test/integration/data/defaultsVsSklearn).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TRAIN_DEFAULTS, TRAIN_DEFAULTS_BEFORE_0_2, trainSettings } from '../../../server/backend/train/index.js';

describe('trainSettings', { timeout: 5_000 }, () => {
  it('fills the learning rate by kind', () => {
    assert.equal(trainSettings({ kind: 'mlp', rows: 100_000 }).learningRate, 0.001);
    assert.equal(trainSettings({ kind: 'logistic', rows: 100_000 }).learningRate, 0.01);
    assert.equal(trainSettings({ kind: 'linear', rows: 100_000 }).learningRate, 0.01);
  });

  it('gives a small data set enough epochs for the minimum of steps, and a large one 10', () => {
    // 120 rows at batch 32: 4 steps an epoch, 125 epochs for 500 steps.
    assert.deepEqual(trainSettings({ kind: 'mlp', rows: 120 }), { epochs: 125, batchSize: 32, learningRate: 0.001, optimizer: 'adam' });
    assert.equal(trainSettings({ kind: 'mlp', rows: 16_000 }).epochs, 10);
    assert.equal(trainSettings({ kind: 'mlp', rows: 1 }).epochs, TRAIN_DEFAULTS.minSteps);
    // A larger batch means fewer steps an epoch, so more epochs.
    assert.equal(trainSettings({ kind: 'mlp', rows: 1000, batchSize: 500 }).epochs, 250);
  });

  it('keeps what the model block states, and an override in place of the catalogue', () => {
    assert.deepEqual(trainSettings({ kind: 'logistic', rows: 120, epochs: 3, batchSize: 500, learningRate: 0.5, optimizer: 'sgd' }), {
      epochs: 3,
      batchSize: 120,
      learningRate: 0.5,
      optimizer: 'sgd',
    });
    assert.deepEqual(trainSettings({ kind: 'logistic', rows: 120 }, TRAIN_DEFAULTS_BEFORE_0_2), { epochs: 10, batchSize: 32, learningRate: 0.001, optimizer: 'adam' });
    assert.equal(trainSettings({ kind: 'logistic', rows: 120, learningRate: 0.2 }, TRAIN_DEFAULTS_BEFORE_0_2).learningRate, 0.2);
  });
});
