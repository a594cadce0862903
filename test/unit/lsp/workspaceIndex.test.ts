// The workspace index reads closed pipeline files from disk for workspace/symbol: a watched-file
// event may name anything called *.mlpipe.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_SCAN_FOLDERS, scanCutMessage, WorkspaceIndex } from '../../../server/lsp/workspaceIndex.js';

const dir = mkdtempSync(join(tmpdir(), 'mlpipe-workspaceindex-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a named pipe called x.mlpipe is left out at once: workspace/symbol does not wait on it for a writer', { skip: process.platform === 'win32' }, async () => {
  const fifo = join(dir, 'fifo.mlpipe');
  execFileSync('mkfifo', [fifo]);
  const file = join(dir, 'real.mlpipe');
  writeFileSync(file, 'pipeline real\n');
  const index = new WorkspaceIndex();
  void index.indexFile(fifo);
  void index.indexFile(file);
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    index.settled().then(() => 'settled'),
    new Promise((resolve) => (timer = setTimeout(() => resolve('still reading'), 2000))),
  ]);
  clearTimeout(timer);
  assert.equal(waited, 'settled');
  assert.deepEqual([...index.symbols().keys()], [file]);
});

/** A tree wider and deeper than a small bound: top.mlpipe, then 12 folders, each with a pipeline and a deep chain under it. */
function bigTree(): string {
  const root = mkdtempSync(join(dir, 'big-'));
  writeFileSync(join(root, 'top.mlpipe'), 'pipeline top\n');
  for (let i = 0; i < 12; i++) {
    const sub = join(root, `s${String(i).padStart(2, '0')}`);
    mkdirSync(join(sub, 'deep', 'deeper'), { recursive: true });
    writeFileSync(join(sub, 'p.mlpipe'), `pipeline p${i}\n`);
  }
  return root;
}

test('a scan reads at most the bound of folders, shallow ones first, and says which workspace folder it stopped in', async () => {
  assert.equal(MAX_SCAN_FOLDERS, 20_000);
  const root = bigTree();
  const bounded = new WorkspaceIndex(5);
  const scanned = await bounded.scan([root]);
  assert.deepEqual(scanned, { files: 5, folders: 5, cut: [root] }, 'the root and 4 of its folders, none of the deep ones');
  assert.ok(bounded.symbols().has(join(root, 'top.mlpipe')));
  const message = scanCutMessage(scanned, bounded.maxFolders)!;
  assert.match(message, /stopped after 5 folders \(at most 5 per scan\)/);
  assert.ok(message.includes(root) && message.includes('workspace/symbol covers'));
  // The whole tree under a larger bound: nothing to say.
  const whole = await new WorkspaceIndex(1 + 12 * 3).scan([root]);
  assert.deepEqual(whole, { files: 13, folders: 37, cut: [] });
  assert.equal(scanCutMessage(whole, 37), undefined);
});

test('a scan never reads /proc, /sys or /dev (a workspace of "/")', { skip: process.platform !== 'linux' }, async () => {
  assert.deepEqual(await new WorkspaceIndex().scan(['/proc', '/sys', '/dev']), { files: 0, folders: 0, cut: [] });
});

test('a scan of more pipelines than the process may open at once indexes them all (ulimit -n 64)', { skip: process.platform !== 'linux' }, () => {
  const root = mkdtempSync(join(dir, 'many-'));
  for (let i = 0; i < 300; i++) writeFileSync(join(root, `p${i}.mlpipe`), `pipeline p${i}\n`);
  // A child under a low descriptor limit (lowering it needs no privileges): read all at once,
  // 272 of these 300 failed with EMFILE and were left out without a word.
  const script = `require('tsx/cjs'); const { WorkspaceIndex } = require(${JSON.stringify(join(process.cwd(), 'server/lsp/workspaceIndex.ts'))});
    const index = new WorkspaceIndex();
    index.scan([process.argv[1]]).then(async (r) => { await index.settled(); console.log(JSON.stringify({ found: r.files, indexed: index.symbols().size })); });`;
  const out = execFileSync('bash', ['-c', 'ulimit -n 64 && exec "$0" -e "$1" "$2"', process.execPath, script, root], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { found: 300, indexed: 300 });
});
