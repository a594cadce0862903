// A model's 'inputs' that is not a plain list of feature names: the error names the item at fault,
// and does not cascade (the names it does hold still count as read by the model).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';

const pipeline = (inputs: string) =>
  'pipeline p\ndata tickets {\n  source = "t.csv"\n  target = priority\n}\n' +
  'feature channel = one_hot(tickets.channel)\nfeature tier = one_hot(tickets.tier)\n' +
  `model m {\n  kind = mlp\n  inputs = ${inputs}\n  seed = 1\n}\n` +
  'serve {\n  model = m_model@production\n}\nregister m_model {\n  from = m\n}\nevaluate {\n  require accuracy >= 0.5\n}\n' +
  'monitor {\n  drift channel js > 0.1\n  on_drift = alert\n}\n';

const found = (inputs: string) => {
  const text = pipeline(inputs);
  return analyze(text).diagnostics
    .filter((d) => d.code === 'invalid-value' || d.code.startsWith('lifecycle/'))
    .map((d) => `${d.code} ${text.slice(offset(text, d.range.start), offset(text, d.range.end))}: ${d.message}`);
};
function offset(text: string, p: { line: number; character: number }): number {
  return text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

test('a column in inputs is reported at the column, naming the feature to define', () => {
  const errors = (inputs: string) => found(inputs).filter((l) => !l.startsWith('lifecycle/unused-feature'));
  assert.deepEqual(errors('[channel, tier, tickets.attachments]'), [
    "invalid-value tickets.attachments: 'tickets.attachments' is a column, and 'inputs' name features: define 'feature attachments = tickets.attachments' and list 'attachments'",
  ]);
  // A feature of the column's name already exists: list it.
  assert.deepEqual(errors('[channel, tickets.tier]'), [
    "invalid-value tickets.tier: 'tickets.tier' is a column, and 'inputs' name features: list the feature 'tier'",
  ]);
  assert.deepEqual(errors('[channel, "tier"]'), [
    `invalid-value "tier": 'inputs' name features without quotes: write tier, not "tier"`,
  ]);
});

test('one feature without brackets is one error, and still counts as the model\'s input', () => {
  // Without the binder's reading, 'channel' and 'tier' were also reported unused and the drift line
  // on 'channel' as a feature the served model does not read: three findings for one cause.
  const got = found('channel');
  assert.deepEqual(got.filter((l) => !l.startsWith('lifecycle/unused-feature')), [
    "invalid-value channel: 'inputs' takes a list of feature names: write 'inputs = [channel]'",
  ]);
  assert.deepEqual(got.filter((l) => l.startsWith('lifecycle/unused-feature')).length, 1); // 'tier' only
});
