import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const codes = (text: string) => checkText(text).map((d) => `${d.code}: ${d.message}`);
const cascade = (found: string[]) => found.filter((c) => c.startsWith('lifecycle/unused-feature') || c.startsWith('lifecycle/unknown-drift-target'));

test("a syntax error in a model's 'inputs' is the one error: its features are not reported unused, nor its drift targets unread", () => {
  // The list on the line after 'inputs =': statements end at a newline, so the value is unread.
  const broken = codes(edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs =\n    [tenure, spend_z, plan]'));
  assert.ok(broken.some((c) => c.startsWith('syntax')), broken.join('\n'));
  assert.deepEqual(cascade(broken), []);
  // An item that cannot be read ('plan +'): the names it held are not known either.
  const item = codes(edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, plan +]'));
  assert.ok(item.some((c) => c.startsWith('syntax')), item.join('\n'));
  assert.deepEqual(cascade(item), []);
});

test("'inputs' read whole still report a feature no model uses, and a drift line on it", () => {
  const found = codes(edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, plan]'));
  assert.ok(found.some((c) => c.startsWith("lifecycle/unused-feature: no model uses feature 'spend_z'")), found.join('\n'));
  assert.ok(found.some((c) => c.startsWith("lifecycle/unknown-drift-target: 'spend_z' is not used")), found.join('\n'));
});
