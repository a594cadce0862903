import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, train, TrainInputError, type TrainInput } from '../../../server/backend/train/index.js';
import { binaryProblem } from './helpers/synthetic.js';

const base = (): TrainInput => ({ ...binaryProblem(100, 4), task: 'binary', kind: 'logistic', epochs: 1, seed: 1 });

function rejectsWith(input: TrainInput, field: string, pattern: RegExp, where?: { row?: number; column?: number }) {
  return assert.rejects(train(input), (e: unknown) => {
    assert.ok(e instanceof TrainInputError, String(e));
    assert.equal(e.field, field);
    assert.match(e.message, pattern);
    if (where) {
      assert.equal(e.row, where.row);
      assert.equal(e.column, where.column);
    }
    return true;
  });
}

test.before(async () => {
  await selectBackend('cpu');
});

test('a non-finite feature is reported with its row and column', async () => {
  const input = base();
  input.x[7 * 4 + 2] = NaN;
  await rejectsWith(input, 'x', /row 7, column 2: NaN is not a finite number/, { row: 7, column: 2 });
});

test('labels must fit the task', async () => {
  const input = base();
  input.y[5] = 2;
  await rejectsWith(input, 'y', /row 5: 2 is not a class index in 0\.\.1/, { row: 5, column: undefined });
  const multi = { ...base(), task: 'multiclass' as const, classes: 3 };
  multi.y[0] = 0.5;
  await rejectsWith(multi, 'y', /row 0: 0\.5 is not a class index in 0\.\.2/);
  await rejectsWith({ ...base(), task: 'multiclass' }, 'classes', /needs classes >= 3/);
});

test('shapes and settings are checked', async () => {
  await rejectsWith({ ...base(), rows: 99 }, 'x', /400 values but rows x cols = 99 x 4 = 396/);
  await rejectsWith({ ...base(), epochs: 0 }, 'epochs', /0 is not a positive integer/);
  await rejectsWith({ ...base(), learningRate: -1 }, 'learningRate', /-1 is not a positive number/);
  await rejectsWith({ ...base(), kind: 'mlp', layers: [8, 0] }, 'layers', /layer 2 has 0 units/);
  await rejectsWith({ ...base(), optimizer: 'lbfgs' as never }, 'optimizer', /'lbfgs' is not one of adam, sgd, rmsprop, adagrad/);
  const v = binaryProblem(10, 3);
  await rejectsWith({ ...base(), validation: v }, 'validation.x', /30 values but rows x cols = 10 x 4 = 40/);
});

test('a cancelled run stops between batches with an AbortError', async () => {
  const controller = new AbortController();
  const input = { ...binaryProblem(2000, 4), task: 'binary' as const, kind: 'mlp' as const, epochs: 50, seed: 1, signal: controller.signal };
  let epochs = 0;
  await assert.rejects(
    train(input, () => {
      epochs++;
      controller.abort();
    }),
    { name: 'AbortError' },
  );
  assert.equal(epochs, 1);
});

test('predict checks its input', async () => {
  const model = await train(base());
  await assert.rejects(model.predict(new Float32Array(7), 2), /x: has 7 values but rows x cols = 2 x 4 = 8/);
  model.dispose();
  await assert.rejects(model.predict(new Float32Array(4), 1), /disposed/);
});
