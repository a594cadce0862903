// Loads a generated 1M x 10 CSV through loadTable and prints rows/s (prints, never asserts).
// Run: npx tsx bench/csv.ts [--rows N]
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTable } from '../server/backend/data/load.js';
import { Mulberry32 } from '../server/mlpipe/data/prng.js';

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--rows');
  const rows = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-csv-'));
  const file = join(dir, 'table.csv');
  try {
    const rng = new Mulberry32(1);
    const parts: string[] = ['id,a,b,c,d,e,f,g,label,category\n'];
    for (let r = 0; r < rows; r++) {
      const cells = [String(r)];
      for (let c = 0; c < 7; c++) cells.push((rng.float() * 1000 - 500).toFixed(3));
      cells.push(String(rng.int(2)), ['red', 'green', 'blue'][rng.int(3)]!);
      parts.push(cells.join(','), '\n');
    }
    writeFileSync(file, parts.join(''));
    const mb = statSync(file).size / 1e6;
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      const table = await loadTable('bench', file);
      times.push((performance.now() - t) / 1000);
      if (table.rowCount !== rows) throw new Error(`read ${table.rowCount} rows, wrote ${rows}`);
    }
    times.sort((a, b) => a - b);
    const s = times[1]!;
    console.log(`| file | rows | MB | s (median of 3) | rows/s | MB/s |`);
    console.log(`| --- | --- | --- | --- | --- | --- |`);
    console.log(`| ${rows} x 10 CSV | ${rows} | ${mb.toFixed(0)} | ${s.toFixed(2)} | ${Math.round(rows / s).toLocaleString('en')} | ${(mb / s).toFixed(0)} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
}
}

void main();
