import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getColumn } from '../../mlpipe/data/table.js';
import { loadTable } from '../../backend/data/load.js';
import { Scorer } from '../../backend/serve/scorer.js';
import { loadServedModel } from '../../backend/serve/served.js';
import { CliError } from '../output.js';
import { serveOrReport } from './serve.js';
import { SCORE_USAGE } from '../usage.js';

export { SCORE_USAGE };

/** RFC 4180 quoting, only where needed. */
function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Batch scoring with the served model and the same engine: the primary table's key column is
 * kept and `prediction` added (multiclass: the label, then one probability column per class).
 * Numbers are written as JSON writes them, so a score equals `/predict` bit for bit.
 */
export async function scoreCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { input: { type: 'string' }, output: { type: 'string' }, model: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || !values.input || !values.output) throw new CliError(`usage: ${SCORE_USAGE}`);
  return serveOrReport(positionals[0], async () => {
    const served = await loadServedModel(positionals[0], { model: values.model });
    const scorer = new Scorer(served);
    const table = await loadTable(served.run.plan.primary.name, resolve(values.input!), { source: values.input });
    const scored = scorer.scoreTable(table);
    const key = served.run.plan.primary.key;
    const keyColumn = key ? getColumn(table, key) : undefined;
    const { task, labels } = served.run.meta;
    const header = [...(keyColumn ? [key!] : []), 'prediction', ...(task === 'multiclass' ? (labels ?? []).map((l) => `probability_${l}`) : [])];
    const lines = [header.map(cell).join(',')];
    let unscored = 0;
    for (let r = 0; r < scored.rows; r++) {
      const out: string[] = [];
      if (keyColumn) {
        const v = keyColumn.values[r];
        out.push(v === null || (typeof v === 'number' && v !== v) ? '' : String(v));
      }
      if (!scored.ok[r]) {
        unscored++;
        out.push('', ...(task === 'multiclass' ? (labels ?? []).map(() => '') : []));
      } else {
        const p = scorer.prediction(scored.out, r);
        if (typeof p === 'number') out.push(String(p));
        else out.push(p.label, ...Object.values(p.probabilities).map(String));
      }
      lines.push(out.map(cell).join(','));
    }
    await writeFile(resolve(values.output!), lines.join('\n') + '\n');
    process.stderr.write(
      `scored ${scored.rows - unscored} of ${scored.rows} rows with ${served.name} v${served.version} into ${values.output}` +
        (unscored > scored.beyond ? ` (${rows(unscored - scored.beyond)} a missing feature and no prediction: wrap those features in fill_missing)` : '') +
        (scored.beyond ? ` (${rows(scored.beyond)} a feature beyond float32's range (about ±3.4e38) and no prediction: scale it with log1p or bound it with clip)` : '') +
        '\n',
    );
    return 0;
  });
}

/** "1 row has" / "3 rows have". */
function rows(n: number): string {
  return n === 1 ? '1 row has' : `${n} rows have`;
}
