// sha256File against `openssl dgst -sha256` on the same 1 GiB file, median of 3 each.
// Run: npx tsx bench/hash.ts [--mib N]   (prints, never asserts; deletes its file)
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256File } from '../server/backend/data/hash.js';
import { numberOption } from './argv.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const mib = numberOption('mib', 1024);
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-hash-'));
  const file = join(dir, 'big.bin');
  try {
    const fd = openSync(file, 'w');
    const block = Buffer.allocUnsafe(1 << 20);
    for (let i = 0; i < mib; i++) writeSync(fd, randomFillSync(block));
    closeSync(fd);
    const mb = (mib * (1 << 20)) / 1e6;

    const ours: number[] = [];
    const openssl: number[] = [];
    let oursHex = '';
    let opensslHex = '';
    // Interleaved so both see the same page-cache and machine load.
    for (let k = 0; k < 3; k++) {
      let t = performance.now();
      oursHex = (await sha256File(file)).slice('sha256:'.length);
      ours.push((performance.now() - t) / 1000);
      t = performance.now();
      const out = execFileSync('openssl', ['dgst', '-sha256', '-r', file], { encoding: 'utf8' });
      openssl.push((performance.now() - t) / 1000);
      opensslHex = out.split(' ')[0]!;
    }
    if (oursHex !== opensslHex) throw new Error(`digests differ: ${oursHex} vs ${opensslHex}`);
    const rate = (s: number[]): number => mb / median(s);
    console.log(`sha256 of ${mib} MiB (median of 3)`);
    console.log('| name | MB/s | ratio vs openssl |');
    console.log('| --- | --- | --- |');
    console.log(`| sha256File | ${rate(ours).toFixed(0)} | ${(rate(ours) / rate(openssl)).toFixed(2)} |`);
    console.log(`| openssl dgst -sha256 | ${rate(openssl).toFixed(0)} | 1.00 |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
