import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  ClientCapabilities,
  CompletionItem,
  CompletionList,
  DocumentSymbol,
  InitializeResult,
  SemanticTokens,
  SemanticTokensLegend,
  FoldingRange,
  Hover,
  SignatureHelp,
  Location,
  DocumentLink,
  SelectionRange,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { STAGES } from '../../../server/mlpipe/language/keywords.js';
import { FIXTURES, inProcessClient, positionOf, uriOf, type TestClient } from './client.js';

const CLEAN = join(FIXTURES, 'clean.mlpipe');

/** What VS Code says it takes: snippets, and markdown before plain text. */
const VSCODE_LIKE: ClientCapabilities = {
  textDocument: {
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'], parameterInformation: { labelOffsetSupport: true } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

describe('language features (in-process server)', () => {
  let client: TestClient;
  let uri: string;
  const text = readFileSync(CLEAN, 'utf8');

  let legend: SemanticTokensLegend;
  before(async () => {
    client = inProcessClient();
    const init = (await client.initialize({ capabilities: VSCODE_LIKE })) as InitializeResult;
    legend = init.capabilities.semanticTokensProvider!.legend;
    ({ uri } = await client.open(CLEAN));
  });
  after(() => client.dispose());

  const hover = async (needle: string, delta = 1, nth = 0, t = text, u = uri) => {
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: u }, position: positionOf(t, needle, delta, nth) });
    return h ? (h.contents as { value: string }).value : '';
  };

  describe('hover', () => {
    it('documents block kinds and attributes', async () => {
      assert.match(await hover('split {'), /\*\*split\*\* block[\s\S]*seed/);
      assert.match(await hover('learning_rate'), /Optimizer step size/);
      assert.match(await hover('kind          = mlp', 18), /value of \*\*kind\*\*[\s\S]*`logistic`/);
    });
    it('shows transform signatures, metrics and drift statistics', async () => {
      assert.match(await hover('standardize('), /standardize\(x, mean =, std =, fit = train\)[\s\S]*Fitted on the training split/);
      assert.match(await hover('auc '), /classification, higher is better, values from 0 to 1/);
      assert.match(await hover('psi > 0.2'), /larger with more drift, values of 0 or more\) — Population stability index/);
    });
    it('shows a data block: source, format, rows, pin status, columns with statistics, sample rows', async () => {
      const h = await hover('data customers', 6);
      assert.match(h, /^\*\*data customers\*\*: primary table \(target `churned`\)\n- Source: `data\/customers\.csv`\n- Format: csv\n- Rows read: 40\n- Content hash: `sha256:d17d55d2cbf0…`, pinned version \*\*matches\*\* the file\n/);
      assert.match(h, /\| `tenure_days` \| integer \| 0% \| min \d+, mean [\d.]+, max \d+ \|/);
      assert.match(h, /\| `plan` \| string \| 0% \| 3 distinct, most common: pro, basic, team \|/);
      assert.match(h, /\| `customer_id` \(key\) \| string \| 0% \| 40 distinct \|/);
      assert.match(h, /\| `snapshot_at` \(time\) \| time \| 0% \| 2024-\d\d-\d\d … 2024-\d\d-\d\d \|/);
      // Cells are literal markdown: '_' escaped.
      assert.match(h, /First 5 rows:\n\n\| customer\\_id \| snapshot\\_at \| tenure\\_days \| plan \| support\\_tickets \| churned \|\n\| --- \| --- \| --- \| --- \| --- \| --- \|\n\| c001 \| 2024-03-02 \| 253 \| pro \| 4 \| 0 \|/);
      assert.doesNotMatch(h, /\n\n\n/, 'no runs of blank lines');
      assert.equal(h.match(/data customers/g)!.length, 1, 'one title');
    });
    it('shows the same data preview on the source string', async () => {
      assert.equal(await hover('"data/customers.csv"', 3), await hover('data customers', 6));
      assert.match(await hover('"data/orders.csv"', 3), /^\*\*data orders\*\*: history table\n/);
    });
    it('shows a column reference with its type, missing share and values, each on its own line', async () => {
      const h = await hover('customers.tenure_days', 12);
      assert.match(h, /^\*\*customers\.tenure_days\*\*: column of `data\/customers\.csv`\n- Type: integer\n- Missing: 0 of 40 rows read \(0%\)\n- Values: min \d+, mean [\d.]+, max \d+$/);
      assert.match(await hover('as_of = customers.snapshot_at', 20), /\(time\)\n- Type: time \(string values\)\n[\s\S]*- Values: 2024-/);
    });
    it('shows a feature: expression, dependencies, fitted, models that use it', async () => {
      const def = await hover('feature order_z', 9);
      assert.match(def, /^```mlpipe\nfeature order_z = standardize\(avg_order_90d\)\n```\n- Reads features: `avg_order_90d`; columns: none\n/);
      assert.match(def, /Fitted on the training split \(`standardize`: mean, std\)/);
      assert.match(def, /Used directly by `churn_mlp`/);
      assert.doesNotMatch(def, /\n\n/);
      const use = await hover('standardize(avg_order_90d', 13);
      assert.match(use, /Reads features: none; columns: `orders\.order_value`, `customers\.snapshot_at`/);
      assert.match(use, /Not fitted: computed row by row/);
      assert.match(use, /Used through other features by `churn_mlp`/);
      // A window says which history rows it reads for an example: the key it joins on, and up to when.
      assert.match(use, /\n- `window_mean` reads the `orders` rows whose `customer_id` is the example's `customers\.customer_id`, up to its `customers\.snapshot_at`\n/);
      assert.doesNotMatch(def, /reads the `orders` rows/, 'a feature without a window of its own has no join line');
    });
  });

  describe('hover on the served model', () => {
    after(() => client.change(uri, text));
    const hoverAt = async (t: string, needle: string, delta: number) => {
      await client.change(uri, t);
      return client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(t, needle, delta) });
    };

    it('describes the @stage: which version serves, and that this file registers in another stage', async () => {
      const h = (await hoverAt(text, 'churn_model@production', 14))!;
      const value = (h.contents as { value: string }).value;
      assert.match(value, /^`@production` — stage \*\*production\*\* of `churn_model`: `mlpipe serve` loads the newest version of `churn_model` in production/);
      assert.match(value, /This file registers new versions in `staging`/);
      // The range is '@production', not the model's name.
      const line = text.split('\n').findIndex((l) => l.includes('churn_model@production'));
      const col = text.split('\n')[line].indexOf('@');
      assert.deepEqual(h.range, { start: { line, character: col }, end: { line, character: col + '@production'.length } });
      // Registered in production: no note about promoting.
      const prod = (await hoverAt(text.replace('stage = staging', 'stage = production'), 'churn_model@production', 14))!;
      assert.doesNotMatch((prod.contents as { value: string }).value, /registers new versions/);
      const staging = (await hoverAt(text.replace('stage = staging', 'stage = production').replace('churn_model@production', 'churn_model@staging'), 'churn_model@staging', 14))!;
      assert.match((staging.contents as { value: string }).value, /registers new versions in `production`: a version trained from it serves here once it is moved to staging\.$/);
    });
    it('describes @version, and the name as the registered model with the stage a run registers in', async () => {
      const v = (await hoverAt(text.replace('churn_model@production', 'churn_model@3'), 'churn_model@3', 12))!;
      assert.match((v.contents as { value: string }).value, /^`@3` — version 3 of `churn_model`, whatever its stage/);
      const name = (await hoverAt(text, 'churn_model@production', 3))!;
      assert.equal((name.contents as { value: string }).value, '**registered model churn_model** from `churn_mlp`; a run registers its version in `staging`');
    });
  });

  describe('signature help', () => {
    const help = (t: string) => {
      const at = t.indexOf('|');
      const plain = t.slice(0, at) + t.slice(at + 1);
      return client.change(uri, plain).then(() =>
        client.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri }, position: TextDocument.create(uri, 'mlpipe', 0, plain).positionAt(at) }),
      );
    };
    after(() => client.change(uri, text));

    it('shows the transform under the cursor with the argument being typed', async () => {
      const first = (await help(text.replace('fill_missing(customers.tenure_days, 0)', 'fill_missing(|customers.tenure_days, 0)')))!;
      const sig = first.signatures[0];
      assert.equal(sig.label, 'fill_missing(x, value)');
      assert.equal(first.activeParameter, 0);
      assert.deepEqual(sig.parameters!.map((p) => sig.label.slice(...(p.label as [number, number]))), ['x', 'value']);
      assert.equal((await help(text.replace('customers.tenure_days, 0)', 'customers.tenure_days, |0)')))!.activeParameter, 1);
    });
    it('follows nesting, multi-line calls and named arguments; nothing outside a call', async () => {
      const inner = await help(text.replace('window_mean(orders.order_value, 90d, as_of', 'window_mean(orders.order_value, 90d,\n    as_of = |'));
      assert.equal(inner!.signatures[0].label, 'window_mean(table.col, DURATION, as_of = primary.time)');
      const params = inner!.signatures[0].parameters!;
      assert.equal(inner!.signatures[0].label.slice(...(params[inner!.activeParameter!].label as [number, number])), 'as_of = primary.time');
      const outer = await help(text.replace('customers.snapshot_at), 0)', 'customers.snapshot_at), |0)'));
      assert.equal(outer!.signatures[0].label, 'fill_missing(x, value)');
      assert.equal(outer!.activeParameter, 1);
      assert.equal(await help(text.replace('  seed = 42\n', '  seed = |42\n')), null);
      assert.equal(await help(text.replace('"requirements.txt"', '"requirements(|.txt"')), null);
    });
  });

  describe('completion', () => {
    /** Completion items at the `|` in `edited` (the text is sent to the server without it). */
    const complete = async (edited: string, triggerCharacter?: string) => {
      const at = edited.indexOf('|');
      const plain = edited.slice(0, at) + edited.slice(at + 1);
      await client.change(uri, plain);
      const list = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: TextDocument.create(uri, 'mlpipe', 0, plain).positionAt(at),
        context: triggerCharacter ? { triggerKind: 2, triggerCharacter } : { triggerKind: 1 },
      });
      return list.items;
    };
    after(() => client.change(uri, text));

    it("offers a path's folder entries inside its string: a source's data files and folders, a lockfile's any file", async () => {
      const labels = (items: CompletionItem[]) => items.map((i) => i.label);
      // The opening quote: the pipeline's own folder (folders first; a source takes CSV and Parquet files only).
      const top = await complete(text.replace('source  = "data/orders.csv"', 'source  = "|"'), '"');
      assert.deepEqual(labels(top), ['data/']);
      // In a folder: the part after the last '/' is replaced, so a filter sees the name only.
      const inData = await complete(text.replace('source  = "data/orders.csv"', 'source  = "data/or|"'));
      assert.deepEqual(labels(inData), ['customers.csv', 'customers_missing.csv', 'orders.csv']);
      const at = positionOf(text.replace('source  = "data/orders.csv"', 'source  = "data/or"'), 'data/or', 5);
      assert.deepEqual(inData[2].textEdit, { range: { start: at, end: { line: at.line, character: at.character + 2 } }, newText: 'orders.csv' });
      assert.deepEqual(labels(await complete(text.replace('"requirements.txt"', '"|"'), '"')), ['data/', 'clean.mlpipe', 'no-split.mlpipe', 'problems.mlpipe', 'requirements.txt']);
      // Not in other strings, and '/' or '"' elsewhere opens nothing.
      assert.deepEqual(await complete(text.replace('feature plan          = one_hot(customers.plan)', 'feature plan          = fill_missing(customers.plan, "|")'), '"'), []);
      assert.deepEqual(await complete(text.replace('source  = "data/orders.csv"', 'source  = "nowhere/|"'), '/'), []);
    });

    it('offers top-level blocks as snippets, without singletons already present', async () => {
      const items = await complete(text + '\nmo|\n');
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('model') && labels.includes('data') && labels.includes('feature'));
      assert.ok(!labels.includes('split'), 'split already exists');
      const model = items.find((i) => i.label === 'model')!;
      assert.equal(model.insertTextFormat, 2);
      assert.match(model.insertText!, /^model \$\{1:name\} \{\n {2}kind = \$\{2\|mlp,logistic,linear\|\}\n {2}inputs = \[\$\{3\}\]\n\}$/);
    });
    it('offers a drift line per direction, each statistic with the comparison that means drift', async () => {
      const items = (await complete(text.replace('  window   = 500', '  window   = 500\n  dr|'))).filter((i) => i.label === 'drift');
      const lines = items.map((i) => i.insertText).sort();
      assert.deepEqual(lines, ['drift ${1:target} ${2|chi2|} < ${3:0.05}', 'drift ${1:target} ${2|psi,ks,js,wasserstein|} > ${3:0.2}']);
    });
    it("offers a block's attributes not yet written", async () => {
      const edited = text.replace('  seed = 42\n', '  |\n  seed = 42\n');
      const labels = (await complete(edited.replace('|', 'se|'))).map((i) => i.label).sort();
      assert.deepEqual(labels, ['order', 'validation']);
    });
    it('offers the allowed keywords after `kind =` (trigger `=` and space)', async () => {
      const edited = text.replace('kind          = mlp', 'kind          = |');
      assert.deepEqual((await complete(edited, ' ')).map((i) => i.label), ['mlp', 'logistic', 'linear']);
      const env = text.replace('backend       = cpu', 'backend       =|');
      assert.deepEqual((await complete(env, '=')).map((i) => i.label), ['auto', 'gpu', 'cpu', 'wasm']);
    });
    it('offers transforms with snippet signatures, features and columns in a feature expression', async () => {
      const edited = text.replace('feature tickets       = log1p(', 'feature tickets       = lo|(');
      const items = await complete(edited);
      const log1p = items.find((i) => i.label === 'log1p')!;
      assert.equal(log1p.insertText, 'log1p(${1:x})');
      assert.ok(items.some((i) => i.label === 'window_mean' && i.insertText!.includes('as_of = ')));
      assert.ok(items.some((i) => i.label === 'order_z' && i.kind === 6), 'features are offered');
      assert.ok(items.some((i) => i.label === 'support_tickets'), 'primary columns are offered');
    });
    it("offers a table's columns after `table.`", async () => {
      const edited = text.replace('window_mean(orders.order_value', 'window_mean(orders.|order_value');
      const labels = (await complete(edited, '.')).map((i) => i.label);
      assert.deepEqual(labels, ['customer_id', 'ordered_at', 'order_value']);
    });
    it('offers features inside `inputs = [` that are not listed yet', async () => {
      const edited = text.replace('inputs        = [tenure, order_z, plan, tickets]', 'inputs        = [tenure, |, plan]');
      const items = await complete(edited, ' ');
      assert.deepEqual(items.map((i) => i.label).sort(), ['avg_order_90d', 'order_z', 'tickets']);
    });
    it('leaves the target column out of feature expressions, `table.` and `key =`, but not `target =`', async () => {
      const expr = await complete(text.replace('feature tickets       = log1p(', 'feature tickets       = lo|('));
      assert.ok(!expr.some((i) => i.label === 'churned'));
      assert.ok(expr.some((i) => i.label === 'tenure_days'));
      const dotted = (await complete(text.replace('one_hot(customers.plan)', 'one_hot(customers.|plan)'), '.')).map((i) => i.label);
      assert.deepEqual(dotted, ['customer_id', 'snapshot_at', 'tenure_days', 'plan', 'support_tickets']);
      assert.ok(!(await complete(text.replace('key     = customer_id\n  time    = snapshot_at', 'key     = |\n  time    = snapshot_at'), ' ')).some((i) => i.label === 'churned'));
      assert.ok((await complete(text.replace('target  = churned', 'target  = |'), ' ')).some((i) => i.label === 'churned'));
    });
    it("offers the pipeline's task's metrics after `require `", async () => {
      const edited = text.replace('require auc      >= 0.5', 'require |');
      const labels = (await complete(edited, ' ')).map((i) => i.label);
      // 'churned' is a classification target: 'rmse' would be the check's invalid-value.
      assert.deepEqual(labels, ['accuracy', 'auc', 'precision', 'recall', 'f1', 'log_loss']);
    });
    it("offers the served model's features and `prediction` after `drift `, after the target the statistics that can measure it", async () => {
      const targets = await complete(text.replace('drift plan       js > 0.1', 'drift |'), ' ');
      assert.deepEqual(targets.map((i) => i.label).sort(), ['avg_order_90d', 'order_z', 'plan', 'prediction', 'tenure', 'tickets']);
      // 'plan' is one_hot, a category: 'ks' and 'wasserstein' measure numbers (the check's invalid-value).
      const stats = await complete(text.replace('drift plan       js > 0.1', 'drift plan |'), ' ');
      assert.deepEqual(stats.map((i) => i.label).sort(), ['chi2', 'js', 'psi']);
      const numeric = await complete(text.replace('drift plan       js > 0.1', 'drift order_z |'), ' ');
      assert.deepEqual(numeric.map((i) => i.label).sort(), ['chi2', 'js', 'ks', 'psi', 'wasserstein']);
      // A name the checker cannot type (not a feature): every statistic.
      const unknown = await complete(text.replace('drift plan       js > 0.1', 'drift nosuch |'), ' ');
      assert.deepEqual(unknown.map((i) => i.label).sort(), ['chi2', 'js', 'ks', 'psi', 'wasserstein']);
    });
    it("offers the registered models and their stages after `model =` in `serve`, and every stage of the catalogue after `name@` (trigger `@`)", async () => {
      const named = (await complete(text.replace('model = churn_model@production', 'model = churn|'))).map((i) => i.label).sort();
      assert.deepEqual(named, ['churn_model', 'churn_model@production', 'churn_model@staging']);
      const stages = await complete(text.replace('model = churn_model@production', 'model = churn_model@|'), '@');
      assert.deepEqual(stages.map((i) => i.label), [...STAGES]);
      assert.match(stages[0]!.detail!, /churn_model at stage staging/);
      assert.deepEqual((await complete(text.replace('model = churn_model@production', 'model = churn_model@pro|'))).map((i) => i.label), [...STAGES]);
      // An '@' anywhere else opens nothing.
      assert.deepEqual(await complete(text.replace('  seed = 42\n', '  seed = 42 @|\n'), '@'), []);
    });
    it('stays quiet when a space is typed for indentation or after a complete name', async () => {
      assert.deepEqual(await complete(text.replace('  seed = 42\n', '  |\n  seed = 42\n'), ' '), []);
      assert.deepEqual(await complete(text + '\nfeature x |\n', ' '), []);
    });
  });

  describe('navigation', () => {
    it('goes to the definition of a feature, a table, a model and a registered model', async () => {
      const def = (needle: string, delta = 1, nth = 0) =>
        client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, needle, delta, nth) });
      assert.deepEqual((await def('[tenure', 2))!.range.start, positionOf(text, 'tenure        ='));
      assert.deepEqual((await def('orders.order_value'))!.range.start, positionOf(text, 'orders {'));
      assert.deepEqual((await def('from  = churn_mlp', 9))!.range.start, positionOf(text, 'churn_mlp {'));
      assert.deepEqual((await def('churn_model@', 2))!.range.start, positionOf(text, 'churn_model {'));
    });
    it("goes from a path string (a data block's source, the lockfile) to the file it names; links every such path", async () => {
      const def = (needle: string, delta: number) => client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, needle, delta) });
      const start = { line: 0, character: 0 };
      assert.deepEqual(await def('"data/orders.csv"', 6), { uri: uriOf(join(FIXTURES, 'data/orders.csv')), range: { start, end: start } });
      assert.deepEqual(await def('"requirements.txt"', 1), { uri: uriOf(join(FIXTURES, 'requirements.txt')), range: { start, end: start } });
      assert.equal(await def('source  = "data/orders.csv"', 2), null, 'the attribute name is not the path');
      const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
      const inQuotes = (written: string) => {
        const at = positionOf(text, `"${written}"`, 1);
        return { start: at, end: { line: at.line, character: at.character + written.length } };
      };
      assert.deepEqual(links, [
        { range: inQuotes('data/customers.csv'), target: uriOf(join(FIXTURES, 'data/customers.csv')) },
        { range: inQuotes('data/orders.csv'), target: uriOf(join(FIXTURES, 'data/orders.csv')) },
        { range: inQuotes('requirements.txt'), target: uriOf(join(FIXTURES, 'requirements.txt')) },
      ]);
    });

    it('expands a selection through the syntax around each position, out to the whole file', async () => {
      const doc = TextDocument.create(uri, 'mlpipe', 0, text);
      const chain = (r: SelectionRange | undefined): string[] => (r ? [doc.getText(r.range), ...chain(r.parent)] : []);
      const [inName, inComment] = await client.request<SelectionRange[]>('textDocument/selectionRange', {
        textDocument: { uri },
        positions: [positionOf(text, 'orders.order_value', 9), { line: 0, character: 0 }],
      });
      const line = text.split('\n').find((l) => l.startsWith('feature avg_order_90d'))!;
      assert.deepEqual(chain(inName), [
        'order_value',
        'orders.order_value',
        'window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)',
        'fill_missing(window_mean(orders.order_value, 90d, as_of = customers.snapshot_at), 0)',
        line,
        text,
      ]);
      assert.equal(chain(inComment).at(-1), text, 'every position ends at the whole file');
    });

    it('links no path that names no file, a URL or a glob', async () => {
      const other = join(FIXTURES, 'links.mlpipe');
      const t = text.replace('"data/orders.csv"', '"data/nowhere.csv"').replace('"data/customers.csv"', '"https://example.com/c.csv"').replace('"requirements.txt"', '"data/*.txt"');
      const opened = await client.open(other, t);
      const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: opened.uri } });
      assert.deepEqual(links, []);
      assert.equal(await client.request('textDocument/definition', { textDocument: { uri: opened.uri }, position: positionOf(t, '"data/nowhere.csv"', 3) }), null);
    });

    it('finds references, with the declaration on request', async () => {
      const refs = (includeDeclaration: boolean) =>
        client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: positionOf(text, 'order_z', 1), context: { includeDeclaration } });
      const all = await refs(true);
      // Definition, use in inputs, drift target.
      assert.equal(all.length, 3);
      assert.deepEqual(all[0].range.start, positionOf(text, 'order_z'));
      assert.equal((await refs(false)).length, 2);
    });
    it('highlights a name: its definition as a write, its uses as reads, nothing on a keyword', async () => {
      const highlights = (needle: string, delta: number) =>
        client.request<Array<{ range: { start: unknown }; kind: number }>>('textDocument/documentHighlight', { textDocument: { uri }, position: positionOf(text, needle, delta) });
      const all = await highlights('order_z', 1);
      assert.deepEqual(
        all.map((h) => h.kind),
        [3, 2, 2],
      );
      assert.deepEqual(all[0].range.start, positionOf(text, 'order_z'));
      assert.deepEqual(await highlights('split {', 1), []);
    });
    it('renames a feature everywhere, with prepareRename giving the range', async () => {
      const pos = positionOf(text, 'avg_order_90d', 2);
      const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: pos });
      assert.equal(prep.placeholder, 'avg_order_90d');
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: pos, newName: 'order_mean' });
      const edits = edit.changes![uri] as TextEdit[];
      const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'mlpipe', 0, text), edits);
      assert.equal(edits.length, 2);
      assert.ok(!renamed.includes('avg_order_90d'));
      assert.match(renamed, /standardize\(order_mean\)/);
    });
    it('renames a table including `table.col` references and `as_of`', async () => {
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri },
        position: positionOf(text, 'customers {', 1),
        newName: 'people',
      });
      const edits = edit.changes![uri] as TextEdit[];
      // The definition, three `customers.col` reads and the window's `as_of`.
      assert.equal(edits.length, 5);
      const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'mlpipe', 0, text), edits);
      assert.match(renamed, /as_of = people\.snapshot_at/);
      assert.ok(!/customers\b/.test(renamed.replace(/customers\.csv|customers_missing/g, '')));
    });
    it('refuses keywords, columns and collisions with a clear error (RequestFailed)', async () => {
      const rename = (needle: string, newName: string, delta = 1) =>
        client.request('textDocument/rename', { textDocument: { uri }, position: positionOf(text, needle, delta), newName }).then(
          () => assert.fail('expected a refusal'),
          (e: Error & { code: number }) => {
            assert.equal(e.code, -32803, e.message);
            return e.message;
          },
        );
      assert.match(await rename('split {', 'x'), /keyword or attribute of the language/);
      // The pipeline's name is a name, not a keyword: it was refused as 'a keyword or attribute of the language'.
      assert.match(await rename('pipeline churn', 'x', 10), /^'churn' is the pipeline's name/);
      assert.match(await rename('customers.tenure_days', 'x', 12), /column of 'customers': columns are named by the data file/);
      assert.match(await rename('feature plan', 'tenure', 9), /a feature 'tenure' already exists/);
      assert.match(await rename('feature plan', 'support_tickets', 9), /column of the primary table/);
      assert.match(await rename('feature plan', '9lives', 9), /not a valid name/);
      // A reference named `true` or `false` would read as the boolean.
      assert.match(await rename('feature plan', 'true', 9), /'true' is not a valid name: it is a boolean value/);
      assert.match(await rename('customers {', 'false'), /'false' is not a valid name/);
      const prep = await client
        .request('textDocument/prepareRename', { textDocument: { uri }, position: positionOf(text, 'seed', 1) })
        .then(() => '', (e: Error) => e.message);
      assert.match(prep, /cannot be renamed/);
    });
    it('prepareRename answers null off any word: a comment, a string, blank space', async () => {
      for (const [needle, delta] of [['# A pipeline', 4], ['"data/customers.csv"', 3], ['\n\n', 1]] as const) {
        const position = positionOf(text, needle, delta);
        assert.equal(await client.request('textDocument/prepareRename', { textDocument: { uri }, position }), null, needle);
      }
    });
  });

  describe('symbols, formatting, folding', () => {
    it('colours every word by what it is (semantic tokens), names by what they resolve to', async () => {
      const { data } = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
      const lines = text.split('\n');
      const words = new Map<string, string[]>();
      for (let i = 0, line = 0, char = 0; i < data.length; i += 5) {
        line += data[i];
        char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
        const word = lines[line].slice(char, char + data[i + 2]);
        words.set(word, [...(words.get(word) ?? []), legend.tokenTypes[data[i + 3]]]);
      }
      assert.deepEqual(words.get('customers'), Array(5).fill('namespace'), 'the table, defined once and read four times');
      assert.ok(words.get('order_z')!.every((t) => t === 'variable'), 'a feature, defined and used');
      assert.deepEqual([...new Set(words.get('standardize'))], ['function']);
      assert.deepEqual([...new Set(words.get('churn_model'))], ['class']);
      assert.deepEqual(words.get('mlp'), ['enumMember']);
      assert.deepEqual(words.get('split'), ['keyword']);
      assert.ok(words.get('snapshot_at')!.every((t) => t === 'property'), 'a column');
    });
    it('lists a hierarchical outline', async () => {
      const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      const names = syms.map((s) => s.name);
      assert.deepEqual(names.slice(0, 4), ['pipeline churn', 'data customers', 'data orders', 'split']);
      assert.ok(names.includes('order_z') && names.includes('model churn_mlp') && names.includes('monitor'));
      const data = syms.find((s) => s.name === 'data customers')!;
      assert.deepEqual(data.children!.map((c) => c.name), ['source', 'version', 'target', 'key', 'time']);
      const monitor = syms.find((s) => s.name === 'monitor')!;
      assert.ok(monitor.children!.some((c) => c.name === 'drift order_z' && c.detail === 'psi > 0.2'));
    });
    it('finds workspace symbols in open and unopened files', async () => {
      const syms = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'churn' });
      const files = new Set(syms.map((s) => s.location.uri.split('/').pop()));
      assert.ok(files.has('clean.mlpipe') && files.has('problems.mlpipe'), [...files].join(','));
      assert.ok(syms.some((s) => s.name === 'churn_model' && s.kind === 4));
      const none = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'zzzz' });
      assert.deepEqual(none, []);
    });
    it('formats with the core formatter and leaves formatted text alone', async () => {
      const messy = text.replace('  test = 0.2\n', 'test    =   0.2\n').replace('feature plan          =', 'feature plan=');
      await client.change(uri, messy);
      const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      assert.ok(edits.length > 0);
      const formatted = TextDocument.applyEdits(TextDocument.create(uri, 'mlpipe', 0, messy), edits);
      assert.equal(formatted, text);
      await client.change(uri, text);
      assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
    });
    it('folds blocks, multi-line lists and calls, and comment runs', async () => {
      const src = '# one\n# two\npipeline p\n\nmodel m {\n  kind = mlp\n  inputs = [\n    a,\n    b,\n  ]\n}\n';
      const u = uri.replace('clean.mlpipe', 'folding.mlpipe');
      await client.open(join(FIXTURES, 'folding.mlpipe'), src);
      const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: u } });
      const simple = ranges.map((r) => [r.startLine, r.endLine, r.kind ?? '']);
      assert.deepEqual(simple, [
        [0, 1, 'comment'],
        [4, 9, ''],
        [6, 8, ''],
      ]);
    });
  });
});

describe('the workspace index', () => {
  it('answers workspace/symbol before any document is opened: the request starts the index and waits for it', async () => {
    // The index waits for the first published diagnostics (or a second): a request first must not find it empty.
    const fresh = inProcessClient();
    try {
      await fresh.initialize({ capabilities: VSCODE_LIKE });
      const syms = await fresh.request<SymbolInformation[]>('workspace/symbol', { query: 'churn' });
      const files = new Set(syms.map((s) => s.location.uri.split('/').pop()));
      assert.ok(files.has('clean.mlpipe') && files.has('problems.mlpipe'), [...files].join(','));
    } finally {
      await fresh.dispose();
    }
  });
});
