/**
 * A fingerprint of the checker's output on every generated shape: diagnostics counted per code,
 * and a hash of every diagnostic's code and range. Messages are left out so rewording a rule
 * does not disturb it; a changed algorithm that moves, adds or drops a diagnostic does.
 * `npx tsx bench/checker/snapshot.ts --write` records it for `test/unit/checker/shapes.test.ts`.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type CheckHost } from '../../server/mlpipe/index.js';
import { cachedHost } from './host.js';
import { generateShape, SHAPES } from './shapes.js';
import { flag } from '../argv.js';

export const SNAPSHOT_SIZES = [1000, 5000];
export const SNAPSHOT_PATH = join(__dirname, '../../test/unit/checker/shapes.snapshot.json');

export interface Fingerprint {
  counts: Record<string, number>;
  sha256: string;
}

export function fingerprint(text: string, host: CheckHost): Fingerprint {
  const diags = analyze(text, host).diagnostics;
  const counts: Record<string, number> = {};
  for (const d of diags) counts[d.code] = (counts[d.code] ?? 0) + 1;
  const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  const h = createHash('sha256');
  for (const d of diags) h.update(`${d.code} ${d.start} ${d.end} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}\n`);
  return { counts: sorted, sha256: h.digest('hex') };
}

export function snapshot(): Record<string, Fingerprint> {
  const host = cachedHost();
  const out: Record<string, Fingerprint> = {};
  for (const shape of SHAPES) for (const n of SNAPSHOT_SIZES) out[`${shape}@${n}`] = fingerprint(generateShape(shape, n), host);
  return out;
}

if (require.main === module && flag('write')) {
  writeFileSync(SNAPSHOT_PATH, JSON.stringify(snapshot(), null, 2) + '\n');
  console.log(`wrote ${SNAPSHOT_PATH}`);
}
