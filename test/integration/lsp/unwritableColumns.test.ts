/**
 * A column whose header is not a name ('Monthly Charges') cannot be written in a pipeline:
 * completion never offers it (the inserted text would not parse), over a real connection with
 * a real data file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionList } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { inProcessClient, type TestClient } from './client.js';

const PIPELINE = `pipeline p

data d {
  source = "d.csv"
  target = label
  key    = id
}

split {
  test = 0.25
  seed = 1
}

feature f = min_max(charges)

model m {
  kind   = logistic
  inputs = [f]
  seed   = 2
}

serve {
  model = m
  defaults {
  }
}
`;

describe('completion offers only the columns a pipeline can name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-names-'));
  const file = join(dir, 'p.mlpipe');
  let client: TestClient;
  let uri: string;
  before(async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 2},${i * 2},${i * 3},${i % 3}`);
    writeFileSync(join(dir, 'd.csv'), ['id,label,Monthly Charges,charges,plan-type', ...rows].join('\n') + '\n');
    writeFileSync(file, PIPELINE);
    client = inProcessClient();
    await client.initialize({ capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } } });
    ({ uri } = await client.open(file));
  });
  after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const labels = async (edited: string, trigger?: string) => {
    const at = edited.indexOf('|');
    const plain = edited.slice(0, at) + edited.slice(at + 1);
    await client.change(uri, plain);
    const list = await client.request<CompletionList | null>('textDocument/completion', {
      textDocument: { uri },
      position: TextDocument.create(uri, 'mlpipe', 0, plain).positionAt(at),
      context: trigger ? { triggerKind: 2, triggerCharacter: trigger } : { triggerKind: 1 },
    });
    return (list?.items ?? []).map((i) => i.label);
  };

  it('in a feature expression, after table., after key =, and in serve defaults', async () => {
    const expr = await labels(PIPELINE.replace('min_max(charges)', 'min_max(|)'));
    assert.ok(expr.includes('charges') && expr.includes('id'), expr.join(','));
    const dotted = await labels(PIPELINE.replace('min_max(charges)', 'min_max(d.|)'), '.');
    assert.deepEqual(dotted.sort(), ['charges', 'id'], 'the target is left out, the unnamable columns too');
    const key = await labels(PIPELINE.replace('key    = id', 'key    = |'), ' ');
    assert.deepEqual(key.sort(), ['charges', 'id']);
    const defaults = await labels(PIPELINE.replace('  defaults {\n', '  defaults {\n    |\n'));
    // Only what the served model reads (serveDefaultsCompletion.test.ts): 'id' is read by no feature.
    assert.deepEqual(defaults.sort(), ['charges']);
    for (const list of [expr, dotted, key, defaults]) assert.ok(!list.some((l) => l === 'Monthly Charges' || l === 'plan-type'), list.join(','));
  });
});
