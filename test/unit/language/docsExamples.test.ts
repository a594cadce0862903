/**
 * docs/language.md is what a new user writes a first pipeline from: each complete example on it
 * (a block that starts with `pipeline`) must check without an error against data of the shape the
 * page describes, and be written as `mlpipe format` writes it, or the page teaches a file the tool
 * refuses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { formatFile } from '../../../server/mlpipe/format/format.js';
import { parse } from '../../../server/mlpipe/syntax/parser.js';
import { checkText } from '../checker/fixture.js';

const doc = readFileSync(resolve(__dirname, '../../../docs/language.md'), 'utf8');
const examples = [...doc.matchAll(/```mlpipe\n(pipeline [\s\S]*?)```/g)].map((m) => m[1]);

/** Data of the shape the page describes, from a fixed formula (no randomness). */
function houses(): string {
  const hoods = ['north', 'south', 'east', 'west', 'center'];
  const rows = ['house_id,sold_at,sqft,bedrooms,neighborhood,condition,price'];
  for (let i = 0; i < 200; i++) {
    const sqft = 500 + ((i * 137) % 3500);
    const beds = 1 + (i % 6);
    rows.push(`H${i},2025-0${1 + (i % 9)}-15,${sqft},${beds},${hoods[i % 5]},${['good', 'fair', 'poor'][i % 3]},${50000 + sqft * 150 + beds * 10000 + (i % 5) * 20000}`);
  }
  return rows.join('\n') + '\n';
}

function tickets(): string {
  const rows = ['ticket_id,channel,priority,body_len,replies,category'];
  for (let i = 0; i < 200; i++) {
    const k = i % 3;
    const channel = i % 7 === 0 ? '' : ['email', 'chat', 'phone'][(i * 5) % 3];
    const replies = i % 11 === 0 ? '' : String((i % 4) + k);
    rows.push(`T${i},${channel},${['low', 'high'][(i >> 1) % 2]},${10 + ((i * 31) % 500) + k * 200},${replies},${['billing', 'technical', 'account'][k]}`);
  }
  return rows.join('\n') + '\n';
}

describe('docs/language.md examples', () => {
  it('has the two complete examples', () => {
    assert.equal(examples.length, 2);
  });

  for (const text of examples) {
    const name = /^pipeline (\w+)/.exec(text)![1];
    it(`${name}: checks without an error`, () => {
      const errors = checkText(text, { 'data/houses.csv': houses(), 'data/tickets.csv': tickets() }).filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
    });
    it(`${name}: is written as mlpipe format writes it`, () => {
      assert.equal(formatFile(parse(text)), text);
    });
  }
});
