// End-to-end suite in a real VS Code: code-server + headless Debian Chromium (playwright-core).
// Builds, packages the .vsix, installs it into a fresh code-server, opens a copy of
// examples/churn, runs the mocha suite (dist/test/index.js) inside the real extension host and
// screenshots the real UI at the suite's checkpoints into test-results/e2e/.
// Usage: npm run test:e2e     (MLPIPE_E2E_CACHE overrides the tool cache, default ~/.cache/mlpipe-e2e;
//        MLPIPE_E2E_SUITE=churn or =editor runs one of the two suites: the editor suite trains first;
//        MLPIPE_E2E_CPU=1 samples every process's CPU and prints it beside the first-diagnostics figure;
//        MLPIPE_E2E_TOOLS_TIMEOUT_MS, _BUILD_TIMEOUT_MS and _SUITE_TIMEOUT_MS: each stage's limit, scripts/e2e-stages.mjs)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { runActions } from './e2e-actions.mjs';
import { startCodeServer } from './e2e-code-server.mjs';
import { cpuShare, describeCpu, sampleCpu } from './e2e-cpu.mjs';
import { StageOverrun, stageLimits, startStage } from './e2e-stages.mjs';
import { ensureE2eTools } from './e2e-tools.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results', 'e2e');
const SUITE = process.env.MLPIPE_E2E_SUITE;
if (SUITE && SUITE !== 'churn' && SUITE !== 'editor') {
  console.error(`[e2e] MLPIPE_E2E_SUITE is '${SUITE}'; it takes 'churn' or 'editor'`);
  process.exit(2);
}
let limits;
try {
  limits = stageLimits();
} catch (e) {
  console.error(`[e2e] ${e.message}`);
  process.exit(2);
}
const started = Date.now();
const log = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
const fail = (msg) => {
  console.error(`[e2e] FAILED: ${msg}`);
  process.exit(1);
};

function step(stage, what, cmd, args, opts = {}) {
  log(what);
  let r;
  try {
    r = stage.spawnSync(what, cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  } catch (e) {
    if (e instanceof StageOverrun) fail(e.message);
    throw e;
  }
  if (r.status !== 0) fail(`${what}: ${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal ?? r.error?.message}`);
}

/** Calls `onMark(name)` for every checkpoint file the suite writes (not for our `.ack`s), in order. */
function watchCheckpoints(dir, onMark) {
  const seen = new Set();
  let chain = Promise.resolve();
  const watcher = watch(dir, (_event, name) => {
    if (!name || /\.(ack|failed|tmp)$/.test(name) || seen.has(name) || !existsSync(join(dir, name))) return;
    seen.add(name);
    chain = chain.then(() => onMark(name)).finally(() => writeFileSync(join(dir, `${name}.ack`), ''));
  });
  return { seen, close: () => watcher.close(), drained: () => chain };
}

let tools;
try {
  tools = ensureE2eTools(log, startStage('tools', limits));
} catch (e) {
  fail(e instanceof StageOverrun ? e.message : `could not prepare the tools: ${e.message}`);
}
// Each stage's limit counts from its own start: a cold tool install or a slow build must not eat the suite's.
const build = startStage('build', limits);
step(build, 'building', process.execPath, ['scripts/build.mjs']);
for (const f of ['dist/extension.js', 'dist/server.js', 'dist/test/index.js'])
  if (!existsSync(join(root, f))) fail(`${f} is missing after the build`);
const example = join(root, 'examples', 'churn');
if (!existsSync(join(example, 'churn.mlpipe'))) fail('examples/churn/churn.mlpipe is missing: the suite opens a copy of it');

const work = mkdtempSync(join(tmpdir(), 'mlpipe-e2e-'));
const vsix = join(work, 'mlpipe.vsix');
// The platform package: it carries the backend's runtime, so the installed extension trains
// without this repository's node_modules.
step(build, 'packaging the .vsix (linux-x64, with the backend runtime)', process.execPath, [join(root, 'scripts/package-platform.mjs'), vsix]);
const workspace = join(work, 'workspace');
cpSync(example, workspace, { recursive: true });
const sync = join(work, 'sync');
mkdirSync(sync);
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let server;
let browser;
let exitCode = 1;
const problems = [];
const cpu = process.env.MLPIPE_E2E_CPU === '1' ? sampleCpu() : undefined;
let figure;
try {
  const suite = startStage('suite', limits);
  log('starting code-server');
  server = await startCodeServer({
    codeServer: tools.codeServer,
    node24: tools.node24,
    base: join(work, 'code-server'),
    vsix,
    workspace,
    env: { MLPIPE_E2E_SYNC_DIR: sync, ...(SUITE ? { MLPIPE_E2E_SUITE: SUITE } : {}) },
    logFile: join(results, 'code-server.log'),
  });
  log(`code-server listens on ${server.host}`);

  browser = await chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLog = createWriteStream(join(results, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  let reportExit;
  const suiteExit = new Promise((r) => (reportExit = r));
  await page.exposeFunction('codeAutomationExit', (code) => reportExit(Number(code)));

  const shot = async (name) => {
    await page.screenshot({ path: join(results, name) });
    log(`screenshot ${name}`);
  };
  const warnings = () => page.locator('.monaco-editor .squiggly-warning').count();
  let warningsWithProblem = 0;
  const marks = watchCheckpoints(sync, async (name) => {
    let optional = false;
    try {
      if (name === 'opened') {
        await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
        await shot('01-workbench.png');
      } else if (name === 'problem-shown') {
        await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 30_000 });
        warningsWithProblem = await warnings();
        await shot('02-squiggle.png');
        await page.click('#status\\.problems', { timeout: 10_000 });
        await page.locator('.monaco-list-row', { hasText: 'unseeded-split' }).first().waitFor({ timeout: 30_000 });
        await shot('03-problems.png');
      } else if (name === 'fixed') {
        await page.waitForFunction((n) => document.querySelectorAll('.monaco-editor .squiggly-warning').length < n, warningsWithProblem, { timeout: 30_000 });
        await shot('04-after-fix.png');
      } else if (name === 'diagnostic-doc') {
        await page.locator('.tab', { hasText: 'diagnostics.md' }).first().waitFor({ timeout: 30_000 });
        await shot('20-diagnostic-doc.png');
      } else if (name === 'hover-shown') {
        await page.locator('.monaco-hover', { hasText: 'First 5 rows' }).first().waitFor({ timeout: 30_000 });
        await shot('21-hover.png');
      } else if (name === 'extension-page') {
        await page.locator('.extension-list-item', { hasText: 'mlpipe' }).first().click({ timeout: 30_000 });
        await page.locator('.extension-editor .name', { hasText: 'mlpipe' }).first().waitFor({ timeout: 30_000 });
        await shot('22-extension-page.png');
      } else if (name.startsWith('figure-')) {
        // A measurement the suite took inside the extension host (test/e2e/suite/checkpoint.ts).
        const text = readFileSync(join(sync, name), 'utf8');
        log(`${name.slice('figure-'.length)}: ${text}`);
        if (name === 'figure-first-diagnostics') figure = JSON.parse(text.slice(text.indexOf('; {') + 2));
      } else {
        // A ui step of the suite (test/e2e/suite/uiStep.ts): its file says what to do.
        const text = readFileSync(join(sync, name), 'utf8');
        if (text.startsWith('{')) {
          const step = JSON.parse(text);
          optional = step.optional === true;
          await runActions(page, step.actions, shot);
        }
      }
    } catch (e) {
      // An optional step shows a passing state that may be over before the page repaints (a
      // quick run's Cancel lens): noted, and the suite is told, but it is not a failure.
      if (optional) log(`optional step "${name}" not shown: ${e.message.split('\n')[0]}`);
      else problems.push(`UI at checkpoint "${name}": ${e.message.split('\n')[0]}`);
      writeFileSync(join(sync, `${name}.failed`), e.message);
      await shot(`failed-${name}.png`).catch(() => undefined);
    }
  });

  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${server.host}${server.extensionPath}`],
    ['extensionTestsPath', `vscode-remote://${server.host}${join(root, 'dist/test/index.js')}`],
    // The window opens on the pipeline, as `code-server churn.mlpipe` or a restored editor does:
    // the first-diagnostics figure is then what a user opening a pipeline waits, not the time
    // the suite takes to find the file and open it itself.
    ['openFile', `vscode-remote://${server.host}${join(workspace, 'churn.mlpipe')}`],
  ];
  const url = `http://${server.host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log('opening the workbench');
  await page.goto(url, { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  log('workbench ready; the suite runs in the extension host');

  const code = await suite.within('waiting for the suite to report through codeAutomationExit', suiteExit).catch((e) => {
    if (e instanceof StageOverrun) return e;
    throw e;
  });
  await marks.drained();
  marks.close();
  await shot('05-final.png').catch(() => undefined);
  if (code instanceof StageOverrun) problems.push(code.message);
  else if (code !== 0) problems.push(`the mocha suite failed (exit code ${code}); its output is in the extension host log under ${results}/logs`);
  // The churn suite's own checkpoints: the browser side must have seen them when it ran.
  const expected = SUITE === 'editor' ? [] : ['opened', 'problem-shown', 'fixed'];
  for (const m of expected) if (code === 0 && !marks.seen.has(m)) problems.push(`the suite never reached checkpoint "${m}"`);
  exitCode = problems.length ? 1 : 0;
} catch (e) {
  problems.push(e.message);
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  if (server && existsSync(join(server.userData, 'logs'))) cpSync(join(server.userData, 'logs'), join(results, 'logs'), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
if (cpu) {
  const slots = cpu.stop();
  writeFileSync(join(results, 'cpu.json'), JSON.stringify(slots));
  if (figure?.activationAt) {
    const zero = figure.activationAt;
    log(`CPU per 500 ms from activation (${results}/cpu.json):\n${describeCpu(slots, { zero, from: zero - 3000, to: zero + figure.sinceActivationCompleteMs + 1000 })}`);
    log(`CPU from activation to the first diagnostics: ${cpuShare(slots, zero, zero + figure.sinceActivationFirstMs)}`);
  }
}
for (const p of problems) console.error(`[e2e] ${p}`);
log(exitCode === 0 ? `passed; screenshots in ${results}` : `FAILED; screenshots and logs in ${results}`);
process.exit(exitCode);
