import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';
import { format } from '../../../server/mlpipe/format/format.js';
import { analyze, parse } from '../../../server/mlpipe/index.js';
import { LineMap } from '../../../server/mlpipe/syntax/lineMap.js';
import { shape } from '../format/shape.js';
import { basePipeline, memoryHost, CUSTOMERS, ORDERS } from './fixture.js';
import { replaying } from '../testing/replaySeed.js';
import { envInteger } from '../../support/envInteger.js';

const SNIPPETS = ['{', '}', '[', ']', '(', ')', ',', '=', '"', '#', '\n', '\r\n', '@', '.', '-', ' feature ', ' data ', 'x', '90d', '1e-3', '>=', '\\', '\uFEFF', '😀', 'fill_missing(', 'window_mean(orders.order_value, 90d', 'model m {', 'serve {'];

function mutate(text: string, rng: Mulberry32): string {
  const n = 1 + Math.floor(rng.float() * 3);
  let t = text;
  for (let k = 0; k < n; k++) {
    const i = Math.floor(rng.float() * (t.length + 1));
    const op = Math.floor(rng.float() * 5);
    if (op === 0) t = t.slice(0, i) + t.slice(i + 1 + Math.floor(rng.float() * 20));
    else if (op === 1) t = t.slice(0, i) + SNIPPETS[Math.floor(rng.float() * SNIPPETS.length)] + t.slice(i);
    else if (op === 2) {
      const lines = t.split('\n');
      const a = Math.floor(rng.float() * lines.length);
      const b = Math.floor(rng.float() * lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      t = lines.join('\n');
    } else if (op === 3) t = t.slice(0, i);
    else {
      const lines = t.split('\n');
      const a = Math.floor(rng.float() * lines.length);
      lines.splice(a, 0, lines[a]);
      t = lines.join('\n');
    }
  }
  return t;
}

describe('fuzz: the checker and formatter on thousands of mutated files', () => {
  const host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
  const seeds = [basePipeline(), readFileSync(join(__dirname, '../../../examples/churn/churn.mlpipe'), 'utf8')];
  it('never throws, keeps every range inside the file, formats idempotently, keeps each comment once', () => {
    const seed = envInteger('MLPIPE_FUZZ_SEED', 20261128);
    return replaying('MLPIPE_FUZZ_SEED', seed, () => {
      const rng = new Mulberry32(seed);
      let formatted = 0;
      for (let iter = 0; iter < 3000; iter++) {
        const text = mutate(seeds[iter % seeds.length], rng);
        let result;
        try {
          result = analyze(text, host);
        } catch (e) {
          assert.fail(`analyze threw on iteration ${iter}: ${(e as Error).stack}\n--- input ---\n${text}`);
        }
        const lines = new LineMap(text);
        for (const d of result.diagnostics) {
          assert.ok(d.start >= 0 && d.start <= d.end && d.end <= text.length, `offsets out of file: ${d.code} ${d.start}-${d.end} of ${text.length}`);
          const { start, end } = d.range;
          assert.ok(start.line < lines.lineCount && end.line < lines.lineCount, `line out of file: ${d.code}`);
          assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `inverted range: ${d.code}`);
          assert.ok(end.character <= lines.lineEnd(end.line) - lines.lineStarts[end.line] + 1, `character past line end: ${d.code}`);
        }
        const out = format(text);
        if (result.file.syntaxErrors.length === 0) {
          formatted++;
          assert.equal(format(out), out, `format not idempotent on iteration ${iter}`);
          assert.deepEqual(shape(parse(out)), shape(result.file), `format changed the meaning on iteration ${iter}`);
          const comments = (f: ReturnType<typeof parse>) => f.comments.map((c) => c.text.trim()).sort();
          assert.deepEqual(comments(parse(out)), comments(result.file), `format lost or copied a comment on iteration ${iter}`);
        } else assert.equal(out, text);
      }
      assert.ok(formatted > 100, `too few syntactically valid mutants to exercise the formatter: ${formatted}`);
    });
  });
});
