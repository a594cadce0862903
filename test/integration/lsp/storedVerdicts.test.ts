import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { checkFiles } from '../../../server/backend/check/checkFiles.js';
import { FactsCache } from '../../../server/backend/data/factsCache.js';
import { inProcessClient, ROOT } from './client.js';

// A fresh server's first complete check reads the missing-every-row verdicts 'mlpipe check'
// stored (`.mlpipe/cache/check-verdicts/`) when their key still matches, and only then.
let dir: string;
let pipeline: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlpipe-lsp-verdicts-'));
  cpSync(join(ROOT, 'examples/churn'), dir, { recursive: true, filter: (src) => !src.endsWith('/.mlpipe') });
  pipeline = join(dir, 'churn.mlpipe');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const verdictFolder = () => FactsCache.verdictsBeside(FactsCache.folderUnder(dir));
const PLANTED = "'planted_input' is missing on every training row";

/** Replaces each stored verdict by one the checker would never reach on this data, under `key(storedKey)`. */
function plant(key: (stored: string) => string): void {
  const files = readdirSync(verdictFolder());
  assert.ok(files.length > 0, "'mlpipe check' stored no verdict");
  for (const f of files) {
    const stored = JSON.parse(readFileSync(join(verdictFolder(), f), 'utf8')) as { version: number; key: string };
    const verdict = { failing: 1, worst: { empty: 'training', missingOnEmpty: [{ feature: 'planted_input', count: 7, of: 7 }] } };
    writeFileSync(join(verdictFolder(), f), JSON.stringify({ version: stored.version, key: key(stored.key), verdict }));
  }
}

async function firstCheck(): Promise<string[]> {
  const client = inProcessClient();
  try {
    await client.initialize({ rootPath: dir });
    return (await client.open(pipeline)).diagnostics.map((d) => d.message);
  } finally {
    await client.dispose();
  }
}

test("a fresh server's first check reuses the verdicts 'mlpipe check' stored for the same pipeline and data", async () => {
  assert.deepEqual((await checkFiles([pipeline]))[0]!.diagnostics, []);
  plant((k) => k);
  const messages = await firstCheck();
  // The planted verdict is reported: the server read it instead of computing its own.
  assert.ok(messages.some((m) => m.includes(PLANTED)), `diagnostics: ${messages.join(' | ') || 'none'}`);
});

test('a stored verdict made from other data is not reused', async () => {
  await checkFiles([pipeline]);
  // The key names each table's content hash: a verdict stored before the data changed names another.
  plant((k) => {
    const hashes = k.match(/sha256:[0-9a-f]{64}/g) ?? [];
    assert.ok(hashes.length > 0, 'the stored key names no table hash');
    return k.replaceAll(hashes[0]!, `sha256:${'0'.repeat(64)}`);
  });
  assert.deepEqual(await firstCheck(), []);
});

test('a server that finds no stored verdict stores the one it computed, for the next window', async () => {
  assert.deepEqual(await firstCheck(), []);
  assert.ok(readdirSync(verdictFolder()).length > 0);
  plant((k) => k);
  assert.ok((await firstCheck()).some((m) => m.includes(PLANTED)));
});

test("a fresh server's first check reuses the split verdicts 'mlpipe check' stored", async () => {
  assert.deepEqual((await checkFiles([pipeline]))[0]!.diagnostics, []);
  const folder = FactsCache.splitsBeside(FactsCache.folderUnder(dir));
  let planted = 0;
  for (const f of readdirSync(folder)) {
    const stored = JSON.parse(readFileSync(join(folder, f), 'utf8')) as { version: number; key: string; verdict: object };
    if (!('unseen' in stored.verdict)) continue;
    // A verdict the churn data never gives: the server reports it only if it read it.
    writeFileSync(join(folder, f), JSON.stringify({ ...stored, verdict: { unseen: { count: 1, examples: ['planted_plan'] } } }));
    planted++;
  }
  // Two questions of one kind: the one-hot's categories and the target's classes only the test split holds.
  assert.equal(planted, 2, "'mlpipe check' stored the one-hot's and the target's unseen-category verdicts");
  const messages = await firstCheck();
  assert.ok(messages.some((m) => m.includes('"planted_plan"')), `diagnostics: ${messages.join(' | ') || 'none'}`);
});
