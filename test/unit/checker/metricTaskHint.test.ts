/**
 * A gate of the other task than the one inferred from the target said only "'accuracy' is a
 * classification metric, but this pipeline's task is regression": a triage level written 1.0 to
 * 5.0 (not whole numbers, so regression) left the user without the fix. When no model writes
 * `task`, the message now says why the task is what it is and which `task` to write. Every
 * such message names the task's own metrics first: a regression gate written 'auc' on units sold
 * was only told to set 'task = classification'.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { memoryHost } from './fixture.js';

const pipeline = (task: string, gate: string) => `pipeline triage

data visits {
  source = "visits.csv"
  target = level
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature hr = standardize(visits.hr)

model m {
  kind   = mlp
  inputs = [hr]
  seed   = 1
  ${task}
}

evaluate {
  require ${gate}
}
`;

function errorsOf(task: string, gate: string, level: (i: number) => string): string[] {
  const lines = ['id,hr,level'];
  for (let i = 0; i < 40; i++) lines.push(`${i},${60 + i},${level(i)}`);
  return analyze(pipeline(task, gate), memoryHost({ 'visits.csv': lines.join('\n') + '\n' }))
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

describe('a gate of the other task than the inferred one', { timeout: 30_000 }, () => {
  it('says the target is whole numbers written with a decimal point, and to set task = classification (its quick fix)', () => {
    assert.deepEqual(errorsOf('', 'accuracy >= 0.5', (i) => `${(i % 5) + 1}.0`), [
      "'accuracy' is a classification metric, but this pipeline's task is regression: use 'rmse', 'mae' or 'r2', or set 'task = classification' in model 'm' (target 'level' holds 5 distinct whole numbers written with a decimal point, such as '1.0', which read as a regression target)",
    ]);
    const lines = ['id,hr,level', ...Array.from({ length: 40 }, (_, i) => `${i},${60 + i},${(i % 5) + 1}.0`)];
    const d = analyze(pipeline('', 'accuracy >= 0.5'), memoryHost({ 'visits.csv': lines.join('\n') + '\n' })).diagnostics.find((x) => x.severity === 'error');
    assert.deepEqual(d?.data, { fix: 'set-task', model: 'm', task: 'classification' });
  });

  it('says the target is not a few whole numbers when its values are not whole', () => {
    assert.deepEqual(errorsOf('', 'accuracy >= 0.5', (i) => `${(i % 5) + 1}.5`), [
      "'accuracy' is a classification metric, but this pipeline's task is regression: use 'rmse', 'mae' or 'r2', or set 'task = classification' in model 'm' (target 'level' is not a few whole numbers)",
    ]);
  });

  it("does not advise 'task = classification' for a measurement, which that task refuses", () => {
    // 40 distinct values, not whole: a classifier would learn each as a class (the target-task error).
    const level = (i: number) => `${60 + i}.25`;
    assert.deepEqual(errorsOf('', 'accuracy >= 0.5', level), ["'accuracy' is a classification metric, but this pipeline's task is regression: use 'rmse', 'mae' or 'r2'"]);
    assert.match(errorsOf('task = classification', 'accuracy >= 0.5', level).join('\n'), /a classifier would learn each value as a class/);
  });

  it('names every model when several infer the task and none writes it', () => {
    const two = (task: string, gate: string) => pipeline(task, gate).replace('evaluate {', 'model lin {\n  kind   = linear\n  inputs = [hr]\n  seed   = 1\n}\n\nevaluate {');
    const lines = ['id,hr,level', ...Array.from({ length: 40 }, (_, i) => `${i},${60 + i},${i % 5}`)];
    const errors = analyze(two('', 'rmse <= 1'), memoryHost({ 'visits.csv': lines.join('\n') + '\n' }))
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.message);
    assert.deepEqual(errors, [
      "'rmse' is a regression metric, but this pipeline's task is classification: use 'accuracy', 'auc', 'precision', 'recall', 'f1' or 'log_loss', or set 'task = regression' in models 'm' and 'lin' (target 'level' holds 5 distinct whole numbers, read as classes)",
    ]);
  });

  it('says the target is a few whole numbers, and to set task = regression', () => {
    assert.deepEqual(errorsOf('', 'rmse <= 1', (i) => `${(i % 5) + 1}`), [
      "'rmse' is a regression metric, but this pipeline's task is classification: use 'accuracy', 'auc', 'precision', 'recall', 'f1' or 'log_loss', or set 'task = regression' in model 'm' (target 'level' holds 5 distinct whole numbers, read as classes)",
    ]);
  });

  // Units sold per day: whole numbers, but many of them. The task is right and the gate is wrong,
  // so the regression metrics come first, and the reason names the count, not "a few whole numbers".
  it('names the task\'s own metrics first, and why many whole numbers are regression', () => {
    assert.deepEqual(errorsOf('', 'auc >= 0.8', (i) => `${40 + i * 3}`), [
      "'auc' is a classification metric, but this pipeline's task is regression: use 'rmse', 'mae' or 'r2', or set 'task = classification' in model 'm' (target 'level' has more than 10 distinct values)",
    ]);
  });

  it('adds nothing when the model writes its task: the gate is what is wrong', () => {
    assert.deepEqual(errorsOf('task = regression', 'accuracy >= 0.5', (i) => `${(i % 5) + 1}`), [
      "'accuracy' is a classification metric, but this pipeline's task is regression: use 'rmse', 'mae' or 'r2'",
    ]);
  });
});

describe('a classify-only kind on a target of many whole numbers', () => {
  // The same reason as the gates' message: units sold are whole numbers, just many of them.
  it('says the target has more than 10 distinct values', () => {
    const lines = ['id,hr,level'];
    for (let i = 0; i < 40; i++) lines.push(`${i},${60 + i},${40 + i * 3}`);
    const text = pipeline('', 'rmse <= 100').replace('kind   = mlp', 'kind   = logistic');
    const errors = analyze(text, memoryHost({ 'visits.csv': lines.join('\n') + '\n' })).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    assert.deepEqual(errors, ["a 'logistic' model can only classify, and model 'm' learns a regression (target 'level' has more than 10 distinct values): use kind linear or mlp"]);
  });
});

describe('gates over models of both tasks', () => {
  // Every model's run is judged by every gate: 'rmse' was never computed for the classifier, so
  // each of its runs failed the gate 'not computed' after a clean check.
  const both = (gates: string) =>
    pipeline('task = classification', gates).replace('evaluate {', 'model reg {\n  kind   = linear\n  inputs = [hr]\n  seed   = 1\n  task   = regression\n}\n\nevaluate {');
  const lines = ['id,hr,level', ...Array.from({ length: 40 }, (_, i) => `${i},${60 + i},${i % 3}`)];
  const errors = (text: string) =>
    analyze(text, memoryHost({ 'visits.csv': lines.join('\n') + '\n' }))
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => d.message);

  it('names the models a metric is never computed for', () => {
    assert.deepEqual(errors(both('rmse <= 8\n  require accuracy >= 0.2')), [
      "'rmse' is a regression metric, but model 'm' learns another task, and every 'require' judges every model's run: it would never be computed for it; keep the models of one task in a pipeline file",
      "'accuracy' is a classification metric, but model 'reg' learns another task, and every 'require' judges every model's run: it would never be computed for it; keep the models of one task in a pipeline file",
    ]);
  });

  it('says nothing when every model learns the metric\'s task', () => {
    assert.deepEqual(errors(both('rmse <= 8').replace('task = classification', 'task = regression')), []);
  });
});
