import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { RESTART_SERVER } from '../../../extension/commands.js';
import type { MlpipeApi } from '../../../extension/main.js';
import { describeFirstDiagnostics } from '../../../extension/startupTimeline.js';
import { checkpoint } from './checkpoint.js';
import { codeOf, waitFor, waitForDiagnostics } from './wait.js';

const EXTENSION_ID = 'mlpipe.mlpipe';
const UNSEEDED = 'repro/unseeded-split';

function lineOf(doc: vscode.TextDocument, re: RegExp, from = 0): number {
  for (let i = from; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) return i;
  return -1;
}

function isCodeAction(a: vscode.CodeAction | vscode.Command): a is vscode.CodeAction {
  return typeof (a as vscode.Command).command !== 'string';
}

/** The `seed = …` line inside the multi-line `split { … }` block. */
function splitSeedLine(doc: vscode.TextDocument): number {
  const header = lineOf(doc, /^\s*split\s*\{\s*(#.*)?$/);
  assert.ok(header >= 0, 'the churn example has no multi-line `split {` block');
  for (let i = header + 1; i < doc.lineCount && !/^\s*\}/.test(doc.lineAt(i).text); i++)
    if (/^\s*seed\s*=/.test(doc.lineAt(i).text)) return i;
  assert.fail('the split block of the churn example has no `seed`');
}

export function defineChurnSuite({ suite, suiteSetup, test }: Mocha.MochaGlobals): void {
  suite('churn example in a real VS Code', () => {
    let api: MlpipeApi;
    let doc: vscode.TextDocument;
    let editor: vscode.TextEditor;

    suiteSetup(async () => {
      const files = await vscode.workspace.findFiles('**/churn.mlpipe', '**/node_modules/**', 1);
      assert.equal(files.length, 1, 'the workspace has no churn.mlpipe');
      doc = await vscode.workspace.openTextDocument(files[0]);
      editor = await vscode.window.showTextDocument(doc);
      assert.equal(doc.languageId, 'mlpipe', 'the .mlpipe file did not get the mlpipe language');
    });

    test('the extension activates and its language server becomes ready', async () => {
      const ext = vscode.extensions.getExtension<MlpipeApi>(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
      api = await ext.activate();
      await waitFor(api.session.onDidChangeState, () => (api.session.state.kind === 'ready' ? true : undefined), 60_000, 'the language server to be ready').catch(
        (e: Error) => {
          const s = api.session.state;
          throw new Error(`${e.message} (state: ${s.kind}${s.kind === 'stopped' ? ', ' + s.reason : ''})`);
        },
      );
      // Until the first result the status bar says 'checking', never an all-clear.
      await waitFor(api.session.onDidCheck, () => (api.session.hasChecked(doc.uri) ? true : undefined), 60_000, 'the first check of churn.mlpipe');
      await waitFor(api.session.onDidCheck, () => (api.status.text === '$(check) mlpipe' ? true : undefined), 10_000, 'the all-clear').catch(() => {
        throw new Error(`the status bar says ${JSON.stringify(api.status.text)} for the clean example`);
      });
      assert.match(String(api.status.tooltip), /churn\.mlpipe has no problems/);
      // Where the wait for the first diagnostics went in this fresh profile (issue 10's figure).
      const first = await waitFor(api.session.onDidMeasureFirstDiagnostics, () => api.session.firstDiagnostics, 10_000, 'the first-diagnostics figure');
      assert.equal(first.file, 'churn.mlpipe');
      assert.ok(first.firstMs <= first.completeMs);
      await checkpoint('figure-first-diagnostics', 30_000, `${describeFirstDiagnostics(first)}; ${JSON.stringify(first)}`);
      await checkpoint('opened');
    });

    test(`deleting the split's seed is reported as ${UNSEEDED}`, async () => {
      const seedLine = splitSeedLine(doc);
      const edit = new vscode.WorkspaceEdit();
      edit.delete(doc.uri, doc.lineAt(seedLine).rangeIncludingLineBreak);
      assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
      const diag = await waitForDiagnostics(doc.uri, (ds) => ds.find((d) => codeOf(d) === UNSEEDED), 30_000, `a ${UNSEEDED} diagnostic`);
      assert.equal(diag.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(doc.lineAt(diag.range.start.line).text, /split/, 'the diagnostic is not on the split block');
      editor.revealRange(diag.range, vscode.TextEditorRevealType.InCenter);
      // The status bar: no all-clear, the worst severity as its icon, the counts in words.
      await waitFor(vscode.languages.onDidChangeDiagnostics, () => (api.status.text === '$(warning) mlpipe' ? true : undefined), 10_000, 'the warning status').catch(() => {
        throw new Error(`the status bar says ${JSON.stringify(api.status.text)} with a warning in the file`);
      });
      assert.match(String(api.status.tooltip), /0 errors, 1 warning and 0 infos/);
      await checkpoint('problem-shown');
    });

    test("the diagnostic's documentation link opens the bundled docs/diagnostics.md at its code, offline", async () => {
      const diag = vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === UNSEEDED);
      assert.ok(diag && typeof diag.code === 'object', 'the diagnostic has no documentation link');
      const target = (diag.code as { target: vscode.Uri }).target;
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      assert.equal(target.scheme, 'file', `a link that needs the network: ${target.toString()}`);
      assert.equal(target.path, vscode.Uri.joinPath(ext.extensionUri, 'docs', 'diagnostics.md').path);
      const line = Number(/^L(\d+)$/.exec(target.fragment)?.[1]);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target.with({ fragment: '' })));
      assert.equal(text.split('\n')[line - 1], `### ${UNSEEDED}`);
      await vscode.commands.executeCommand('vscode.open', target);
      assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/docs/diagnostics.md'), 'the link did not open in the editor');
      await checkpoint('diagnostic-doc');
      editor = await vscode.window.showTextDocument(doc);
    });

    test('its quick fix adds a seed and the diagnostic goes away', async () => {
      const diag = vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === UNSEEDED);
      assert.ok(diag, `the ${UNSEEDED} diagnostic is gone before the fix`);
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, diag.range);
      const fix = (actions ?? []).filter(isCodeAction).find((a) => a.diagnostics?.some((d) => codeOf(d) === UNSEEDED) ?? /seed/i.test(a.title));
      assert.ok(fix, `no quick fix for ${UNSEEDED}; got: ${(actions ?? []).map((a) => a.title).join(' | ') || 'none'}`);
      if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix edit was not applied');
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      await waitForDiagnostics(doc.uri, (ds) => (ds.some((d) => codeOf(d) === UNSEEDED) ? undefined : true), 30_000, `the ${UNSEEDED} diagnostic to go`);
      assert.ok(splitSeedLine(doc) >= 0);
      await checkpoint('fixed');
    });

    test('hover on a feature explains it', async () => {
      const line = lineOf(doc, /^\s*feature\s+[A-Za-z_]\w*\s*=/);
      assert.ok(line >= 0, 'the churn example has no feature');
      const name = /^\s*feature\s+([A-Za-z_]\w*)/.exec(doc.lineAt(line).text)![1];
      const at = new vscode.Position(line, doc.lineAt(line).text.indexOf(name, doc.lineAt(line).text.indexOf('feature') + 7) + 1);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
      const text = (hovers ?? [])
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      assert.ok(text.includes(name), `the hover on feature \`${name}\` does not name it: ${JSON.stringify(text)}`);
    });

    test("'did you mean' applies the suggested name; an error offers no suppression", async () => {
      const line = lineOf(doc, /^\s*inputs\s*=.*\border_z\b/);
      assert.ok(line >= 0, 'the churn example has no model input order_z');
      const col = doc.lineAt(line).text.search(/\border_z\b/);
      const typo = new vscode.WorkspaceEdit();
      typo.replace(doc.uri, new vscode.Range(line, col, line, col + 'order_z'.length), 'ordr_z');
      assert.ok(await vscode.workspace.applyEdit(typo));
      const diag = await waitForDiagnostics(doc.uri, (ds) => ds.find((d) => codeOf(d) === 'unknown-reference'), 30_000, 'the unknown-reference diagnostic');
      assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
      assert.match(diag.message, /Did you mean .order_z.\?/);
      const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, diag.range)) ?? [];
      const titles = actions.map((a) => a.title);
      assert.ok(!titles.some((t) => /suppress/i.test(t)), `an error offers suppression: ${titles.join(' | ')}`);
      const fix = actions.filter(isCodeAction).find((a) => a.title === "Change to 'order_z'");
      assert.ok(fix?.edit, `no did-you-mean fix: ${titles.join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await waitForDiagnostics(doc.uri, (ds) => (ds.some((d) => codeOf(d) === 'unknown-reference') ? undefined : true), 30_000, 'the unknown-reference diagnostic to go');
      assert.match(doc.lineAt(line).text, /\border_z\b/);
    });

    test('hover on a data source shows its data, for the screenshot', async () => {
      const line = lineOf(doc, /^\s*source\s*=/);
      const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('"') + 3);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
      const text = (hovers ?? []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      assert.match(text, /^\*\*data customers\*\*: primary table/);
      assert.match(text, /First 5 rows:/);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
      await vscode.commands.executeCommand('editor.action.showHover');
      await checkpoint('hover-shown');
    });

    test('completion in a feature expression offers the transforms', async () => {
      const last = lineOf(doc, /^\s*feature\s/);
      const at = new vscode.Position(last, 0);
      const probe = 'feature e2e_probe = \n';
      const insert = new vscode.WorkspaceEdit();
      insert.insert(doc.uri, at, probe);
      assert.ok(await vscode.workspace.applyEdit(insert));
      try {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(last, probe.length - 1));
        const labels = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        for (const expected of ['fill_missing', 'standardize', 'one_hot'])
          assert.ok(labels.includes(expected), `completion lacks \`${expected}\`: ${labels.slice(0, 30).join(', ')}`);
      } finally {
        const remove = new vscode.WorkspaceEdit();
        remove.delete(doc.uri, new vscode.Range(at, new vscode.Position(last + 1, 0)));
        await vscode.workspace.applyEdit(remove);
      }
    });

    test('the extension page shows the icon and the README', async () => {
      // 'extension.open' asks the gallery first, which is offline here: list the installed one;
      // the browser side opens its page (from the package) for the screenshot.
      await vscode.commands.executeCommand('workbench.extensions.search', '@installed mlpipe');
      await checkpoint('extension-page');
    });

    test('a restart starts a fresh server process, which checks the open pipeline, and leaves no old one running', async () => {
      const ext = vscode.extensions.getExtension<MlpipeApi>(EXTENSION_ID)!;
      const server = `${ext.extensionPath}/dist/server.js`;
      // The session starts the server's process itself (extension/serverProcess.ts): count them.
      const linux = process.platform === 'linux';
      const before = linux ? serverPids(server) : [];
      if (linux) assert.equal(before.length, 1, `server processes before the restart: ${before.join(', ')}`);
      await vscode.commands.executeCommand(RESTART_SERVER);
      await waitFor(api.session.onDidChangeState, () => (api.session.state.kind === 'ready' ? true : undefined), 60_000, 'the restarted server to be ready');
      await waitFor(api.session.onDidCheck, () => (api.session.hasChecked(doc.uri) ? true : undefined), 60_000, 'the restarted server to check churn.mlpipe');
      if (!linux) return;
      // The old one was asked to exit; it is ended 2 s after the stop at the latest.
      await api.session.lastServerExit;
      const after = serverPids(server);
      assert.ok(after.length === 1 && after[0] !== before[0], `server processes after the restart: ${after.join(', ')} (before: ${before[0]})`);
    });
  });
}

/** The pids of processes running `module` (Linux: from /proc). */
function serverPids(module: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(module)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

