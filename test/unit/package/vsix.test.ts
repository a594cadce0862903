import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { zipEntries } from './zipEntries.js';

const root = resolve(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'mlpipe-vsix-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('the .vsix holds the bundles, grammar and manifest, and nothing else', { timeout: 120_000 }, () => {
  for (const bundle of ['dist/extension.js', 'dist/extensionMain.js', 'dist/languageClient.js', 'dist/server.js', 'dist/serverMain.js', 'dist/serverData.js'])
    assert.ok(existsSync(resolve(root, bundle)), `${bundle} is missing: run \`npm run build\` first`);
  const out = join(work, 'mlpipe.vsix');
  const r = spawnSync(process.execPath, [resolve(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out], {
    cwd: root,
    encoding: 'utf8',
    input: '', // vsce asks y/N on some warnings; an empty stdin answers no instead of hanging
    timeout: 110_000,
  });
  assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);

  const names = zipEntries(out).map((e) => e.name);
  const files = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
  for (const required of ['package.json', 'dist/extension.js', 'dist/extensionMain.js', 'dist/languageClient.js', 'dist/server.js', 'dist/serverMain.js', 'dist/serverData.js', 'syntaxes/mlpipe.tmLanguage.json', 'syntaxes/language-configuration.json'])
    assert.ok(files.includes(required), `${required} is not in the vsix: ${files.join(', ')}`);
  assert.ok(names.includes('extension.vsixmanifest'), 'the vsix has no extension.vsixmanifest');

  const allowed = [/^dist\/[^/]+\.js$/, /^dist\/webviews\/[^/]+\.js$/, /^media\//, /^docs\/[^/]+\.md$/, /^docs\/images\/[^/]+\.png$/, /^syntaxes\//, /^package\.json$/, /^README\.md$/, /^LICENSE(\.txt)?$/, /^CHANGELOG\.md$/, /^readme\.md$/, /^changelog\.md$/];
  const stray = files.filter((f) => !allowed.some((a) => a.test(f)));
  assert.deepEqual(stray, [], 'files outside the whitelist');
  assert.ok(!files.some((f) => f.endsWith('.ts')), 'TypeScript sources in the vsix');
  assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('dist/test/')), 'tests in the vsix');
  assert.ok(!files.some((f) => f.includes('node_modules/')), 'node_modules in the vsix');
  assert.ok(!files.some((f) => f.endsWith('.map')), 'source maps in the vsix');
  // The generic package runs on any platform: no native module (the wasm engine then uses its WebAssembly kernel).
  assert.ok(!files.some((f) => f.endsWith('.node')), 'a native module in the generic vsix');

  // What the extension page and the diagnostic links open, from inside the package.
  const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { icon?: string };
  assert.ok(manifest.icon && files.includes(manifest.icon), `the icon ${manifest.icon} is not in the vsix`);
  assert.ok(files.includes('docs/diagnostics.md'), 'the diagnostic links would open a file the vsix lacks');
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, 'the README shows no image');
  for (const image of images) {
    assert.doesNotMatch(image, /^[a-z]+:/, `the README image ${image} is not inside the package`);
    assert.ok(files.includes(image), `the README image ${image} is not in the vsix`);
  }
  // Its links to the docs open the copies in the package.
  for (const m of readme.matchAll(/\]\((docs\/[^)#\s]+\.md)[)#]/g)) assert.ok(files.includes(m[1]), `the README links to ${m[1]}, which is not in the vsix`);

  const kb = statSync(out).size / 1024;
  console.log(`mlpipe.vsix: ${files.length} files, ${kb.toFixed(0)} KiB`);
  // A bound, not a target: a bundled node_modules or data file would blow well past it.
  assert.ok(kb < 20 * 1024, `the vsix is ${kb.toFixed(0)} KiB`);
});
