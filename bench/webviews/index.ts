// Webview and extension figures: bundle sizes, the extension bundle's load time, and in a real
// headless Chromium the Experiments panel's first paint with 10,000 runs, scrolling, and 50
// overlaid curves of 10,000 points. Run: npm run bench -- webviews  (after npm run build).
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { makeRuns } from '../../test/unit/webviews/runs.js';
import { downsampleMinMax } from '../../server/backend/rpc/downsample.js';
import { bundleLoadMs } from './loadTime.js';

const root = resolve(__dirname, '../..');
const CHROMIUM = process.env.MLPIPE_CHROMIUM || '/usr/bin/chromium';

function sizes(): void {
  console.log('\n| bundle | KiB |\n| --- | ---: |');
  for (const dir of ['dist', 'dist/webviews'])
    for (const f of readdirSync(join(root, dir)).filter((n) => n.endsWith('.js')).sort()) console.log(`| ${dir}/${f} | ${(statSync(join(root, dir, f)).size / 1024).toFixed(0)} |`);
}

async function browser(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`\n(no Chromium at ${CHROMIUM}: the browser figures are skipped; set MLPIPE_CHROMIUM)`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'mlpipe-bench-webview-'));
  const page = join(work, 'experiments.html');
  const asset = (p: string) => pathToFileURL(join(root, p)).href;
  writeFileSync(
    page,
    `<!DOCTYPE html><html><head><link rel="stylesheet" href="${asset('media/uPlot.min.css')}"><link rel="stylesheet" href="${asset('media/webview.css')}"></head>
<body><div id="app"></div>
<script>window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => {} });</script>
<script src="${asset('dist/webviews/experiments.js')}"></script></body></html>`,
  );
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const p = await b.newPage({ viewport: { width: 1400, height: 900 } });
    await p.goto(pathToFileURL(page).href);
    await p.waitForFunction(() => (window as unknown as { posted: unknown[] }).posted.length > 0);
    const runs = makeRuns(10_000);
    const paint = await p.evaluate(async (data: unknown) => {
      const t0 = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'runs', folder: '/ws', runs: data, now: Date.now() } }));
      const sync = performance.now() - t0;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { sync, painted: performance.now() - t0, rows: document.querySelectorAll('.row').length };
    }, runs as unknown);
    console.log(`\n| Experiments webview, 10,000 runs | figure | target |\n| --- | ---: | ---: |`);
    console.log(`| snapshot handled (sort, columns, rows) | ${paint.sync.toFixed(0)} ms | |`);
    console.log(`| first paint | ${paint.painted.toFixed(0)} ms | < 1000 ms |`);
    console.log(`| rows in the DOM | ${paint.rows} | |`);
    const scroll = await p.evaluate(async () => {
      const scroller = document.querySelector('.scroller') as HTMLElement;
      const frames: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 180; i++) {
        scroller.scrollTop += 240;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return { p50: frames[90], p95: frames[171], max: frames[179], over: frames.filter((f) => f > 1000 / 60 + 8).length };
    });
    console.log(`| scroll, 180 frames of 240 px: frame time p50 / p95 / max | ${scroll.p50.toFixed(1)} / ${scroll.p95.toFixed(1)} / ${scroll.max.toFixed(1)} ms | |`);
    console.log(`| frames over 24 ms (dropped at 60 Hz) | ${scroll.over} of 180 | 0 |`);

    // 50 runs of 10,000 points each, drawn overlaid (what the backend would send undownsampled).
    const ids = runs.slice(0, 50).map((r) => r.id);
    const curves = ids.map((runId, k) => ({ runId, key: 'loss', total: 10_000, points: Array.from({ length: 10_000 }, (_, i) => ({ step: i, value: 1 / (1 + i * (0.001 + k * 0.0001)) + (i % 97 === 0 ? 0.05 : 0) })) }));
    const drawMs = async (set: unknown) =>
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
    const chartSent = await drawMs(sent);
    const chart = await drawMs(curves);
    console.log(`| 50 curves x 10,000 points as sent (min/max of 500 buckets: ${sent[0].points.length} points each), message to paint | ${chartSent.ms.toFixed(0)} ms${chartSent.canvas ? '' : ' (NO CHART)'} | < 200 ms |`);
    console.log(`| the same 50 curves undownsampled (500,000 points), message to paint | ${chart.ms.toFixed(0)} ms${chart.canvas ? '' : ' (NO CHART)'} | |`);
    const os = await import('node:os');
    console.log(`\n(load average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} cores)`);
  } finally {
    await b.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  sizes();
  console.log(`\nextension bundle: require() of dist/extension.js with a stub 'vscode': ${bundleLoadMs(join(root, 'dist/extension.js')).toFixed(0)} ms`);
  await browser();
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
