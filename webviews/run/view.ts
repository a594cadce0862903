import type { RunDetail } from '../../server/protocol/backend.js';
import type { RunToHost, RunToView, RunViewState } from '../../server/protocol/webview.js';
import { age, formatMetric } from '../../extension/format/runText.js';
import { comparisonText, comparisonVerdict } from '../../server/mlpipe/evaluate/gateText.js';
import { drawCurves } from '../common/chart.js';
import type { Channel } from '../common/channel.js';
import { clear, custom, el } from '../common/dom.js';

type Rows = Array<[string, string | Node]>;

function kv(rows: Rows, numeric = false): HTMLTableElement {
  return el('table', { className: 'kv' }, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', { className: numeric ? 'num' : 'mono' }, v))));
}

function json(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The reproduce verdict in one line: what reproducing this run gave, or what it reproduces. */
export function verdict(d: RunDetail): string {
  const done = d.reproductions.filter((r) => r.identical !== null);
  if (done.length) {
    const same = done.filter((r) => r.identical).length;
    if (same === done.length) return `reproduced ${same} time${same === 1 ? '' : 's'}: weights bitwise identical`;
    // After an upgrade of mlpipe the engine may differ from the run's: say so, not only 'DIFFERENT'.
    const changed = done.find((r) => !r.identical && r.changed?.length)?.changed;
    return `${done.length - same} of ${done.length} reproductions gave DIFFERENT weights${changed ? ` (${changed.join('; ')})` : ''}`;
  }
  if (d.run.parentRunId) return `this run reproduces ${d.run.parentRunId}`;
  return d.run.status === 'completed' ? 'not reproduced yet' : `a ${d.run.status} run cannot be reproduced`;
}

/** The Run panel: curves, params and seeds, data versions, environment, gates and the reproduce verdict. */
export class RunView {
  detail: RunDetail | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly channel: Channel<RunToView, RunToHost, RunViewState>,
  ) {}

  receive(m: RunToView): void {
    if (m.type === 'error' || m.type === 'busy') {
      clear(this.root);
      this.root.append(el('p', { className: m.type === 'error' ? 'error' : 'muted' }, m.message));
      return;
    }
    this.detail = m.detail;
    this.channel.state = { folder: m.folder, runId: m.detail.run.id };
    this.render(m.detail, m.now);
  }

  private render(d: RunDetail, now: number): void {
    const r = d.run;
    clear(this.root);
    const reproduce = custom('vscode-button', { disabled: r.status !== 'completed' }, '↻ Reproduce');
    reproduce.addEventListener('click', () => this.channel.send({ type: 'reproduce', runId: r.id }));
    const artifacts = custom('vscode-button', { secondary: true }, 'Open artifacts folder');
    artifacts.addEventListener('click', () => this.channel.send({ type: 'openArtifacts', runId: r.id }));
    const duration = r.endedAt ? `${((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s` : 'running';
    const chart = el('div', { className: 'chart' });
    const comparisons = r.comparisons ?? [];
    const gates =
      r.gates.length || comparisons.length
        ? el(
            'table',
            { className: 'kv' },
            ...r.gates.map((g) =>
              el('tr', {}, el('th', {}, `${g.metric} ${g.op} ${g.threshold}`), el('td', { className: 'num' }, `${g.actual === null ? 'not computed' : formatMetric(g.actual)}${g.reason ? ` (${g.reason})` : ''}`), el('td', { className: g.passed ? 'pass' : 'fail' }, g.passed ? '✓ pass' : '✗ FAIL')),
            ),
            // compare_to: the sentence says which rows both models were scored on.
            ...comparisons.map((c) => el('tr', {}, el('th', {}, 'compare_to'), el('td', {}, comparisonText(c)), el('td', { className: c.passed ? 'pass' : 'fail' }, `${c.passed ? '✓' : '✗'} ${comparisonVerdict(c)}`))),
          )
        : el('p', { className: 'muted' }, 'No gates.');
    const env = r.environment;
    const parent = r.parentRunId ? el('span', { className: 'link mono' }, r.parentRunId) : null;
    parent?.addEventListener('click', () => this.channel.send({ type: 'openRun', runId: r.parentRunId! }));
    this.root.append(
      el('h1', {}, `Run `, el('span', { className: 'mono' }, r.id), ' ', el('span', { className: `status-${r.status}` }, r.status)),
      el('p', { className: 'muted' }, `${r.pipelineName} · ${r.pipelinePath} · started ${age(r.startedAt, now)} · ${duration} · ${r.backend ?? 'backend not chosen'}`),
      el('div', { className: 'toolbar' }, reproduce, artifacts),
      ...(r.error ? [el('p', { className: 'error' }, r.error)] : []),
      el('h2', {}, 'Reproduce verdict'),
      el('p', {}, verdict(d), parent ? ' (' : '', parent ?? '', parent ? ')' : ''),
      el('h2', {}, 'Learning curves'),
      chart,
      el(
        'div',
        { className: 'grid2' },
        el('section', {}, el('h2', {}, 'Metrics (test split)'), kv(Object.entries(r.metrics).map(([k, v]) => [k, formatMetric(v)]), true), el('h2', {}, 'Gates'), gates),
        el('section', {}, el('h2', {}, 'Params'), kv(Object.entries(r.params).map(([k, v]) => [k, json(v)])), el('h2', {}, 'Seeds'), kv(Object.entries(r.seeds).map(([k, v]) => [k, String(v)]))),
        el('section', {}, el('h2', {}, 'Data versions'), kv(Object.entries(r.dataVersions).map(([k, v]) => [k, v])), el('h2', {}, 'Weights'), kv([['sha256', r.weightsHash ?? '—']])),
        el(
          'section',
          {},
          el('h2', {}, 'Environment'),
          env
            ? kv([
                ['node', env.node],
                ['platform', `${env.platform} ${env.arch} ${env.osRelease}`],
                ['cpu', `${env.cpuModel} × ${env.cpuCount}`],
                ['tfjs', env.tfjsVersion ?? '—'],
                ['backend', env.backend ? `${env.backend.name}${env.backend.version ? ' ' + env.backend.version : ''}${env.backend.adapter ? ` (${env.backend.adapter})` : ''}` : '—'],
                ['lockfile', env.lockfile ? `${env.lockfile.path} ${env.lockfile.sha256 ?? env.lockfile.error ?? ''}` : '—'],
                ['git', env.git?.commit ? `${env.git.commit.slice(0, 12)}${env.git.dirty ? ' (dirty)' : ''}` : (env.git?.error ?? '—')],
                ['host', env.hostname],
              ])
            : el('p', { className: 'muted' }, 'Not recorded.'),
        ),
      ),
      el('h2', {}, 'Artifacts'),
      kv(d.artifacts.map((a) => [a.name, `${(a.bytes / 1024).toFixed(1)} KiB`]), true),
    );
    const curves = d.curves.filter((c) => c.key !== 'epoch_seconds' && c.points.length);
    if (curves.length) drawCurves(chart, curves, curves.map((c) => c.key), 'loss');
    else chart.append(el('p', { className: 'muted' }, 'No curves logged.'));
  }
}
