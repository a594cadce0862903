// A trained, promoted copy of the churn example in a scratch folder: what the serving benchmarks serve.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../server/backend/pipeline/run.js';
import { openRegistry } from '../server/backend/registry/registry.js';
import { openStore } from '../server/backend/tracking/store.js';

export const REPO = join(__dirname, '..');

export async function trainedProject(prefix: string): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(REPO, 'examples/churn'), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private": true}\n');
  const file = join(dir, 'churn.mlpipe');
  // A benchmark's traffic is a few rows repeated: drift. The monitor still evaluates and alerts;
  // it must not retrain mid-measurement.
  writeFileSync(file, readFileSync(file, 'utf8').replace('on_drift = retrain', 'on_drift = alert'));
  const run = await runPipeline({ file, root: dir });
  const store = openStore(dir);
  openRegistry(store).promote(run.registered!.name, run.registered!.version, 'production');
  store.close();
  return { dir, file };
}
