import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../../server/mlpipe/index.js';
import type { Reference, SourceFile } from '../../../server/mlpipe/syntax/ast.js';
import { reparse } from '../../../server/mlpipe/syntax/incremental.js';
import { childrenOf, pathAt } from '../../../server/mlpipe/syntax/locate.js';
import { refIdents, refName, refNames, refPart, refPartCount, refPartIdent, refPartSpan } from '../../../server/mlpipe/syntax/reference.js';

const TEXT = 'pipeline p\nfeature x = 1\nfeature y = 2\nfeature w = 3\nfeature a = tenure\nfeature b = customers.plan\nfeature c = iris.sepal.length\nserve {\n  model = churn@production\n}\n';

/** The value of the `k`th statement after the three leading ones. */
function valueOf(file: SourceFile, k: number): Reference {
  const s = file.statements[k + 3];
  const v = s.kind === 'Feature' ? s.value : s.entries[0].kind === 'Attribute' ? s.entries[0].value : undefined;
  if (v?.kind !== 'Reference') throw new Error('expected a reference');
  return v;
}

/** Each part as [name, the text its span covers]. */
function parts(text: string, r: Reference): string[][] {
  return Array.from({ length: refPartCount(r) }, (_, i) => {
    const s = refPartSpan(r, i);
    return [refPart(r, i), text.slice(s.start, s.end)];
  });
}

describe('references', () => {
  it('a one-part name is the Reference node alone, with no parts array or Ident', () => {
    const r = valueOf(parse(TEXT), 0);
    assert.equal(r.parts, undefined);
    assert.equal(r.name, 'tenure');
    assert.deepEqual(parts(TEXT, r), [['tenure', 'tenure']]);
    assert.equal(refName(r), 'tenure');
    assert.deepEqual(refNames(r), ['tenure']);
  });

  it('reads every part of a dotted name, and only the name of a served model@stage', () => {
    const file = parse(TEXT);
    assert.deepEqual(parts(TEXT, valueOf(file, 1)), [['customers', 'customers'], ['plan', 'plan']]);
    assert.equal(refName(valueOf(file, 2)), 'iris.sepal.length');
    assert.deepEqual(refNames(valueOf(file, 2)), ['iris', 'sepal', 'length']);
    const served = valueOf(file, 3);
    assert.equal(TEXT.slice(served.start, served.end), 'churn@production');
    assert.deepEqual(parts(TEXT, served), [['churn', 'churn']]);
    assert.deepEqual(refPartIdent(served, 0), { kind: 'Ident', name: 'churn', start: served.start, end: served.start + 5 });
  });

  it('gives every part as an Ident, the one-part name too, as the editor features walk to them', () => {
    const file = parse(TEXT);
    for (const [k, word] of [[0, 'tenure'], [1, 'plan'], [3, 'churn']] as const) {
      const r = valueOf(file, k);
      const at = TEXT.indexOf(word, r.start) + 1;
      const last = pathAt(file, at).pop();
      assert.equal(last?.kind, 'Ident', word);
      assert.equal(last.kind === 'Ident' && last.name, word);
      assert.deepEqual(childrenOf(r), refIdents(r));
      assert.equal(childrenOf(r)[0], refPartIdent(r, 0), 'the same node each time');
    }
  });

  it('an edit above a name moves it as a fresh parse places it', () => {
    const prev = parse(TEXT);
    // A name's Ident asked for before the edit (a cache keeps it) moves with it.
    const asked = refPartIdent(valueOf(prev, 0), 0);
    const text = TEXT.replace('w = 3', 'w = 300 + 4');
    const { file: moved, reused } = reparse(prev, text);
    assert.equal(reused?.after, 4, 'the statements are moved, not read again');
    const fresh = parse(text);
    for (const k of [0, 1, 2, 3]) assert.deepEqual(parts(text, valueOf(moved, k)), parts(text, valueOf(fresh, k)));
    assert.deepEqual([asked.start, asked.end], [text.indexOf('tenure'), text.indexOf('tenure') + 6]);
    const plain = (f: SourceFile) => JSON.stringify(f.statements, (k, v: unknown) => (k === 'ident' ? undefined : v));
    assert.equal(plain(moved), plain(fresh));
  });
});
