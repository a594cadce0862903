/**
 * A primary table too large to read whole: its target is still read over every row, so the
 * check's task and classes are the engine's. From the sample, a class only in the last rows was
 * not seen: the check inferred a binary task where the run learned three classes (and refused a
 * drift test the server then refused), or classification of ten values where the run saw
 * eleven, a regression, and refused the 'logistic' model the check had passed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkDocument } from '../../server/backend/check/checkDocument.js';
import { HashCache } from '../../server/backend/data/hash.js';
import { DataInspector } from '../../server/backend/data/inspect.js';
import { loadPipelineData } from '../../server/backend/pipeline/loadData.js';
import { encodeTarget } from '../../server/backend/pipeline/target.js';
import { getColumn } from '../../server/mlpipe/data/table.js';

const root = mkdtempSync(join(tmpdir(), 'mlpipe-sampled-target-'));
after(() => rmSync(root, { recursive: true, force: true }));

const pipeline = (tail: string) => `pipeline s

data t {
  source = "t.csv"
  target = y
  key    = id
}

split {
  test = 0.25
  seed = 3
}

feature fx = standardize(t.x)

model m {
  kind   = logistic
  inputs = [fx]
  seed   = 1
}
${tail}`;

/** 400 rows whose target cycles through `classes` values, and the last 20 rows `last` (one more class by default). */
async function checkAndEncode(name: string, classes: number, text: string, kind = 'logistic', last: string | number = classes, label: (i: number) => string | number = (i) => i % classes) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const rows = ['id,x,y'];
  for (let i = 0; i < 400; i++) rows.push(`${i},${(i * 0.37) % 1},${i >= 380 ? last : label(i)}`);
  writeFileSync(join(dir, 't.csv'), rows.join('\n') + '\n');
  writeFileSync(join(dir, 'p.mlpipe'), text);
  const hashes = new HashCache();
  const checked = await checkDocument(join(dir, 'p.mlpipe'), text, new DataInspector({ maxBytes: 2000, hashCache: hashes }));
  const info = checked.data.get('t.csv')!;
  assert.equal(info.sampled, true);
  assert.ok(info.rowsRead! < 380, `the sample holds ${info.rowsRead} rows, the extra class among them`);
  const { tables } = await loadPipelineData(checked.binding, join(dir, 'p.mlpipe'), hashes);
  const column = getColumn(tables.get('t')!, 'y')!;
  const engine = (() => {
    try {
      return { ok: true as const, target: encodeTarget(column, 't.csv', undefined, { name: 'm', kind }) };
    } catch (e) {
      return { ok: false as const, error: (e as Error).message };
    }
  })();
  const errors = checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  return { y: info.columns!.find((c) => c.name === 'y')!, errors, engine, diagnostics: checked.diagnostics };
}

describe("a sampled primary table's target", () => {
  it('a third class past the sample: the check counts three, and refuses a drift test of a binary prediction', async () => {
    const text = pipeline(`
register a_model {
  from = m
}

serve {
  model = a_model@staging
}

monitor {
  window = 500
  drift prediction ks > 0.2
}
`);
    const { y, errors, engine } = await checkAndEncode('three', 2, text);
    assert.equal(engine.ok && engine.target.classes, 3);
    assert.equal(y.distinct, 3);
    assert.equal(y.whole, true);
    assert.deepEqual(errors, ["'ks' measures numeric values, and 'prediction' is categorical: use 'psi', 'js', 'chi2'"]);
  });

  it('an eleventh value past the sample: the check infers the regression the engine does, and says what the engine says', async () => {
    const { y, errors, engine } = await checkAndEncode('eleven', 10, pipeline(''));
    assert.equal(y.distinct, 11);
    assert.equal(engine.ok, false);
    assert.deepEqual(errors, [!engine.ok ? engine.error : '']);
  });

  // The target's cells past the sample, not only its type and count: the engine refuses the row.
  it('a regression value beyond float32 past the sample: the check names the row the engine names', async () => {
    const { errors, engine } = await checkAndEncode('beyond', 40, pipeline('').replace('kind   = logistic', 'kind   = linear'), 'linear', '1e39');
    assert.equal(engine.ok, false);
    assert.match(!engine.ok ? engine.error : '', /on row 381 of/);
    assert.deepEqual(errors, [!engine.ok ? engine.error : '']);
  });

  it("a label's second spelling past the sample: the check names both, counted over every row", async () => {
    const text = pipeline('').replace('seed   = 1\n}', 'seed   = 1\n  task   = classification\n}');
    const { diagnostics } = await checkAndEncode('variants', 2, text, 'logistic', 'yes ', (i) => (i % 2 ? 'yes' : 'no'));
    const found = diagnostics.filter((d) => d.code === 'label-variants').map((d) => d.message);
    assert.equal(found.length, 1, JSON.stringify(diagnostics));
    assert.match(found[0]!, /holds "yes" \(190 rows\) and "yes " \(20 rows\): spelled apart/);
  });
});
