/**
 * The model a run trains. A drift retrain names the registered model being served
 * (`registeredAs`): it trains the model that name's `register` block takes, and refuses a name no
 * block of the file registers (served with `--model` from another pipeline's names), where it
 * trained and registered the file's first registered model instead.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { chooseModel } from '../../../server/backend/pipeline/config.js';

const binding = bind(
  parse(`pipeline p

data t {
  source = "t.csv"
  target = y
}

feature f = t.a

model ma {
  kind   = logistic
  inputs = [f]
}

model mb {
  kind   = logistic
  inputs = [f]
}

register ra {
  from = ma
}

register rb {
  from = mb
}
`),
);

test('a plain run trains the first registered model; a retrain of rb trains mb', () => {
  assert.equal(chooseModel(binding).name, 'ma');
  assert.equal(chooseModel(binding, undefined, 'rb').name, 'mb');
  assert.equal(chooseModel(binding, 'ma', 'rb').name, 'ma', '--model wins');
});

test('a retrain of a registered name no block of the file registers is refused, naming it', () => {
  assert.throws(() => chooseModel(binding, undefined, 'churn_model'), /the served 'churn_model' is registered by no 'register' block of this pipeline/);
});
