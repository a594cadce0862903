import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleRows } from '../../../server/lsp/dataPreview.js';
import { markdownToPlain } from '../../../server/lsp/plainText.js';
import type { DataInfo } from '../../../server/mlpipe/data/info.js';

const values: Record<string, Array<string | null>> = {
  id: ['1', '2', '3', '4'],
  note: ['line\nbreak', 'a|b *bold* _it_', '`code` <b>h</b>', 'back\\slash [x](y) a long tail'],
};
const info: DataInfo = {
  status: 'ok',
  path: '/x.csv',
  rowsRead: 4,
  columns: [
    { name: 'id', type: 'integer', missing: 0, distinct: 4 },
    { name: 'note', type: 'string', missing: 0, distinct: 4 },
  ],
  values: (c) => values[c],
};

describe('the data hover sample rows', () => {
  it('writes each value as one literal markdown cell: line breaks shown, markdown and HTML escaped', () => {
    const rows = sampleRows(info, undefined);
    assert.equal(rows.length, 6, 'a header, its rule and one line per row');
    assert.equal(rows[2], '| 1 | line↵break |');
    assert.equal(rows[3], '| 2 | a\\|b \\*bold\\* \\_it\\_ |');
    assert.equal(rows[4], '| 3 | \\`code\\` \\<b\\>h\\</b\\> |');
    // Cut to the cell width, then escaped.
    assert.equal(rows[5], '| 4 | back\\\\slash \\[x\\](y) a lon… |');
    for (const row of rows) assert.equal(row.split(/(?<!\\)\|/).length, 4, `a cell separator inside a value: ${row}`);
  });

  it('reads back as the values in plain text', () => {
    const plain = markdownToPlain(sampleRows(info, undefined).join('\n')).split('\n');
    assert.deepEqual(plain, ['id  note', '1  line↵break', '2  a|b *bold* _it_', '3  `code` <b>h</b>', '4  back\\slash [x](y) a lon…']);
  });
});
