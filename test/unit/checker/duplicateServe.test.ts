/**
 * Serving reads one `serve` block and one `defaults` block in it (the first of each): a second
 * `serve` was reported as duplicate-definition while its defaults were still judged as fills
 * serving makes (unknown-reference, a serve default's type), and a second `defaults` in one
 * `serve` was not reported at all, while serving merged the two. Each later copy is now its one
 * duplicate-definition, nothing it holds is judged, and serving reads the first block only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { serveDefaults } from '../../../server/mlpipe/served.js';
import { basePipeline, checkText, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

const base = basePipeline();
describe('a serve or defaults block repeated', () => {
  it('a second serve block is one duplicate-definition: its defaults are not judged', () => {
    const second = 'serve {\n  model = churn_model@production\n  defaults {\n    nope = 1\n    plan = 3\n  }\n}\n';
    const text = edit(base, 'monitor {\n', `${second}\nmonitor {\n`);
    const all = checkText(text);
    const at = text.split('\n').lastIndexOf('serve {');
    const inSecond = all.filter((d) => d.range.start.line >= at && d.range.start.line <= at + 6);
    assert.deepEqual(inSecond.map((d) => [d.code, d.range.start.line - at]), [['duplicate-definition', 0]], JSON.stringify(inSecond));
  });

  it('a second defaults block in one serve is reported, and neither the check nor serving reads it', () => {
    const text = edit(base, '  model = churn_model@production\n', '  model = churn_model@production\n  defaults {\n    plan = "basic"\n  }\n  defaults {\n    nope = 1\n    plan = 3\n  }\n');
    const all = checkText(text);
    const second = text.split('\n').lastIndexOf('  defaults {');
    const found = all.filter((d) => d.range.start.line >= second && d.range.start.line <= second + 3);
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line - second]), [['duplicate-definition', 0]], JSON.stringify(found));
    assert.match(found[0].message, /^a second 'defaults' block in this 'serve' block: merge it into the first \(line \d+\)$/);
    const a = analyze(text, memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']));
    assert.deepEqual({ ...serveDefaults(a.binding) }, { plan: 'basic' });
  });

  it('two defaults blocks where none belongs are unknown-block each, not a duplicate', () => {
    const text = edit(base, '  seed   = 7\n', '  seed   = 7\n  defaults {\n  }\n  defaults {\n  }\n');
    const codes = checkText(text).filter((d) => d.code === 'unknown-block' || d.code === 'duplicate-definition').map((d) => d.code);
    assert.deepEqual(codes, ['unknown-block', 'unknown-block']);
  });
});
