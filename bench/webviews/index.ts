// Webview and extension figures, each against its target and against a baseline measured in
// the same run (the bundles as they were at BASELINE_REV, see baseline.ts): bundle sizes, the
// extension bundle's load time, and in a real headless Chromium the Experiments panel's first
// paint with 10,000 runs, dropped frames over a scripted scroll, and 50 overlaid curves of
// 10,000 points. Baseline and current pages alternate in order over MLPIPE_BENCH_REPS repetitions
// (default 3) and each figure is the median; beside wall time it prints the CPU time all of
// Chromium's processes spent, which a loaded machine inflates far less, and the load average.
// Run: npm run bench -- webviews  (after npm run build).
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

interface Timed {
  /** Wall time, ms. */
  ms: number;
  /** CPU time of every Chromium process (renderer, GPU/compositor, browser) meanwhile, ms. */
  cpu: number;
}

interface PageFigures {
  paint: Timed;
  rows: number;
  scroll: { p50: number; p95: number; dropped: number; frames: number; cpuPerFrame: number; painted?: string | null };
  /** The first curves of a selection: the chart is built. */
  curves: Timed;
  /** New curves for the same runs (a refresh): the chart's data is replaced. */
  curvesAgain: Timed;
  chart: boolean;
  undownsampled?: Timed;
}

/** CPU seconds used so far by each of the browser's processes, by process id (CDP SystemInfo). */
async function cpuByProcess(b: Browser): Promise<Map<number, number>> {
  const s = await b.newBrowserCDPSession();
  try {
    const { processInfo } = (await s.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ id: number; cpuTime: number }> };
    return new Map(processInfo.map((p) => [p.id, p.cpuTime]));
  } finally {
    await s.detach();
  }
}

/** Runs `f`, and says how much CPU the whole browser spent meanwhile, in ms. */
async function withCpu<T>(b: Browser, f: () => Promise<T>): Promise<{ value: T; cpu: number }> {
  const before = await cpuByProcess(b);
  const value = await f();
  const after = await cpuByProcess(b);
  let cpu = 0;
  for (const [id, s] of after) cpu += (s - (before.get(id) ?? 0)) * 1000;
  return { value, cpu };
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
    // The data is handed to the page before any clock starts: what is timed is the view's work.
    const runs = makeRuns(10_000);
    await p.evaluate((data: unknown) => ((window as unknown as { bench: unknown }).bench = data), runs as unknown);
    const paint = await withCpu(b, () =>
      p.evaluate(async () => {
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'runs', folder: '/ws', runs: (window as unknown as { bench: unknown }).bench, now: Date.now() } }));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { ms: performance.now() - t0, rows: document.querySelectorAll('.row').length };
      }),
    );
    // A scripted scroll: 240 px per frame for 180 frames; frame lengths from requestAnimationFrame
    // timestamps. A frame longer than 1.5 intervals at 60 Hz (25 ms) dropped at least one frame.
    // The position is written, never read back, so the harness forces no layout of its own.
    const scroll = await withCpu(b, () =>
      p.evaluate(async () => {
        const scroller = document.querySelector('.scroller') as HTMLElement;
        const stamps: number[] = [await new Promise<number>((r) => requestAnimationFrame(r))];
        for (let i = 0; i < 180; i++) {
          scroller.scrollTop = 240 * (i + 1);
          stamps.push(await new Promise<number>((r) => requestAnimationFrame(r)));
        }
        const frames = stamps.slice(1).map((t, i) => t - stamps[i]!);
        const sorted = [...frames].sort((a, b) => a - b);
        // Were the rows scrolled to painted? (After the clock stopped.) Where the cells are on a
        // canvas: every row band in view holds painted pixels, and the DOM layer has those rows.
        let painted: string | null = null;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const canvas = document.querySelector('.scroller canvas.cells') as HTMLCanvasElement | null;
        if (canvas) {
          const rowHeight = 24;
          const top = scroller.scrollTop;
          const first = Math.floor(top / rowHeight);
          const last = Math.floor((top + scroller.clientHeight - 1) / rowHeight);
          const ctx = canvas.getContext('2d')!;
          const scale = canvas.width / canvas.clientWidth;
          const blank: number[] = [];
          for (let row = first; row <= last; row++) {
            const y0 = Math.max(0, Math.round((row * rowHeight - top + 4) * scale));
            const y1 = Math.min(canvas.height, Math.round(((row + 1) * rowHeight - top - 2) * scale));
            if (y1 <= y0) continue;
            const px = ctx.getImageData(0, y0, canvas.width, y1 - y0).data;
            let ink = 0;
            for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) ink++;
            if (ink < 20) blank.push(row);
          }
          const indexes = new Set(Array.from(document.querySelectorAll('.row[aria-rowindex]')).map((r) => Number(r.getAttribute('aria-rowindex')) - 2));
          const missing = [];
          for (let row = first; row <= last; row++) if (!indexes.has(row)) missing.push(row);
          painted = blank.length || missing.length ? `rows ${first}-${last}: unpainted ${blank.join(',') || 'none'}; not in the DOM layer ${missing.join(',') || 'none'}` : `rows ${first}-${last}`;
          if (blank.length || missing.length) throw new Error(`the rows scrolled to were not all painted: ${painted}`);
        }
        return { p50: sorted[Math.floor(sorted.length / 2)]!, p95: sorted[Math.floor(sorted.length * 0.95)]!, dropped: frames.filter((f) => f > 25).length, frames: frames.length, painted };
      }),
    );
    const ids = runs.slice(0, 50).map((r) => r.id);
    const curves = ids.map((runId, k) => ({ runId, key: 'loss', total: 10_000, points: Array.from({ length: 10_000 }, (_, i) => ({ step: i, value: 1 / (1 + i * (0.001 + k * 0.0001)) + (i % 97 === 0 ? 0.05 : 0) })) }));
    const drawMs = async (set: unknown): Promise<Timed & { canvas: boolean }> => {
      await p.evaluate(({ runs, ids, set }: { runs: unknown; ids: unknown; set: unknown }) => {
        (window as unknown as { bench: unknown }).bench = set;
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'runs', folder: '/ws', runs, now: Date.now(), select: ids } }));
      }, { runs: runs.slice(0, 200), ids, set } as never);
      // The selection's own paint settles before the curves arrive.
      await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const { value, cpu } = await withCpu(b, () =>
        p.evaluate(async () => {
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'curves', key: 'loss', curves: (window as unknown as { bench: unknown }).bench } }));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return { ms: performance.now() - t0, canvas: !!document.querySelector('.uplot canvas') };
        }),
      );
      return { ...value, cpu };
    };
    // What the backend sends: each curve downsampled to 500 min/max buckets.
    const sent = curves.map((c) => ({ ...c, points: downsampleMinMax(c.points, 500) }));
    // The first draw builds the chart; the next two send new curves for the same runs.
    const drawn = [await drawMs(sent), await drawMs(sent), await drawMs(sent)];
    const figures: PageFigures = {
      paint: { ms: paint.value.ms, cpu: paint.cpu },
      rows: paint.value.rows,
      scroll: { ...scroll.value, cpuPerFrame: scroll.cpu / scroll.value.frames },
      curves: drawn[0]!,
      curvesAgain: { ms: median(drawn.slice(1).map((d) => d.ms)), cpu: median(drawn.slice(1).map((d) => d.cpu)) },
      chart: drawn.every((d) => d.canvas),
    };
    if (withUndownsampled) figures.undownsampled = await drawMs(curves);
    return figures;
  } finally {
    await p.close();
  }
}

/** Each figure's median over the repetitions. */
function medianFigures(all: PageFigures[]): PageFigures {
  const m = (f: (x: PageFigures) => number) => median(all.map(f));
  const undone = all.filter((x) => x.undownsampled);
  return {
    paint: { ms: m((x) => x.paint.ms), cpu: m((x) => x.paint.cpu) },
    rows: m((x) => x.rows),
    scroll: { p50: m((x) => x.scroll.p50), p95: m((x) => x.scroll.p95), dropped: m((x) => x.scroll.dropped), frames: m((x) => x.scroll.frames), cpuPerFrame: m((x) => x.scroll.cpuPerFrame) },
    curves: { ms: m((x) => x.curves.ms), cpu: m((x) => x.curves.cpu) },
    curvesAgain: { ms: m((x) => x.curvesAgain.ms), cpu: m((x) => x.curvesAgain.cpu) },
    chart: all.every((x) => x.chart),
    ...(undone.length ? { undownsampled: { ms: median(undone.map((x) => x.undownsampled!.ms)), cpu: median(undone.map((x) => x.undownsampled!.cpu)) } } : {}),
  };
}

const REPS = Math.max(1, Number(process.env.MLPIPE_BENCH_REPS) || 3);

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
    const launch = () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    let b = await launch();
    // On a shared machine the browser can be closed under the bench (another job's clean-up):
    // that page is measured again in a new browser, once.
    const measure = async (bundle: string, name: string, withUndownsampled: boolean): Promise<PageFigures> => {
      try {
        return await measurePage(b, work, bundle, name, withUndownsampled);
      } catch (e) {
        if (b.isConnected()) throw e;
        console.log(`(the browser went away while measuring ${name}: measured again in a new one)`);
        b = await launch();
        return measurePage(b, work, bundle, name, withUndownsampled);
      }
    };
    try {
      // Pages alternate (baseline first, then current first, ...) so neither always gets the
      // warmer or the quieter turn; each figure is the median over the repetitions.
      const bases: PageFigures[] = [];
      const curs: PageFigures[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        const order = rep % 2 ? (['current', 'baseline'] as const) : (['baseline', 'current'] as const);
        for (const which of order) {
          if (which === 'baseline') bases.push(await measure(baseline.experiments, 'baseline', false));
          else curs.push(await measure(join(root, 'dist/webviews/experiments.js'), 'current', rep === REPS - 1));
        }
        console.log(`(repetition ${rep + 1} of ${REPS}, ${order.join(' then ')}: ${load()})`);
      }
      const base = medianFigures(bases);
      const cur = medianFigures(curs);
      const t = (x: Timed) => `${x.ms.toFixed(0)} ms (CPU ${x.cpu.toFixed(0)} ms)`;
      console.log(`\n| Experiments webview (headless Chromium, median of ${REPS}; CPU: all browser processes) | baseline | now | target |\n| --- | ---: | ---: | ---: |`);
      console.log(`| first paint, 10,000 runs | ${t(base.paint)} | ${t(cur.paint)} | < 1000 ms |`);
      console.log(`| rows in the DOM | ${base.rows} | ${cur.rows} | |`);
      console.log(`| scroll, ${cur.scroll.frames} frames of 240 px: frame p50 / p95 | ${base.scroll.p50.toFixed(1)} / ${base.scroll.p95.toFixed(1)} ms | ${cur.scroll.p50.toFixed(1)} / ${cur.scroll.p95.toFixed(1)} ms | 16.7 ms |`);
      console.log(`| scroll: frames over 25 ms (dropped at 60 Hz) | ${base.scroll.dropped} of ${base.scroll.frames} | ${cur.scroll.dropped} of ${cur.scroll.frames} | 0 |`);
      console.log(`| scroll: the rows scrolled to, checked painted (canvas pixels per row, DOM layer rows) | ${bases[0]?.scroll.painted ?? 'no canvas'} | ${curs.map((c) => c.scroll.painted ?? 'no canvas').join('; ')} | |`);
      console.log(`| scroll: CPU per frame | ${base.scroll.cpuPerFrame.toFixed(1)} ms | ${cur.scroll.cpuPerFrame.toFixed(1)} ms | |`);
      console.log(`| 50 curves x 10,000 points as sent (min/max of 500 buckets), message to paint, first draw | ${t(base.curves)}${base.chart ? '' : ' (NO CHART)'} | ${t(cur.curves)}${cur.chart ? '' : ' (NO CHART)'} | < 200 ms |`);
      console.log(`| the same, new curves for the same 50 runs (median of 2) | ${t(base.curvesAgain)} | ${t(cur.curvesAgain)} | < 200 ms |`);
      if (cur.undownsampled !== undefined) console.log(`| the same 50 curves undownsampled (500,000 points), after the first draw | not measured | ${t(cur.undownsampled)} | |`);
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
