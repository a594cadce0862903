// Webview and extension figures, each against its target and against a baseline measured in
// the same run (the bundles as they were at BASELINE_REV, see baseline.ts): bundle sizes, the
// extension bundle's load time, and in a real headless Chromium the Experiments panel's first
// paint with 10,000 runs, dropped frames over a scripted scroll, and 50 overlaid curves of
// 10,000 points. Run: npm run bench -- webviews  (after npm run build).
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { downsampleMinMax } from '../../server/backend/rpc/downsample.js';
import { makeRuns } from '../../test/unit/webviews/runs.js';
import { buildBaseline } from './baseline.js';
import { bundleLoad, loaderLoad, type LoadTime } from './loadTime.js';

const root = resolve(__dirname, '../..');
const CHROMIUM = process.env.MLPIPE_CHROMIUM || '/usr/bin/chromium';
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores`;
const kib = (file: string) => `${(statSync(file).size / 1024).toFixed(0)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface PageFigures {
  paint: number;
  rows: number;
  scroll: { p50: number; p95: number; dropped: number; frames: number };
  curves: number;
  chart: boolean;
  undownsampled?: number;
}

/** One Experiments page on `bundle`: first paint of 10,000 runs, a scripted scroll, 50 curves. */
async function measurePage(b: Browser, work: string, bundle: string, name: string, withUndownsampled: boolean): Promise<PageFigures> {
  const page = join(work, `${name}.html`);
  const asset = (p: string) => pathToFileURL(join(root, p)).href;
  writeFileSync(
    page,
    `<!DOCTYPE html><html><head><link rel="stylesheet" href="${asset('media/uPlot.min.css')}"><link rel="stylesheet" href="${asset('media/webview.css')}"></head>
<body><div id="app"></div>
<script>window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => {} });</script>
<script src="${pathToFileURL(bundle).href}"></script></body></html>`,
  );
  const p = await b.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await p.goto(pathToFileURL(page).href);
    await p.waitForFunction(() => (window as unknown as { posted: unknown[] }).posted.length > 0);
    const runs = makeRuns(10_000);
    const paint = await p.evaluate(async (data: unknown) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'runs', folder: '/ws', runs: data, now: Date.now() } }));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { ms: performance.now() - t0, rows: document.querySelectorAll('.row').length };
    }, runs as unknown);
    // A scripted scroll: 240 px per frame for 180 frames; frame lengths from requestAnimationFrame
    // timestamps. A frame longer than 1.5 intervals at 60 Hz (25 ms) dropped at least one frame.
    const scroll = await p.evaluate(async () => {
      const scroller = document.querySelector('.scroller') as HTMLElement;
      const stamps: number[] = [await new Promise<number>((r) => requestAnimationFrame(r))];
      for (let i = 0; i < 180; i++) {
        scroller.scrollTop += 240;
        stamps.push(await new Promise<number>((r) => requestAnimationFrame(r)));
      }
      const frames = stamps.slice(1).map((t, i) => t - stamps[i]!);
      const sorted = [...frames].sort((a, b) => a - b);
      return { p50: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]!, dropped: frames.filter((f) => f > 25).length, frames: frames.length };
    });
    const ids = runs.slice(0, 50).map((r) => r.id);
    const curves = ids.map((runId, k) => ({ runId, key: 'loss', total: 10_000, points: Array.from({ length: 10_000 }, (_, i) => ({ step: i, value: 1 / (1 + i * (0.001 + k * 0.0001)) + (i % 97 === 0 ? 0.05 : 0) })) }));
    const drawMs = (set: unknown) =>
      p.evaluate(
        async ({ runs, ids, curves }: { runs: unknown; ids: unknown; curves: unknown }) => {
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'runs', folder: '/ws', runs, now: Date.now(), select: ids } }));
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'curves', key: 'loss', curves } }));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return { ms: performance.now() - t0, canvas: !!document.querySelector('.uplot canvas') };
        },
        { runs: runs.slice(0, 200), ids, curves: set } as never,
      );
    // What the backend sends: each curve downsampled to 500 min/max buckets.
    const sent = curves.map((c) => ({ ...c, points: downsampleMinMax(c.points, 500) }));
    const drawn = [await drawMs(sent), await drawMs(sent), await drawMs(sent)];
    const figures: PageFigures = { paint: paint.ms, rows: paint.rows, scroll, curves: median(drawn.map((d) => d.ms)), chart: drawn.every((d) => d.canvas) };
    if (withUndownsampled) figures.undownsampled = (await drawMs(curves)).ms;
    return figures;
  } finally {
    await p.close();
  }
}

async function main(): Promise<void> {
  const baseline = await buildBaseline(root);
  try {
    console.log(`\nbaseline: the bundles at ${baseline.rev}, built in this run; ${load()}`);
    console.log('\n| bundle | KiB |\n| --- | ---: |');
    for (const dir of ['dist', 'dist/webviews'])
      for (const f of readdirSync(join(root, dir)).filter((n) => n.endsWith('.js')).sort()) console.log(`| ${dir}/${f} | ${kib(join(root, dir, f)).replace(' KiB', '')} |`);
    console.log(`| baseline extension.js (${baseline.rev}) | ${kib(baseline.extension).replace(' KiB', '')} |`);

    // Alternating, each load in a fresh process, median of 7: the baseline bundle's require, this
    // extension's main bundle required whole (what the entry would cost without the code cache),
    // and activation's load through the entry: the first one writes the code cache (cold), the
    // rest read it (warm).
    const before: LoadTime[] = [];
    const whole: LoadTime[] = [];
    const warm: LoadTime[] = [];
    const entry = join(root, 'dist/extension.js');
    const main = join(root, 'dist/extensionMain.js');
    const cacheDir = mkdtempSync(join(tmpdir(), 'mlpipe-bench-codecache-'));
    let cold: LoadTime;
    try {
      cold = loaderLoad(entry, cacheDir);
      for (let i = 0; i < 7; i++) {
        before.push(bundleLoad(baseline.extension));
        whole.push(bundleLoad(main));
        warm.push(loaderLoad(entry, cacheDir));
      }
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
    const fig = (xs: LoadTime[]) => `${median(xs.map((x) => x.wall)).toFixed(0)} ms (CPU ${median(xs.map((x) => x.cpu)).toFixed(0)} ms)`;
    const missed = warm.filter((x) => !x.fromCache).length;
    console.log(`\n| extension load at activation (fresh node per load, stub 'vscode', median of 7) | wall (CPU) | target |\n| --- | ---: | ---: |`);
    console.log(`| baseline ${baseline.rev}: require of its extension.js (${kib(baseline.extension)}) | ${fig(before)} | |`);
    console.log(`| now, without the code cache: require of dist/extensionMain.js (${kib(main)}) | ${fig(whole)} | |`);
    console.log(`| now, first activation: dist/extension.js (${kib(entry)}) loads extensionMain.js, no cache yet | ${cold.wall.toFixed(0)} ms (CPU ${cold.cpu.toFixed(0)} ms) | |`);
    console.log(`| now, every later activation: the same through V8's code cache${missed ? ` (CACHE MISSED ${missed} of 7)` : ''} | ${fig(warm)} | < 200 ms |`);

    if (!existsSync(CHROMIUM)) {
      console.log(`\n(no Chromium at ${CHROMIUM}: the browser figures are skipped; set MLPIPE_CHROMIUM)`);
      return;
    }
    const work = mkdtempSync(join(tmpdir(), 'mlpipe-bench-webview-'));
    const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const base = await measurePage(b, work, baseline.experiments, 'baseline', false);
      const cur = await measurePage(b, work, join(root, 'dist/webviews/experiments.js'), 'current', true);
      console.log(`\n| Experiments webview (headless Chromium) | baseline | now | target |\n| --- | ---: | ---: | ---: |`);
      console.log(`| first paint, 10,000 runs | ${base.paint.toFixed(0)} ms | ${cur.paint.toFixed(0)} ms | < 1000 ms |`);
      console.log(`| rows in the DOM | ${base.rows} | ${cur.rows} | |`);
      console.log(`| scroll, ${cur.scroll.frames} frames of 240 px: frame p50 / p95 | ${base.scroll.p50.toFixed(1)} / ${base.scroll.p95.toFixed(1)} ms | ${cur.scroll.p50.toFixed(1)} / ${cur.scroll.p95.toFixed(1)} ms | 16.7 ms |`);
      console.log(`| scroll: frames over 25 ms (dropped at 60 Hz) | ${base.scroll.dropped} of ${base.scroll.frames} | ${cur.scroll.dropped} of ${cur.scroll.frames} | 0 |`);
      console.log(`| 50 curves x 10,000 points as sent (min/max of 500 buckets), message to paint, median of 3 | ${base.curves.toFixed(0)} ms${base.chart ? '' : ' (NO CHART)'} | ${cur.curves.toFixed(0)} ms${cur.chart ? '' : ' (NO CHART)'} | < 200 ms |`);
      if (cur.undownsampled !== undefined) console.log(`| the same 50 curves undownsampled (500,000 points) | not measured | ${cur.undownsampled.toFixed(0)} ms | |`);
      console.log(`\n(${load()} after measuring)`);
    } finally {
      await b.close();
      rmSync(work, { recursive: true, force: true });
    }
  } finally {
    rmSync(baseline.dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
