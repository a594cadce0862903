import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basePipeline, checkText, edit } from './fixture.js';

const codes = (text: string) => checkText(text).map((d) => `${d.code}: ${d.message}`);
const cascade = (found: string[]) => found.filter((c) => /^(lifecycle\/unused-feature|lifecycle\/unknown-drift-target|lifecycle\/unused-default):/.test(c));
const withDefault = (text: string) => text.replace('model = churn_model@production', 'model = churn_model@production\n  defaults {\n    plan = "basic"\n  }');

test("a syntax error in a model's 'inputs' is the one error: its features are not reported unused, nor its drift targets or serve defaults unread", () => {
  // The list on the line after 'inputs =': statements end at a newline, so the value is unread.
  const broken = codes(withDefault(edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs =\n    [tenure, spend_z, plan]')));
  assert.ok(broken.some((c) => c.startsWith('syntax')), broken.join('\n'));
  assert.deepEqual(cascade(broken), []);
  // An item that cannot be read ('plan +'): the names it held are not known either.
  const item = codes(edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, plan +]'));
  assert.ok(item.some((c) => c.startsWith('syntax')), item.join('\n'));
  assert.deepEqual(cascade(item), []);
});

test("'inputs' read whole still report a feature no model uses, a drift line on it, and a serve default nothing reads", () => {
  const found = codes(withDefault(edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z]')));
  assert.ok(found.some((c) => c.startsWith("lifecycle/unused-default: the serve default for 'plan' fills nothing")), found.join('\n'));
  const found2 = codes(edit(basePipeline(), 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, plan]'));
  assert.ok(found2.some((c) => c.startsWith("lifecycle/unused-feature: no model uses feature 'spend_z'")), found2.join('\n'));
  assert.ok(found2.some((c) => c.startsWith("lifecycle/unknown-drift-target: 'spend_z' is not used")), found2.join('\n'));
});
