/**
 * Serving and batch scoring agree on generated pipelines and tables: every primary-table row
 * sent as a request (its cells as the CSV writes them, and as a JSON client types them: numbers
 * for numeric fields, missing cells null or left out) gives the batch's model inputs bit for
 * bit, and is refused exactly when the batch row has an input missing or beyond float32's
 * range, or a cell missing that no fill_missing covers (which `mlpipe score` refuses too). The fitted state is the engine's own on the generated split, with no training.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TRIAL_SEEDS } from '../../server/mlpipe/checker/engineSplit.js';
import { ColumnBuilder } from '../../server/mlpipe/data/columnBuilder.js';
import { parseCsv } from '../../server/mlpipe/data/csv.js';
import { isMissing } from '../../server/mlpipe/data/values.js';
import { buildHistoryIndex, requiredRequestFields, transformBatch, transformRow, type FeatureRequest } from '../../server/mlpipe/features/index.js';
import { RequestError } from '../../server/mlpipe/features/errors.js';
import { beyondFloat32 } from '../../server/mlpipe/features/usable.js';
import { analyze } from '../../server/mlpipe/index.js';
import { memoryHost } from '../unit/checker/fixture.js';
import { isRefusal, runEngine, tablesOf } from './engine.js';
import { dataText, pipelineArb } from './generate.js';
import { envInteger } from '../support/envInteger.js';

// Fewer than the other agreement properties: each case transforms every row twice (about 3 s).
const RUNS = envInteger('MLPIPE_AGREEMENT_RUNS', 600, { min: 1 });

describe('agreement: a request and its batch row (property-based)', () => {
  it(`on ${RUNS} generated pipelines and tables`, () => {
    const stats = { cases: 0, rows: 0, refused: 0, fileRefused: 0 };
    const started = Date.now();
    fc.assert(
      fc.property(pipelineArb, fc.constantFrom('text', 'typed', 'omitted'), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (c, style, pick) => {
        const analysis = analyze(c.text, memoryHost(c.data.files));
        const tables = tablesOf(analysis.binding, c.data.files);
        const engine = runEngine(analysis.binding, tables, TRIAL_SEEDS[0]);
        if (!engine.ok) return;
        stats.cases++;
        const { plan, state } = engine;
        const data = { tables };
        const history = buildHistoryIndex(plan, data);
        const parsed = parseCsv(c.data.csv, 'events.csv');
        // A file to score: some of the training rows, typed as 'mlpipe score' types its input
        // (a column the model learned as text stays text, whatever these rows hold).
        const header = parsed.header;
        const rows = parsed.rows.filter((_, r) => pick[r]);
        if (rows.length === 0) return;
        const text = new Set(Object.entries(state.columns).flatMap(([col, t]) => (t === 'string' ? [col] : [])));
        const b = new ColumnBuilder(header, text);
        for (const row of rows) b.addRow(row);
        for (const [col, before] of b.textNeeded()) for (let r = 0; r < before; r++) b.setText(col, r, rows[r]![col] ?? null);
        const primary = plan.primary.name;
        const scored = new Map(tables);
        scored.set(primary, { name: primary, source: 'new.csv', rowCount: rows.length, columns: b.finish() });
        let batch: ReturnType<typeof transformBatch>;
        try {
          batch = transformBatch(plan, state, { tables: scored }, { history });
        } catch (e) {
          if (!isRefusal(e)) throw e;
          // The file as a whole is refused (a column of text where numbers were fitted): every
          // request of its rows must be refused too, or 'mlpipe score' refuses what /predict answers.
          stats.fileRefused++;
          return;
        }
        const required = requiredRequestFields(plan);
        const fields = required.map((f) => f.column);
        // A field no fill_missing covers is refused when missing, even where the batch has a
        // value for it (one_hot's all-zero vector): 'mlpipe score' refuses such rows as /predict does.
        const uncovered = required.filter((f) => !f.covered).map((f) => header.indexOf(f.column));
        const show = (r: number, more: string) => `${c.text}\n${dataText(c.data)}--- row ${r + 1} (${style}) ---\n${more}`;
        rows.forEach((cells, r) => {
          const request: Record<string, string | number | boolean | null> = {};
          for (const f of fields) {
            const cell = cells[header.indexOf(f)] ?? null;
            if (isMissing(cell)) {
              if (style !== 'omitted') request[f] = null;
            } else if (style === 'text') request[f] = cell;
            else if (state.columns[f] === 'number') request[f] = Number(cell);
            else request[f] = cell === 'true' ? true : cell === 'false' ? false : cell;
          }
          const expected = batch.x.subarray(r * batch.width, (r + 1) * batch.width);
          const unusable = expected.some((v) => Number.isNaN(v) || beyondFloat32(v)) || uncovered.some((k) => isMissing(cells[k] ?? null));
          stats.rows++;
          let got: Float32Array;
          try {
            got = transformRow(plan, state, request as FeatureRequest, history);
          } catch (e) {
            if (!(e instanceof RequestError)) throw e;
            stats.refused++;
            assert.ok(unusable, show(r, `the request is refused (${e.message}) but the batch row is [${[...expected].join(', ')}]\n${JSON.stringify(request)}`));
            return;
          }
          assert.ok(!unusable, show(r, `the request is answered but the batch row is unusable: [${[...expected].join(', ')}]\n${JSON.stringify(request)}`));
          for (let k = 0; k < batch.width; k++)
            assert.ok(Object.is(got[k], expected[k]), show(r, `input ${batch.columns[k]}: request ${got[k]}, batch ${expected[k]}\n${JSON.stringify(request)}`));
        });
      }),
      { numRuns: RUNS, seed: envInteger('MLPIPE_AGREEMENT_SEED', 20261203), includeErrorInReport: true },
    );
    console.log(`request and batch row: ${stats.cases} cases run, ${stats.rows} rows compared (${stats.refused} refused; ${stats.fileRefused} files refused whole) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(stats.rows > RUNS / 2, `too few rows compared: ${stats.rows}`);
  });
});
