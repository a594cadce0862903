/**
 * Parity of a multiclass model compared only the predicted label: a logged answer whose
 * probabilities differ from what the batch path computes, with the same arg-max, counted as a
 * match. Every probability is now compared, bit for bit, as a binary model's one is.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { logPredictions, parityOf, requestRows, trainedChurn, type Project } from './project.js';

/** The churn example predicting the customer's plan (basic, premium, standard) instead. */
const plans = (text: string) =>
  text
    .replace('target  = churned', 'target  = plan')
    .replace(/^feature plan .*$/m, '')
    .replace('inputs        = [tenure_z, order_z, orders_90d, plan, tickets, charges]', 'inputs        = [tenure_z, order_z, orders_90d, tickets, charges]')
    .replace('seed          = 7', 'seed          = 7\n  task          = classification')
    .replace('require auc      >= 0.80', 'require log_loss <= 5')
    .replace('require accuracy >= 0.78', 'require accuracy >= 0.3')
    .replace(/^ {2}drift plan .*$/m, '');

let project: Project;
before(async () => {
  project = await trainedChurn(plans);
});
after(() => project?.dispose());

describe('parity of a multiclass model', { timeout: 180_000 }, () => {
  it('compares every probability, not only the label', async () => {
    assert.equal(project.run.task, 'multiclass');
    const rows = requestRows(join(project.dir, 'data/customers.csv'), 100);
    await logPredictions(project.file, rows);
    const clean = await parityOf(project.file);
    assert.ok(clean.ok, JSON.stringify(clean.mismatches));
    // A logged answer whose probabilities differ in the last bits, its label unchanged.
    const db = new Database(join(project.dir, '.mlpipe/predictions.db'));
    try {
      const row = db.prepare('SELECT seq, prediction FROM logged ORDER BY seq LIMIT 1').get() as { seq: number; prediction: string };
      const answer = JSON.parse(row.prediction) as { label: string; probabilities: Record<string, number> };
      const other = Object.keys(answer.probabilities).find((l) => l !== answer.label)!;
      answer.probabilities[other] = Math.fround(answer.probabilities[other] * 1.001);
      db.prepare('UPDATE logged SET prediction = ? WHERE seq = ?').run(JSON.stringify(answer), row.seq);
    } finally {
      db.close();
    }
    const skewed = await parityOf(project.file);
    assert.equal(skewed.ok, false);
    const prediction = skewed.targets.find((t) => t.target === 'prediction')!;
    assert.equal(prediction.mismatch, 1);
    assert.equal(prediction.match, skewed.rows - 1);
    assert.equal(skewed.mismatches[0].target, 'prediction');
    assert.match(String(skewed.mismatches[0].serving), /^\{"basic":/);
  });
});
