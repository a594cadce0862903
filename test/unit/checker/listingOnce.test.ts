/**
 * An unknown name with no close candidate ends its message with what there is ("Its columns are
 * …", "The features include …"). A generated file with thousands of unknown names made that same
 * sentence for every one of them: it is made once per check and candidate set.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bind } from '../../../server/mlpipe/binder.js';
import { CheckContext } from '../../../server/mlpipe/checker/context.js';
import { unknownReference } from '../../../server/mlpipe/checker/rules/unknownReference.js';
import { runRules } from '../../../server/mlpipe/checker/walk.js';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { basePipeline, CUSTOMERS, memoryHost, ORDERS } from './fixture.js';

const HOST = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS });

/** The messages of `unknowns` unknown 'table.column' names and as many unknown bare names, and how often the check read a table's columns. */
function check(unknowns: number): { messages: string[]; columnReads: number } {
  let text = basePipeline();
  for (let k = 0; k < unknowns; k++) text += `feature q${k} = customers.qqqqqq${k}\nfeature r${k} = zzzzzz${k}\n`;
  const file = parse(text);
  const ctx = new CheckContext(file, bind(file), new LineMap(text), HOST);
  const columns = ctx.columns.bind(ctx);
  let columnReads = 0;
  ctx.columns = (table) => (columnReads++, columns(table));
  runRules([unknownReference], file, ctx);
  return { messages: ctx.diagnostics.map((d) => d.message), columnReads };
}

test("an unknown name's listing is made once per check, however many names have none close", () => {
  const few = check(2);
  const many = check(8);
  assert.equal(many.messages.length, 16);
  for (let k = 0; k < 8; k++) {
    assert.equal(many.messages[2 * k], `'customers.qqqqqq${k}': 'customers' (customers.csv) has no column 'qqqqqq${k}'. Its columns are 'customer_id', 'snapshot_at', 'tenure_days', 'plan', 'support_tickets' and 'churned'.`);
    assert.match(many.messages[2 * k + 1], new RegExp(`^'zzzzzz${k}' is neither a feature nor a column of 'customers'\\. Its columns are 'customer_id', .* The features include 'tenure', `));
  }
  assert.equal(many.columnReads, few.columnReads, 'the columns are read for each listing');
});
