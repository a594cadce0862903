// Reads the JSON lines on-device.sh wrote ($OUT/SHAPE-RUN.json) and prints, per bench shape, the
// WebGPU engine's seconds per epoch against the wasm engine's (one thread and every core) with
// the issue's targets, the largest gap between their loss curves, and whether two GPU runs gave
// bitwise-identical weights. Usage: node summary.js OUT_DIR
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Run {
  backend?: string;
  engine?: string;
  reason?: string;
  medianAfterWarmup?: number;
  losses?: number[];
  weightsHash?: string;
  error?: string;
}

const TARGETS: Record<string, number> = { small: 5, wide: 20 };

function load(dir: string, name: string): Run | undefined {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, 'utf8').trim().split('\n').at(-1);
  try {
    return line ? (JSON.parse(line) as Run) : undefined;
  } catch {
    return { error: `unreadable: ${line?.slice(0, 200)}` };
  }
}

const fmt = (r: Run | undefined): string => (r?.medianAfterWarmup === undefined ? `no figure (${r?.error ?? 'did not run'})` : `${r.medianAfterWarmup.toFixed(3)} s/epoch`);

function main(): void {
  const dir = process.argv[2] ?? '.';
  for (const shape of ['small', 'wide']) {
    const gpu = load(dir, `${shape}-gpu`);
    const again = load(dir, `${shape}-gpu2`);
    const one = load(dir, `${shape}-wasm1`);
    const all = load(dir, `${shape}-wasmN`);
    const auto = load(dir, `${shape}-auto`);
    console.log(`== ${shape}`);
    console.log(`  webgpu: ${fmt(gpu)} on ${gpu?.backend ?? '?'} (${gpu?.engine ?? '?'})`);
    console.log(`  wasm 1 thread: ${fmt(one)}; wasm all cores: ${fmt(all)}`);
    const g = gpu?.medianAfterWarmup;
    for (const [label, w] of [['1 thread', one], ['all cores', all]] as const) {
      if (g && w?.medianAfterWarmup) {
        const x = w.medianAfterWarmup / g;
        console.log(`  speed-up over wasm ${label}: ${x.toFixed(2)}x (target ${TARGETS[shape]}x: ${x >= TARGETS[shape] ? 'met' : 'missed'})`);
      }
    }
    if (gpu?.losses && one?.losses) {
      const gaps = gpu.losses.map((l, i) => Math.abs(l - one.losses![i]) / Math.abs(one.losses![i]));
      console.log(`  loss curve against wasm: largest relative gap ${Math.max(...gaps).toExponential(2)} (${gpu.losses.map((l) => l.toFixed(6)).join(', ')})`);
    }
    if (gpu?.weightsHash && again?.weightsHash) {
      console.log(`  two GPU runs, same seed: ${gpu.weightsHash === again.weightsHash ? 'bitwise-identical weights' : `DIFFERENT weights (${gpu.weightsHash} vs ${again.weightsHash})`}`);
    }
    console.log(`  auto chose ${auto?.backend ?? '?'}: ${auto?.reason ?? auto?.error ?? 'did not run'}`);
  }
}

main();
