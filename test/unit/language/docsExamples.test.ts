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
import { BLOCKS } from '../../../server/mlpipe/language/blocks.js';
import { TOP_LEVEL_BLOCKS } from '../../../server/mlpipe/language/keywords.js';
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

describe("docs/language.md's table of blocks", () => {
  // Each row: `KIND` | name | the attributes (required ones in bold), each with its values in parentheses.
  const rows = [...doc.matchAll(/^\| `(\w+)` \| [^|\n]* \| (.*) \|$/gm)].map((m) => ({ kind: m[1]!, cell: m[2]! }));

  it('has a row for every top-level block kind', () => {
    assert.deepEqual(rows.map((r) => r.kind).sort(), [...TOP_LEVEL_BLOCKS].sort());
  });

  for (const { kind, cell } of rows) {
    it(`'${kind}': names the catalogue's attributes and lines, its required ones in bold, and only values they take`, () => {
      // What the parentheses say is about a value; the names are outside them.
      let outside = cell;
      for (let before = ''; before !== outside; ) [before, outside] = [outside, outside.replace(/\([^()]*\)/g, '')];
      const named = [...outside.matchAll(/(\*\*)?`([^`]+)`/g)].map((m) => ({ name: m[2]!.split(/[ {]/)[0]!, bold: m[1] !== undefined }));
      const spec = BLOCKS[kind]!;
      // `feature` lines in `serve` are what a rule reports (a serving path that redefines a feature): not taught here.
      const known = [...spec.attributes.map((a) => a.name), ...(spec.entries ?? []).filter((e) => !(kind === 'serve' && e === 'feature')), ...(spec.nested ?? [])];
      assert.deepEqual(named.map((n) => n.name).sort(), known.sort());
      assert.deepEqual(named.filter((n) => n.bold).map((n) => n.name).sort(), spec.attributes.filter((a) => a.required).map((a) => a.name).sort());
      // A bare word given as a value in the parentheses is one the attribute takes.
      for (const a of spec.attributes.filter((x) => x.values)) {
        const said = new RegExp(`\`${a.name}\` \\(([^)]*)\\)`).exec(cell)?.[1] ?? '';
        for (const word of [...said.matchAll(/`(\w+)`/g)].map((m) => m[1]!)) assert.ok(a.values!.includes(word), `${kind}.${a.name} takes no '${word}'`);
      }
    });
  }
});
