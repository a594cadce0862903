import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from '../../../server/lsp/semanticTokens.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { TRANSFORMS } from '../../../server/mlpipe/transforms/index.js';

/** The tokens as (text, type, modifiers), decoded from LSP's relative encoding. */
function decode(text: string): Array<[string, string, string]> {
  const a = analyze(text);
  const { data } = semanticTokens(a.file, a.binding, a.lines);
  assert.equal(data.length % 5, 0);
  const lines = text.split('\n');
  const out: Array<[string, string, string]> = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, length, type, mods] = data.slice(i, i + 5);
    line += dl;
    char = dl === 0 ? char + dc : dc;
    const modifiers = SEMANTIC_TOKENS_LEGEND.tokenModifiers.filter((_, k) => mods & (1 << k)).join(',');
    out.push([lines[line].slice(char, char + length), SEMANTIC_TOKENS_LEGEND.tokenTypes[type], modifiers]);
  }
  return out;
}

const PIPELINE = `# churn
pipeline churn

data customers {
  source = "customers.csv"
  target = churned
}

feature spend = standardize(fill_missing(customers.spend, 0), fit = train)
feature z = spend * 2 + nosuch.col

model m {
  kind   = mlp
  inputs = [spend, z]
  epochs = 3
}

register churn_model {
  from = m
}

evaluate {
  require auc >= 0.7
}

serve {
  model = churn_model@production
}

monitor {
  window = 100
  drift spend psi > 0.2
  drift prediction ks > 0.1
}
`;

test('each word is coloured as what it is: names as what they resolve to, structure from the tree', () => {
  const tokens = decode(PIPELINE);
  const of = (word: string, nth = 0) => tokens.filter((t) => t[0] === word)[nth];
  assert.deepEqual(of('# churn'), ['# churn', 'comment', '']);
  assert.deepEqual(of('pipeline'), ['pipeline', 'keyword', '']);
  assert.deepEqual(of('churn'), ['churn', 'namespace', 'declaration']);
  assert.deepEqual(of('data'), ['data', 'keyword', '']);
  assert.deepEqual(of('customers'), ['customers', 'namespace', 'declaration']);
  assert.deepEqual(of('source'), ['source', 'property', '']);
  assert.deepEqual(of('"customers.csv"'), ['"customers.csv"', 'string', '']);
  assert.deepEqual(of('feature'), ['feature', 'keyword', '']);
  assert.deepEqual(of('spend'), ['spend', 'variable', 'declaration']);
  assert.deepEqual(of('standardize'), ['standardize', 'function', 'defaultLibrary']);
  assert.deepEqual(of('customers', 1), ['customers', 'namespace', '']);
  assert.deepEqual(of('spend', 1), ['spend', 'property', ''], 'customers.spend is a column');
  assert.deepEqual(of('fit'), ['fit', 'parameter', '']);
  assert.deepEqual(of('train'), ['train', 'enumMember', '']);
  assert.deepEqual(of('spend', 2), ['spend', 'variable', ''], 'a use of the feature');
  assert.equal(of('nosuch'), undefined, 'a name that resolves to nothing stays plain');
  // Without the data a bare unknown name may be a column of the primary table, as the check takes it.
  assert.deepEqual(of('mlp'), ['mlp', 'enumMember', '']);
  assert.deepEqual(of('3'), ['3', 'number', '']);
  assert.deepEqual(of('churn_model'), ['churn_model', 'class', 'declaration']);
  assert.deepEqual(of('m', 1), ['m', 'class', ''], "'from = m' names the model");
  assert.deepEqual(of('require'), ['require', 'keyword', '']);
  assert.deepEqual(of('auc'), ['auc', 'enumMember', 'defaultLibrary']);
  assert.deepEqual(of('churn_model', 1), ['churn_model', 'class', '']);
  assert.deepEqual(of('production'), ['production', 'enumMember', '']);
  assert.deepEqual(of('psi'), ['psi', 'enumMember', 'defaultLibrary']);
  assert.deepEqual(of('prediction'), ['prediction', 'keyword', '']);
});

test('tokens are in order, do not overlap and stay on one line, on any text, even text that does not parse', () => {
  for (const text of [PIPELINE, PIPELINE.replace(/\n/g, '\r\n'), 'feature x = "unclosed\nmodel {', 'pipeline\n}}} = = (', '', `${PIPELINE}\nfeature é = 1 # ünïcode ✓\n`]) {
    const a = analyze(text);
    const { data } = semanticTokens(a.file, a.binding, a.lines);
    let line = 0;
    let start = 0;
    let prevEnd = 0;
    for (let i = 0; i < data.length; i += 5) {
      const [dl, dc, length] = data.slice(i, i + 5);
      assert.ok(dl >= 0 && dc >= 0 && length > 0, JSON.stringify(data.slice(i, i + 5)));
      start = dl === 0 ? start + dc : dc;
      if (dl === 0 && i > 0) assert.ok(start >= prevEnd, `overlap at token ${i / 5} of ${JSON.stringify(text.slice(0, 20))}`);
      line += dl;
      assert.ok(start + length <= a.lines.lineEnd(line) - a.lines.lineStarts[line], 'a token runs past its line');
      prevEnd = start + length;
    }
  }
});

test("tokens read no catalogue entry's arguments: a call's argument kinds come from its signature", () => {
  // Semantic tokens are asked for the whole document at every edit; each entry's arguments are
  // objects of differing shapes, so a search of them per named argument was a megamorphic load.
  const a = analyze(PIPELINE);
  const warm = semanticTokens(a.file, a.binding, a.lines).data; // each signature read out of its entry once
  let reads = 0;
  const specs = Object.values(TRANSFORMS);
  const kept = specs.map((s) => Object.getOwnPropertyDescriptor(s, 'args')!);
  specs.forEach((s, k) => Object.defineProperty(s, 'args', { configurable: true, get: () => (reads++, kept[k].value) }));
  let data: number[];
  try {
    data = semanticTokens(a.file, a.binding, a.lines).data;
  } finally {
    specs.forEach((s, k) => Object.defineProperty(s, 'args', kept[k]));
  }
  assert.deepEqual({ reads, same: data.join() === warm.join() }, { reads: 0, same: true });
});
