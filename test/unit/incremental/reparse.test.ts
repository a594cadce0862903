import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { check, parse } from '../../../server/mlpipe/index.js';
import type { Binding } from '../../../server/mlpipe/binder.js';
import type { SourceFile } from '../../../server/mlpipe/syntax/ast.js';
import { isConsumed, reparse } from '../../../server/mlpipe/syntax/incremental.js';
import { generateShape } from '../../../bench/checker/shapes.js';
import { CheckMemo } from '../../../server/mlpipe/checker/memo.js';
import { carried as missingEveryRowKept } from '../../../server/mlpipe/checker/rules/missingEveryRow.js';
import { textInputs } from '../../../server/mlpipe/checker/rules/typeMismatch.js';
import { unknownInputs } from '../../../server/mlpipe/checker/rules/unknownReference.js';
import { basePipeline, CUSTOMERS, customersCsv, memoryHost, ORDERS } from '../checker/fixture.js';

/** Lines a pipeline is made of, the broken ones included: unclosed blocks, strings and brackets, junk. */
const LINES = [
  'pipeline p',
  'data customers {',
  '  source = "customers.csv"',
  '  key = customer_id',
  '  target = churned',
  '}',
  'feature a = fill_missing(customers.tenure_days, 0)',
  'feature b = standardize(a) * 2 + 1',
  'feature c = log1p(',
  '  b)',
  'feature d = [1, 2,',
  'feature e = "open string',
  'feature f = window_mean(orders.order_value, 90d, as_of = customers.snapshot_at)',
  'model m {',
  '  kind = mlp',
  '  inputs = [a, b, c]',
  '  seed = 7',
  '  widget w { size = 3 }',
  'evaluate {',
  '  require auc >= 0.6',
  'monitor {',
  '  drift a psi > 0.2',
  'serve {',
  '  feature z = a',
  '  model = m@production',
  '}',
  '}',
  '# a comment { with "brackets',
  '# mlpipe-disable-next-line unused-feature',
  'x = 3',
  'pipeline again',
  '',
  '   ',
  'feature g = (a +',
  '  b',
  'feature h = a, feature i = b',
  'model n { kind = linear, inputs = [a], seed = 1 } model o {',
  '$$ bad',
  'feature',
  'require auc',
];
const SNIPPETS = ['{', '}', '[', ']', '(', ')', ',', '=', '"', '#', '\n', '\r\n', '\r', '@', '.', '-', ' ', 'feature ', 'feature q = ', 'data t {', 'model m {', 'x', '9', '90d', '1e', '\\', '\uFEFF', '😀', '\t'];

const pipelineText = fc
  .tuple(fc.array(fc.constantFrom(...LINES), { minLength: 0, maxLength: 60, size: 'max' }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, header]) => (header ? ['pipeline p', ...lines] : lines).join(eol));

/** One edit as an editor sends it: a range of the old text replaced (positions as fractions of the length). */
const editArb = fc.record({
  at: fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => n / 1_000_000),
  removed: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
  inserted: fc.oneof(fc.constant(''), fc.constantFrom(...SNIPPETS), fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 4 }).map((xs) => xs.join('')), fc.constantFrom(...LINES).map((l) => l + '\n')),
});

function apply(text: string, e: { at: number; removed: number; inserted: string }): string {
  const start = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return text.slice(0, start) + e.inserted + text.slice(Math.min(text.length, start + e.removed));
}

/**
 * Chained edits (random ones, and `swapWeight` times as many lines of `swaps` put in or in place of a line) with the data
 * toggled between two versions, each version checked with the memo carried and fresh: equal
 * diagnostics (codes, ranges, messages, order) or the property fails. Returns how often the
 * memo's feature results were reused, and how many checks refused a model (missing every row).
 */
/**
 * A pipeline whose second model reads a chain of features missing on every row (the run is
 * refused: 'u2' is log1p of a large negative number).
 */
function refusedChain(): string {
  return `${basePipeline()}
feature u1 = fill_missing(customers.tenure_days, 0)
feature u2 = log1p(u1 - 100000)
feature u3 = u2 * 2 + tenure

model m2 {
  kind   = mlp
  inputs = [u3, plan]
  seed   = 3
}
`;
}

type Step = { edit: { at: number; removed: number; inserted: string } | { line: number; with: string; insert: boolean }; data: number };

function chainHosts() {
  const noMissing = customersCsv((row) => {
    if (row[2] === '') row[2] = '5';
  });
  return [CUSTOMERS, noMissing].map((c) => memoryHost({ 'customers.csv': c, 'orders.csv': ORDERS }, ['package-lock.json']));
}

/**
 * Checks `base`, then each step's text, with one memo carried through, against a fresh check of
 * the same text and data; returns how many checks a model input was missing on every row, and the memo.
 */
function checkChain(base: string, steps: Step[], hosts = chainHosts()): { refused: number; memo: CheckMemo } {
  let refused = 0;
  const memo = new CheckMemo();
  let tree = parse(base);
  check(tree, { ...hosts[0], memo });
  let t = base;
  for (const { edit, data } of steps) {
    if ('with' in edit) {
      const lines = t.split('\n');
      // Half the replacements hit the line the swap rewrites ('feature u2', '  seed'), if any.
      const head = edit.with.split('=')[0].trim();
      const own = edit.line % 2 === 0 && head ? lines.findIndex((l) => l.split('=')[0].trim() === head) : -1;
      if (own >= 0) lines[own] = edit.with;
      else lines.splice(edit.line % lines.length, edit.insert ? 0 : 1, edit.with);
      t = lines.join('\n');
    } else t = apply(t, edit);
    const r = reparse(tree, t);
    const freshCheck = check(parse(t), hosts[data]);
    const carriedCheck = check(r.file, { ...hosts[data], memo });
    const fresh = freshCheck.diagnostics;
    assert.deepStrictEqual(carriedCheck.diagnostics, fresh, `after editing to ${JSON.stringify(t)}`);
    assert.deepStrictEqual(bindingOf(carriedCheck.binding), bindingOf(freshCheck.binding), `binding after editing to ${JSON.stringify(t)}`);
    // The binder keeps some answers between bindings of any file (keyed by what they are made
    // of), so the fresh binding is no oracle for those: the used features are also walked here.
    assert.deepStrictEqual([...carriedCheck.binding.usedFeatures].sort(), usedByModels(carriedCheck.binding), `used features after editing to ${JSON.stringify(t)}`);
    if (fresh.some((d) => d.message.includes('after every transform'))) refused++;
    tree = r.file;
  }
  return { refused, memo };
}

function carryThrough(base: string, swaps: string[], numRuns: number, swapWeight = 2): { reused: number; refused: number } {
  const hosts = chainHosts();
  const swap = fc.record({ line: fc.nat(), with: fc.constantFrom(...swaps), insert: fc.boolean() });
  const step = fc.record({ edit: fc.oneof({ arbitrary: editArb, weight: 1 }, { arbitrary: swap, weight: swapWeight }), data: fc.nat(hosts.length - 1) });
  let reused = 0;
  let refused = 0;
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
      const chain = checkChain(base, steps, hosts);
      refused += chain.refused;
      reused += chain.memo.features.reused;
    }),
    { numRuns },
  );
  return { reused, refused };
}

/** What the binder made of each feature (what it reads, resolved) and every occurrence, as plain data. */
function bindingOf(b: Binding): unknown {
  const at = (n: { start: number; end: number }) => [n.start, n.end];
  const features = [...b.features.values()].map((f) => ({
    name: f.name,
    decl: at(f.decl),
    features: f.features,
    columns: f.columns.map((c) => [c.table, c.column, at(c.node)]),
    reads: f.reads.features.map((r) => [r.feature, at(r.node), r.covered]),
    columnReads: f.reads.columns.map((c) => [c.table, c.column, at(c.node), c.covered, c.window, c.asOf]),
  }));
  return { features, used: [...b.usedFeatures], occurrences: b.occurrences };
}

/** Every feature a model reads, directly or not, walked from the binding's own lists. */
function usedByModels(b: Binding): string[] {
  const seen = new Set<string>();
  const todo = [...b.models.values()].flatMap((m) => m.inputs.map((i) => i.name));
  for (let n = todo.pop(); n !== undefined; n = todo.pop()) {
    const f = b.features.get(n);
    if (!f || seen.has(n)) continue;
    seen.add(n);
    todo.push(...f.features);
  }
  return [...seen].sort();
}

/** The tree without the calls' argument cache (a cache slot, filled by whoever asked first). */
function plain(file: SourceFile): unknown {
  return JSON.parse(JSON.stringify(file, (k, v) => (k === 'bound' ? undefined : v === undefined ? '<undefined>' : v)));
}

describe('incremental re-parse', () => {
  it('deep-equals a full parse after thousands of random edits, edit after edit', () => {
    let edits = 0;
    let before = 0;
    let after = 0;
    fc.assert(
      fc.property(pipelineText, fc.array(editArb, { minLength: 1, maxLength: 8 }), (text, script) => {
        let tree = parse(text);
        let t = text;
        for (const e of script) {
          edits++;
          t = apply(t, e);
          const r = reparse(tree, t);
          assert.deepStrictEqual(plain(r.file), plain(parse(t)), `after editing to ${JSON.stringify(t)}`);
          if (r.reused && r.reused.before > 0) before++;
          if (r.reused && r.reused.after > 0) after++;
          tree = r.file;
        }
      }),
      { numRuns: 1500 },
    );
    // The property must have exercised the incremental path (both the kept and the moved statements), not only the fallback.
    assert.ok(before > edits / 3 && after > edits / 10, `of ${edits} re-parses, ${before} kept statements before the edit and ${after} moved some after it`);
  });

  it('gives the same diagnostics as a full check (codes, ranges, messages, order)', () => {
    const host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
    const base = basePipeline();
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 4 }), (edits) => {
        let tree = parse(base);
        check(tree, host); // fills the calls' caches, as the language server does
        let t = base;
        for (const e of edits) {
          t = apply(t, e);
          const r = reparse(tree, t);
          assert.deepStrictEqual(check(r.file, host).diagnostics, check(parse(t), host).diagnostics);
          tree = r.file;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same diagnostics as a full check with the memo carried through chained edits and data changes', () => {
    // Features whose diagnostics hang on another feature's text (a type through 't1'), on the
    // set of feature names (a misspelt 'plann', the name suggested for 'tenur_z'), on the data
    // ('tenure_days' with or without missing cells), on other statements (the target) and on
    // which features models use ('t1' through 'tenure'), on cycles ('t1 = t3') and features
    // reading themselves: the edits swap such lines in and out.
    const base = `${basePipeline()}
feature t1 = customers.plan
feature t2 = log1p(t1)
feature t3 = t2 + tenure
feature r1 = log1p(customers.tenure_days)
feature r2 = fill_missing(support_tickets, 0) * 2
feature r3 = plann + 1
feature r4 = hash_bucket(t1, 8)
feature r5 = tenur_z + 1
`;
    const swaps = [
      'feature t1 = customers.tenure_days',
      'feature t1 = customers.plan',
      'feature t1 = t3',
      'feature t2 = log1p(t1)',
      // A feature reading itself keeps its entry (its type does not depend on who asks first).
      'feature t2 = standardize(t2, fit = all) + t1',
      'feature t3 = log1p(t3) + t2',
      'feature t2 = one_hot(t1)',
      'feature plann = 3',
      'feature plan = 3',
      'feature tenure = customers.plan',
      'feature tenure = t1 + 0',
      'feature tenur_zz = 3',
      'feature r1 = log1p(customers.tenure_days)',
      '  target  = support_tickets',
      '  target  = churned',
      '  time    = snapshot_at',
      '',
    ];
    const { reused } = carryThrough(base, swaps, 200);
    assert.ok(reused > 200, `features' diagnostics were reused ${reused} times`);
  });

  it("an edit of a model, the split or serving keeps every feature's results; one of a 'data' block keeps none", () => {
    const host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
    const base = generateShape('features-used', 400);
    const memo = new CheckMemo();
    let tree = parse(base);
    check(tree, { ...host, memo });
    const features = tree.statements.filter((x) => x.kind === 'Feature').length;
    const seed = base.replace(/seed += \d+/, 'seed   = 99');
    const target = seed.replace('  target  = churned', '  target  = support_tickets');
    assert.ok(seed !== base && target !== seed, 'the edits apply');
    const reused: number[] = [];
    for (const t of [seed, target]) {
      tree = reparse(tree, t).file;
      assert.deepStrictEqual(check(tree, { ...host, memo }).diagnostics, check(parse(t), host).diagnostics);
      reused.push(memo.features.reused);
    }
    assert.deepStrictEqual(reused, [features, 0]);
  });

  it('keeps the results of a feature reading itself, and forgets them when what else it reads changes', () => {
    // 's' reads itself and 'k'; 'j' and 'i' are a two-feature cycle, whose types depend on
    // which is asked first: never kept.
    const host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
    const v1 = `${basePipeline()}
feature k = customers.tenure_days
feature s = standardize(s, fit = all) + log1p(k)
feature i = log1p(j)
feature j = hash_bucket(i, 4)
feature pad = 1
`;
    const steps = [v1.replace('feature pad = 1', 'feature pad = 2'), v1.replace('k = customers.tenure_days', 'k = customers.plan'), v1];
    const memo = new CheckMemo();
    let tree = parse(v1);
    check(tree, { ...host, memo });
    const reusedAfter: number[] = [];
    for (const t of steps) {
      tree = reparse(tree, t).file;
      const carried = check(tree, { ...host, memo });
      assert.deepStrictEqual(carried.diagnostics, check(parse(t), host).diagnostics, `after editing to ${JSON.stringify(t)}`);
      reusedAfter.push(memo.features.reused);
    }
    const features = parse(v1).statements.filter((x) => x.kind === 'Feature').length;
    // After the 'pad' edit every feature but 'pad' and the cycle's two is reused, 's' included.
    assert.equal(reusedAfter[0], features - 3);
  });

  it('gives the same diagnostics as a full check with plans and verdicts carried through chained edits', () => {
    // `refusedChain`'s second model is refused. The swaps make the input usable and
    // back (through a dependency's text, or the input's own), change the split under an
    // unchanged plan (seed, fraction, order, or none: unseeded), and the model's inputs. Each
    // check's verdicts must be the fresh check's, reused or not.
    const base = refusedChain();
    const swaps = [
      'feature u1 = fill_missing(customers.tenure_days, 0)',
      'feature u1 = fill_missing(customers.tenure_days, 0) - 100000',
      'feature u2 = log1p(u1)',
      'feature u2 = log1p(u1 - 100000)',
      'feature u3 = u2 * 2 + tenure',
      'feature u3 = log1p(tenure - 100000)',
      '  seed = 43',
      '  seed = 42',
      '  by   = customer_id',
      '  test = 0.5',
      '  test = 0.2',
      '  order = time',
      '  inputs = [u3, plan]',
      '  inputs = [u2]',
      '',
    ];
    const { refused } = carryThrough(base, swaps, 150, 8);
    assert.ok(refused > 20, `a model input was missing on every row after ${refused} edits`);
  });

  it('runs skew/unseen-category again on unchanged features when only the split changed', () => {
    // Found by the property above (seed 532915366): a time order reached the split, and the
    // 'plan' feature's kept results (no unseen category under the random split) were replayed.
    const base = refusedChain();
    const u1 = 'feature u1 = fill_missing(customers.tenure_days, 0)';
    checkChain(base, [
      { edit: { line: 0, with: '  test = 0.5', insert: false }, data: 0 },
      { edit: { line: 122440099, with: u1, insert: true }, data: 0 },
      { edit: { line: 1140599765, with: u1, insert: true }, data: 0 },
      { edit: { line: 244570773, with: u1, insert: true }, data: 1 },
      { edit: { line: 1886317088, with: '  order = time', insert: false }, data: 1 },
    ]);
  });

  it("gives the same diagnostics as a full check when models the edit did not reach keep last check's results", () => {
    // Models whose inputs reach no changed feature keep their missing-every-row verdict and
    // their inputs' type-mismatch and unknown-reference results (`ModelResults`). Here a type
    // or a refusal flows to a model only through another feature ('w2' reads 'w1', 'w5' reads
    // 'w3' through 'w4', 'w7' reads 'w8', which may read it back: a cycle, whose types are found
    // afresh; 'mv' is refused or not by the split alone); the swaps change, add, delete and
    // rename features and models, and edit their inputs. A syntax error in a model silences
    // missing-every-row for as many edits as it stays, and what changed meanwhile must not be
    // missed when it goes.
    const base = `${basePipeline()}
feature w1 = customers.plan
feature w2 = w1
feature w3 = fill_missing(customers.tenure_days, 0) - 100000
feature w4 = log1p(w3)
feature w5 = w4 * 2 + tenure
feature w7 = w8
feature w8 = customers.tenure_days
feature v = log1p(customers.tenure_days - 659)
model m2 { kind = mlp, inputs = [w5, plan], seed = 3 }
model m3 { kind = mlp, inputs = [w2, tenure], seed = 4 }
model m4 { kind = logistic, inputs = [w3, w1], seed = 5 }
model m7 { kind = mlp, inputs = [w7], seed = 9 }
model mv { kind = mlp, inputs = [v], seed = 10 }
`;
    const swaps = [
      'feature w1 = customers.plan',
      'feature w1 = customers.tenure_days',
      'feature w1 = w3',
      'feature w1b = customers.plan',
      'feature w2 = w1',
      'feature w2 = hash_bucket(w1, 4)',
      'feature w2 = w1b',
      'feature w3 = fill_missing(customers.tenure_days, 0) - 100000',
      'feature w3 = fill_missing(customers.tenure_days, 0)',
      'feature w4 = log1p(w3)',
      'feature w4 = w1',
      'feature w5 = w4 * 2 + tenure',
      'feature w5 = w2',
      'feature w6 = log1p(w3)',
      'model m2 { kind = mlp, inputs = [w5, plan], seed = 3 }',
      'model m3 { kind = mlp, inputs = [w2, tenure], seed = 4 }',
      'model m4 { kind = logistic, inputs = [w3, w1], seed = 5 }',
      'model m5 { kind = mlp, inputs = [w6, w2], seed = 6 }',
      'model m6 { kind = mlp, inputs = [w1b, w4], seed = 8 }',
      'feature w8 = customers.tenure_days',
      'feature w8 = fill_missing(w7, "x")',
      'feature w8 = fill_missing(w7, 0)',
      '  kind   = mlp )',
      '  kind   = mlp',
      // 'v' has a value on 4 rows: none is a test row at 0.2, some are at 0.5.
      '  test = 0.5',
      '  test = 0.2',
      '  seed = 43',
      '',
    ];
    const reusedNow = () => [missingEveryRowKept, textInputs, unknownInputs].map((r) => r.reused);
    const before = reusedNow();
    const { refused } = carryThrough(base, swaps, 200, 8);
    const reused = reusedNow().map((n, k) => n - before[k]);
    assert.ok(refused > 20, `a model input was missing on every row after ${refused} edits`);
    assert.ok(reused.every((n) => n > 100), `models' results were reused ${reused.join(', ')} times (missing-every-row, type-mismatch, unknown-reference)`);
  });

  it('does not reuse a verdict across checks that did not decide it', () => {
    // A syntax error (in another model) stops missing-every-row; the feature edited meanwhile
    // refuses the model once the error is gone, though that last edit changed no feature.
    const host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
    const base = `${basePipeline()}
feature w3 = fill_missing(customers.tenure_days, 0)
feature w4 = log1p(w3)
model m2 { kind = mlp, inputs = [w4, plan], seed = 3 }
`;
    const broken = base.replace('  seed   = 7', '  seed   = 7 )');
    const steps = [broken, broken.replace('customers.tenure_days, 0)', 'customers.tenure_days, 0) - 100000'), base.replace('customers.tenure_days, 0)', 'customers.tenure_days, 0) - 100000')];
    const memo = new CheckMemo();
    let tree = parse(base);
    check(tree, { ...host, memo });
    for (const t of steps) {
      tree = reparse(tree, t).file;
      assert.deepStrictEqual(check(tree, { ...host, memo }).diagnostics, check(parse(t), host).diagnostics, `after editing to ${JSON.stringify(t)}`);
    }
    assert.ok(check(parse(steps[2]), host).diagnostics.some((d) => d.message.includes('after every transform')), 'the last step refuses the model');
  });

  it("decides a kept model's verdict again when only the split changed", () => {
    // 'v' has a value on 4 rows: none is a test row at 0.2, some are at 0.5.
    const host = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
    const base = `${basePipeline()}
feature v = log1p(customers.tenure_days - 659)
model mv { kind = mlp, inputs = [v], seed = 10 }
`;
    const half = base.replace('  test = 0.2', '  test = 0.5');
    const memo = new CheckMemo();
    let tree = parse(base);
    check(tree, { ...host, memo });
    const refused: boolean[] = [];
    for (const t of [half, base, half, base]) {
      tree = reparse(tree, t).file;
      const fresh = check(parse(t), host).diagnostics;
      assert.deepStrictEqual(check(tree, { ...host, memo }).diagnostics, fresh, `after editing to ${JSON.stringify(t)}`);
      refused.push(fresh.some((d) => d.message.includes('after every transform')));
    }
    assert.deepStrictEqual(refused, [false, true, false, true]);
  });

  it('re-parses only the statements around a one-line edit in the middle of a 5,000-line file', () => {
    for (const shape of ['features-used', 'nested', 'small-blocks'] as const) {
      const text = generateShape(shape, 5000);
      const tree = parse(text);
      const middle = text.indexOf('\n', text.length >> 1) + 1;
      const edited = text.slice(0, middle) + 'feature inserted = tenure\n' + text.slice(middle);
      const r = reparse(tree, edited);
      assert.ok(r.reused, `${shape}: fell back to a full parse`);
      const total = tree.statements.length;
      assert.ok(r.reused.before + r.reused.after >= total - 4, `${shape}: reused ${r.reused.before} + ${r.reused.after} of ${total}`);
      assert.deepStrictEqual(plain(r.file), plain(parse(edited)));
    }
  });

  it('a moved statement is the same object, moved in place, and keeps its text id through chained moves', () => {
    const text = generateShape('features-used', 1000);
    const tree = parse(text);
    const memo = new CheckMemo();
    const firsts = [...tree.statements];
    const ids = firsts.map((s) => memo.statementTextId(s, text));
    const middle = text.indexOf('\n', text.length >> 1) + 1;
    let t = text;
    let file = tree;
    for (const insert of ['feature x1 = tenure\n', 'feature x2 = tenure\n']) {
      t = t.slice(0, middle) + insert + t.slice(middle);
      file = reparse(file, t).file;
    }
    const edited = middle + 'feature x1 = tenure\nfeature x2 = tenure\n'.length;
    let moved = 0;
    let near = 0;
    for (let k = 1; file.statements[file.statements.length - k].start >= edited; k++) {
      const s = file.statements[file.statements.length - k];
      // Whatever happened to it, a statement's id is the id of its own text at its own offsets.
      assert.equal(memo.statementTextId(s, t), memo.textId(t.slice(s.start, s.end)));
      if (s !== firsts[firsts.length - k]) {
        near++; // re-parsed by one of the edits, the re-parse going on to a statement boundary
        continue;
      }
      moved++;
      assert.equal(memo.statementTextId(s, t), ids[firsts.length - k]);
    }
    assert.ok(near <= 4, `${near} statements after the edit were re-parsed`);
    assert.ok(moved > 100, `only ${moved} statements were handed on`);
    assert.deepStrictEqual(plain(file), plain(parse(t)));
  });

  it('consumes the tree it re-parsed: a second re-parse of it throws, and one of the same text keeps it', () => {
    const text = ['pipeline p', 'feature a = 1', 'feature b = 2', 'feature c = 3', 'feature d = 4', 'feature e = 5', ''].join('\n');
    const tree = parse(text);
    assert.equal(reparse(tree, text).file, tree, 'the same text gives the same tree');
    assert.equal(isConsumed(tree), false);
    const edited = text.replace('c = 3', 'c = 33');
    const r = reparse(tree, edited);
    assert.ok(r.reused && r.reused.after > 0, 'statements after the edit were handed on');
    assert.equal(isConsumed(tree), true);
    assert.equal(isConsumed(r.file), false);
    assert.throws(() => reparse(tree, text), /already consumed/);
    // The newest tree goes on being re-parsed: back to the first text, as a full parse of it.
    assert.deepStrictEqual(plain(reparse(r.file, text).file), plain(parse(text)));
    // A re-parse that falls back to a full parse consumes its input too: one rule for callers.
    const whole = parse(text);
    reparse(whole, 'pipeline q\n');
    assert.equal(isConsumed(whole), true);
  });

  it('a statement sharing its line with an edited one is re-parsed: one error per line holds', () => {
    const text = ['pipeline p', 'feature a = 1', 'feature b = 2', 'feature h = 1, feature i = ', 'feature c = 3', ''].join('\n');
    const edited = text.replace('h = 1,', 'h = ,');
    const r = reparse(parse(text), edited);
    assert.deepStrictEqual(plain(r.file), plain(parse(edited)));
    assert.ok(r.reused, 'the edit re-parsed incrementally');
    assert.equal(r.file.syntaxErrors.length, 1);
  });

  it('an unclosed block swallows what follows, and closing it again restores the old tree', () => {
    const text = ['pipeline p', 'feature a = 1', 'widget w {', '  size = 3', '}', 'feature b = a', 'model m {', '  kind = mlp', '}', 'feature c = b', ''].join('\n');
    const tree = parse(text);
    const open = text.replace('  size = 3\n}', '  size = 3');
    const r1 = reparse(tree, open);
    assert.deepStrictEqual(plain(r1.file), plain(parse(open)));
    const r2 = reparse(r1.file, text);
    assert.deepStrictEqual(plain(r2.file), plain(parse(text)));
  });
});
