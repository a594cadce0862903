/**
 * Completion inside `serve { defaults { … } }` offers the columns a request carries for the
 * served model (the list `/metadata` gives as its inputs: `servedRequestFields`), not every
 * column of the primary table: a default for a column no served feature reads fills nothing.
 * Hover on an entry says which of the two it is.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, Hover } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { inProcessClient, positionOf, type TestClient } from './client.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { servedRequestFields } from '../../../server/mlpipe/served.js';

const PIPELINE = `pipeline p

data d {
  source = "d.csv"
  target = label
  key    = id
  time   = t
}

data o {
  source = "o.csv"
  key    = id
  time   = at
}

split {
  test = 0.25
  seed = 1
}

feature f      = min_max(charges)
feature spent  = fill_missing(window_sum(o.v, 30d, as_of = d.t), 0)
feature unread = log1p(other)

model m {
  kind   = logistic
  inputs = [f, spent]
  seed   = 2
}

model n {
  kind   = logistic
  inputs = [unread]
  seed   = 2
}

serve {
  model = m
  defaults {
  }
}
`;

describe('completion in serve defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-defaults-'));
  const file = join(dir, 'p.mlpipe');
  let client: TestClient;
  let uri: string;
  before(async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 2},2026-01-${String((i % 28) + 1).padStart(2, '0')},${i * 3},${i % 3},${i % 5}`);
    writeFileSync(join(dir, 'd.csv'), ['id,label,t,charges,other,never', ...rows].join('\n') + '\n');
    const orders = Array.from({ length: 30 }, (_, i) => `${i % 10},2025-12-${String((i % 28) + 1).padStart(2, '0')},${i}`);
    writeFileSync(join(dir, 'o.csv'), ['id,at,v', ...orders].join('\n') + '\n');
    writeFileSync(file, PIPELINE);
    client = inProcessClient();
    await client.initialize({ capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } } });
    ({ uri } = await client.open(file));
  });
  after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const labels = async (edited: string) => {
    const at = edited.indexOf('|');
    const plain = edited.slice(0, at) + edited.slice(at + 1);
    await client.change(uri, plain);
    const list = await client.request<CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position: TextDocument.create(uri, 'mlpipe', 0, plain).positionAt(at),
      context: { triggerKind: 1 },
    });
    return (list?.items ?? []).map((i) => i.label);
  };

  it('offers exactly the served request fields, as /metadata lists them', async () => {
    const offered = await labels(PIPELINE.replace('  defaults {\n', '  defaults {\n    |\n'));
    const fields = servedRequestFields(analyze(PIPELINE).binding)!.map((f) => f.column);
    assert.deepEqual([...offered].sort(), [...fields].sort());
    // The window's key and as_of are read; the other model's column and an unread one are not.
    assert.deepEqual([...offered].sort(), ['charges', 'id', 't']);
  });

  it('leaves out a column already given a default', async () => {
    const offered = await labels(PIPELINE.replace('  defaults {\n', '  defaults {\n    charges = 0\n    |\n'));
    assert.deepEqual([...offered].sort(), ['id', 't']);
  });

  it('hover on an entry says whether the served model reads the column', async () => {
    const text = PIPELINE.replace('  defaults {\n', '  defaults {\n    charges = 0\n    never = 1\n');
    await client.change(uri, text);
    const hover = async (needle: string) => {
      const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, 5) });
      return (h?.contents as { value: string } | undefined)?.value ?? '';
    };
    assert.match(await hover('    charges = 0'), /^\*\*d\.charges\*\*: column of `d\.csv`[\s\S]*\n- Serve default: filled into a request without `charges`, which `f` reads\.$/);
    assert.match(await hover('    never = 1'), /^\*\*d\.never\*\*: column of `d\.csv`[\s\S]*\n- Serve default: no feature of the served model reads `never`, so this default fills nothing\.$/);
  });
});
