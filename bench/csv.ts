// Reads generated CSV files of three shapes through the loader (loadTable: typed columns, what a
// run reads) and the checker's inspection (inspectSource: types, missing and distinct counts,
// the cells; hashed afresh each time; the whole file, as a run checks it), against a baseline measured in the same run: the same
// bytes read, decoded and split into lines and cells with String.split, the least any reader
// in JavaScript does. Shapes: long (1M x 10, most files), wide (10,002 columns x 200 rows:
// expression data), pixels (785 columns x 15,000 rows of integers 0-255, mostly 0: MNIST as a
// CSV, kept under the checker's 32 MiB sample). Prints, never asserts.
// Run: npx tsx bench/csv.ts [--quick] [--shape long,wide,pixels]
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashCache } from '../server/backend/data/hash.js';
import { inspectSource } from '../server/backend/data/inspect.js';
import { loadTable } from '../server/backend/data/load.js';
import { Mulberry32 } from '../server/mlpipe/data/prng.js';
import { flag, option } from './argv.js';

interface Shape {
  columns: number;
  rows: number;
  header: () => string;
  row: (rng: Mulberry32, r: number) => string;
}

const SHAPES: Record<string, Shape> = {
  long: {
    columns: 10,
    rows: 1_000_000,
    header: () => 'id,a,b,c,d,e,f,g,label,category',
    row: (rng, r) => {
      const cells = [String(r)];
      for (let c = 0; c < 7; c++) cells.push((rng.float() * 1000 - 500).toFixed(3));
      cells.push(String(rng.int(2)), ['red', 'green', 'blue'][rng.int(3)]!);
      return cells.join(',');
    },
  },
  wide: {
    columns: 10_002,
    rows: 200,
    header: () => ['id', 'label', ...Array.from({ length: 10_000 }, (_, c) => `g${c}`)].join(','),
    row: (rng, r) => [String(r), String(rng.int(2)), ...Array.from({ length: 10_000 }, () => (rng.float() * 10).toFixed(3))].join(','),
  },
  pixels: {
    columns: 785,
    rows: 15_000,
    header: () => ['label', ...Array.from({ length: 784 }, (_, c) => `px${c}`)].join(','),
    row: (rng) => [String(rng.int(10)), ...Array.from({ length: 784 }, () => String(rng.float() < 0.8 ? 0 : rng.int(256)))].join(','),
  },
};

async function medianOf3(f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    await f();
    times.push((performance.now() - t) / 1000);
  }
  return times.sort((a, b) => a - b)[1]!;
}

/** The baseline: bytes to cells with nothing else, the cells counted so none is optimised away. */
function splitOnly(file: string): number {
  let cells = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) if (line) cells += line.split(',').length;
  return cells;
}

async function main(): Promise<void> {
  const quick = flag('quick');
  const names = option('shape')?.split(',') ?? Object.keys(SHAPES);
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-csv-'));
  console.log('| shape | rows x columns | MB | split baseline s | loadTable s | x baseline | rows/s | inspectSource s | x baseline |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  try {
    for (const name of names) {
      const shape = SHAPES[name];
      if (!shape) throw new Error(`unknown shape ${name}: choose from ${Object.keys(SHAPES).join(', ')}`);
      const rows = quick ? Math.ceil(shape.rows / 10) : shape.rows;
      const file = join(dir, `${name}.csv`);
      const rng = new Mulberry32(1);
      const parts = [shape.header(), '\n'];
      for (let r = 0; r < rows; r++) parts.push(shape.row(rng, r), '\n');
      writeFileSync(file, parts.join(''));
      const mb = statSync(file).size / 1e6;
      const base = await medianOf3(async () => {
        if (splitOnly(file) !== (rows + 1) * shape.columns) throw new Error('the baseline miscounted the cells');
      });
      const load = await medianOf3(async () => {
        const table = await loadTable('bench', file);
        if (table.rowCount !== rows) throw new Error(`read ${table.rowCount} rows, wrote ${rows}`);
      });
      const inspect = await medianOf3(async () => {
        const info = await inspectSource(file, { hashCache: new HashCache(), maxBytes: Number.MAX_SAFE_INTEGER });
        if (info.status !== 'ok' || info.rowsRead !== rows) throw new Error(`inspected ${info.status}, ${info.rowsRead} rows`);
      });
      console.log(
        `| ${name} | ${rows.toLocaleString('en')} x ${shape.columns.toLocaleString('en')} | ${mb.toFixed(0)} | ${base.toFixed(2)} | ${load.toFixed(2)} | ${(load / base).toFixed(1)}x | ${Math.round(rows / load).toLocaleString('en')} | ${inspect.toFixed(2)} | ${(inspect / base).toFixed(1)}x |`,
      );
      rmSync(file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
