// Runs the end-to-end mocha suite (dist/test/index.js) under @vscode/test-electron, which
// downloads a VS Code build: for machines with internet access. Here use `npm run test:e2e`.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'mlpipe-vscode-'));
const workspace = join(work, 'workspace');
cpSync(join(root, 'examples', 'churn'), workspace, { recursive: true });
let code = 1;
try {
  code = await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist', 'test', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(work, 'user-data')],
  });
} catch (e) {
  console.error(`[test:vscode] ${e instanceof Error ? e.message : String(e)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(code);
