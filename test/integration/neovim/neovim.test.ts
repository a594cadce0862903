import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { copyFixtures } from '../lsp/client.js';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');

/** `nvim --version`'s first line, or undefined when Neovim is not installed. */
function neovim(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

interface Seen {
  error?: string;
  steps: string[];
  filetype: string;
  snippetSupport: boolean;
  diagnostics: Array<{ code: string; message: string; lnum: number; col: number; href?: string }>;
  hover?: { kind: string; value: string };
  completion: Array<{ label: string; insertText?: string; insertTextFormat?: number }>;
  sentBack: Array<{ range: { start: { character: number } } }>;
  actions: string[];
  fixedLine: string;
  typoGone: boolean;
  afterFix: string[];
  formatEdits: number;
  formattedLine: string;
  stopped: boolean;
}

/**
 * A second real LSP client: headless Neovim (Debian's 0.7.2) drives `mlpipe lsp --stdio`
 * through its own LSP implementation. Where CI is set a missing Neovim fails the test (CI
 * installs it); elsewhere the test is skipped with the command that installs it.
 */
describe('Neovim as the client (headless)', () => {
  const version = neovim();
  const tmp = copyFixtures();
  after(() => tmp.dispose());

  it('gets diagnostics, a hover, completion, a quick fix and formatting from mlpipe lsp --stdio', { timeout: 120_000 }, async (t) => {
    if (!version) {
      assert.ok(!process.env.CI, "Neovim is not installed ('nvim' is not on PATH): CI must install it (apt-get install -y neovim)");
      t.skip("Neovim is not installed: apt-get install -y neovim");
      return;
    }
    assert.ok(existsSync(CLI), `${CLI} is missing: run 'npm run build' first`);
    const file = join(tmp.dir, 'typo.mlpipe');
    writeFileSync(
      file,
      readFileSync(join(tmp.dir, 'clean.mlpipe'), 'utf8')
        .replace('[tenure, order_z, plan, tickets]', '[tenure, order_z, plan, tickets, plan_code]')
        .replace('feature tickets ', 'feature plan_code     = hash_bucket(fill_missing(customers.plan, "ünbekannt — €"), 8) + tenur\nfeature tickets '),
    );
    const outFile = join(tmp.dir, 'seen.json');
    const child = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '--cmd', 'lua vim.g.do_filetype_lua = 1', '-c', `luafile ${join(__dirname, 'client.lua')}`], {
      cwd: tmp.dir,
      env: { ...process.env, MLPIPE_NODE: process.execPath, MLPIPE_CLI: CLI, MLPIPE_DIR: tmp.dir, MLPIPE_FILE: file, MLPIPE_NVIM_OUT: outFile, NVIM_LOG_FILE: join(tmp.dir, 'nvim.log') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 100_000);
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    clearTimeout(guard);
    assert.ok(existsSync(outFile), `Neovim wrote no result (exit ${code}): ${output}`);
    const seen = JSON.parse(readFileSync(outFile, 'utf8')) as Seen;
    assert.equal(seen.error, undefined, `${version}: ${seen.error} (steps done: ${seen.steps.join(', ')})`);
    assert.equal(seen.filetype, 'mlpipe');

    // Diagnostics, with their codes and offline documentation links.
    const typo = seen.diagnostics.find((d) => d.code === 'unknown-reference');
    assert.ok(typo, JSON.stringify(seen.diagnostics));
    assert.match(typo.message, /Did you mean .tenure.\?/);
    assert.match(typo.href ?? '', /^file:\/\/.*\/docs\/diagnostics\.md#L\d+$/);

    // Neovim 0.7 takes markdown hovers; it asked for no snippets and gets plain text.
    assert.equal(seen.hover?.kind, 'markdown');
    assert.match(seen.hover!.value, /^\*\*data customers\*\*: primary table/);
    assert.equal(seen.snippetSupport, false);
    const model = seen.completion.find((c) => c.label === 'model');
    assert.ok(model, seen.completion.map((c) => c.label).join(', '));
    assert.notEqual(model.insertTextFormat, 2);
    assert.equal(model.insertText, 'model name {\n  kind = mlp\n  inputs = []\n}');

    // The quick fix: the range came back in bytes, yet the fix was found and applied.
    const line = readFileSync(file, 'utf8').split('\n')[typo.lnum];
    const utf16 = line.lastIndexOf('tenur');
    assert.equal(seen.sentBack[0].range.start.character, Buffer.byteLength(line.slice(0, utf16)), 'Neovim 0.7 sends the range back in bytes');
    assert.notEqual(Buffer.byteLength(line.slice(0, utf16)), utf16);
    assert.deepEqual(seen.actions, ["Change to 'tenure'"]);
    assert.match(seen.fixedLine, /"ünbekannt — €"\), 8\) \+ tenure$/);
    assert.ok(seen.typoGone, `still reported after the fix: ${seen.afterFix.join(' | ')}`);

    // Formatting.
    assert.ok(seen.formatEdits > 0);
    assert.equal(seen.formattedLine, '  test = 0.2');
    assert.ok(seen.stopped, 'the server did not stop when asked');
  });
});
