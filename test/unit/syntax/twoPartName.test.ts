import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../../server/mlpipe/index.js';
import type { Reference, SourceFile } from '../../../server/mlpipe/syntax/ast.js';
import { reparse } from '../../../server/mlpipe/syntax/incremental.js';
import { pathAt } from '../../../server/mlpipe/syntax/locate.js';
import { refIdents, refName, refNames, refPart, refPartCount, refPartIdent, refPartSpan } from '../../../server/mlpipe/syntax/reference.js';

const TEXT = 'pipeline p\nfeature w = 1\nfeature v = 2\nfeature u = 3\nfeature x = orders.amount + orders .qty + a.b.c\nfeature y = m.n@production\n';

function references(file: SourceFile): Reference[] {
  const found: Reference[] = [];
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as { kind?: string };
    if (o.kind === 'Reference') found.push(o as Reference);
    for (const [k, x] of Object.entries(o)) if (k !== 'parts') walk(x);
  };
  walk(file.statements);
  return found;
}

describe('a two-part name written without spaces', () => {
  it('holds no Idents or array until read; a spaced or longer name keeps them', () => {
    const [amount, qty, abc, mn] = references(parse(TEXT));
    assert.equal(amount.parts, 'amount');
    assert.equal(mn.parts, 'n');
    assert.ok(Array.isArray(qty.parts) && qty.parts.length === 2);
    assert.ok(Array.isArray(abc.parts) && abc.parts.length === 3);
  });

  it('reads as two parts with their names and spans, the Idents the same nodes each time', () => {
    const refs = references(parse(TEXT));
    for (const r of refs) {
      const names = refNames(r);
      assert.equal(refPartCount(r), names.length);
      assert.equal(refName(r), names.join('.'));
      refIdents(r).forEach((id, i) => {
        assert.equal(refPart(r, i), names[i]);
        assert.equal(TEXT.slice(id.start, id.end), names[i]);
        assert.deepEqual(refPartSpan(r, i), id);
        assert.equal(refPartIdent(r, i), id, 'the same node each time');
      });
    }
    assert.deepEqual(refNames(refs[0]), ['orders', 'amount']);
    assert.deepEqual(refNames(refs[3]), ['m', 'n']);
  });

  it("gives each part's span without making its Idents", () => {
    const [amount, , , mn] = references(parse(TEXT));
    for (const r of [amount, mn]) {
      const spans = [refPartSpan(r, 0), refPartSpan(r, 1)];
      assert.equal(typeof r.parts, 'string', 'still no Idents after the spans were read');
      assert.deepEqual(
        spans.map((s) => TEXT.slice(s.start, s.end)),
        refNames(r),
      );
      assert.deepEqual(
        refIdents(r).map((id) => ({ start: id.start, end: id.end })),
        spans.map((s) => ({ start: s.start, end: s.end })),
      );
    }
  });

  it('is the node the editor features walk to at its second part', () => {
    const file = parse(TEXT);
    const last = pathAt(file, TEXT.indexOf('amount') + 2).pop();
    assert.equal(last, refPartIdent(references(file)[0], 1));
  });

  it('moves with its line, made before the edit or after', () => {
    const prev = parse(TEXT);
    const asked = refPartIdent(references(prev)[0], 1);
    const text = TEXT.replace('u = 3', 'u = 300 + 4');
    const { file: moved, reused } = reparse(prev, text);
    assert.ok(reused && reused.after > 0, 'the statements are moved, not read again');
    const [amount, , , mn] = references(moved);
    assert.equal(refPartIdent(amount, 1), asked);
    assert.equal(text.slice(asked.start, asked.end), 'amount');
    const n = refPartIdent(mn, 1);
    assert.equal(text.slice(n.start, n.end), 'n');
  });
});
