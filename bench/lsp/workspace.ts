/**
 * The workspace the language-server benches run in: the bench pipeline's CSVs, the checker
 * shapes' CSVs next to the pipeline, and the lockfiles the environment rules read.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sha256File } from '../../server/backend/data/hash.js';
import { CUSTOMERS, ORDERS } from '../../test/unit/checker/fixture.js';

const ROOT = resolve(__dirname, '../..');

export interface BenchWorkspace {
  dir: string;
  /** The data files' hashes, which the generated bench pipeline pins. */
  hashes: { customers: string; orders: string };
}

/** A fresh folder under the system's temporary folder (`prefix` names it); the caller removes it. */
export async function benchWorkspace(prefix: string): Promise<BenchWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, 'test/fixtures/pipelines/data'), join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'customers.csv'), CUSTOMERS);
  writeFileSync(join(dir, 'orders.csv'), ORDERS);
  writeFileSync(join(dir, 'package-lock.json'), '{}\n');
  writeFileSync(join(dir, 'requirements.txt'), 'numpy==1.26.4\n');
  const hashes = { customers: await sha256File(join(dir, 'data/customers.csv')), orders: await sha256File(join(dir, 'data/orders.csv')) };
  return { dir, hashes };
}
