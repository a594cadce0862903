import type { DriftDetail, DriftTargetDetail } from '../../server/protocol/backend.js';
import type { DriftToHost, DriftToView, DriftViewState } from '../../server/protocol/webview.js';
import { age, formatMetric } from '../../extension/format/runText.js';
import type { Channel } from '../common/channel.js';
import { clear, custom, el } from '../common/dom.js';
import { drawHistory } from './history.js';
import { driftVerdictText, missingShareText, qualityText } from '../../server/mlpipe/drift/verdict.js';

/** The window's progress: below a full window the monitor holds its verdicts. */
export function windowText(d: Pick<DriftDetail, 'filled' | 'window'>): string {
  const filled = d.filled ?? d.window;
  return filled < d.window ? `${filled} of ${d.window} predictions, verdict held` : `last ${d.window} predictions`;
}

/** The verdict's words, as `mlpipe drift` prints them. */
export function verdictText(t: Pick<DriftTargetDetail, 'drifted' | 'value' | 'allMissing'>): string {
  return driftVerdictText(t);
}

/** Shares of a count vector, so a window of 500 and a reference of 10,000 compare. */
export function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total ? c / total : 0));
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** Reference and live shares per bin, as paired horizontal bars (widths set through the CSSOM, which the CSP allows). */
function bars(t: DriftTargetDetail): HTMLElement {
  if (!t.bins.labels.length) return el('p', { className: 'muted' }, 'No reference profile for this target.');
  const ref = shares(t.bins.reference);
  const live = shares(t.bins.live);
  const max = Math.max(...ref, ...live, 1e-9);
  const bar = (cls: string, share: number) => {
    const b = el('span', { className: `bar ${cls}`, title: percent(share) });
    b.style.width = `${(100 * share) / max}%`;
    return b;
  };
  return el(
    'table',
    { className: 'bars' },
    el('tr', {}, el('th', {}, 'bin'), el('th', {}, 'reference · live')),
    ...t.bins.labels.map((label, i) =>
      el('tr', {}, el('th', { className: 'mono' }, label), el('td', {}, el('div', { className: 'pair' }, bar('reference', ref[i]!), bar('live', live[i]!)), el('span', { className: 'muted small' }, `${percent(ref[i]!)} · ${percent(live[i]!)}`))),
    ),
  );
}

/**
 * The Drift panel of one served model: per target the verdict, both distributions and the
 * statistic over past windows against its threshold; the alerts; a Retrain now button.
 */
export class DriftView {
  detail: DriftDetail | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly channel: Channel<DriftToView, DriftToHost, DriftViewState>,
  ) {}

  receive(m: DriftToView): void {
    if (m.type === 'error') {
      clear(this.root);
      this.root.append(el('p', { className: 'error' }, m.message));
      return;
    }
    this.detail = m.detail;
    this.channel.state = { ...(this.channel.state ?? {}), url: m.detail.url };
    this.render(m.detail, m.now);
  }

  private render(d: DriftDetail, now: number): void {
    clear(this.root);
    const retrain = custom('vscode-button', {}, '↻ Retrain now');
    retrain.addEventListener('click', () => this.channel.send({ type: 'retrain' }));
    const refresh = custom('vscode-button', { secondary: true }, 'Refresh');
    refresh.addEventListener('click', () => this.channel.send({ type: 'refresh' }));
    const drifted = d.targets.filter((t) => t.drifted === true);
    this.root.append(
      el('h1', {}, `Drift: ${d.model}${d.version === null ? '' : ` v${d.version}`}`),
      el('p', { className: 'muted' }, `${d.url} · ${d.file} · ${windowText(d)}`),
      el('div', { className: 'toolbar' }, retrain, refresh, this.verdict(d, drifted.map((t) => t.target))),
      ...(d.note ? [el('p', { className: 'muted' }, d.note)] : []),
      el('h2', {}, 'Targets'),
      d.targets.length ? this.summary(d) : el('p', { className: 'muted' }, 'Nothing measured yet: send predictions to the server.'),
    );
    for (const t of d.targets) this.root.append(this.target(t));
    const quality = qualityText(d);
    if (quality) this.root.append(el('h2', {}, 'Quality'), el('p', { className: d.quality ? 'quality' : 'muted quality' }, quality));
    this.root.append(el('h2', {}, `Alerts (${d.alerts.length})`), this.alerts(d, now));
  }

  /** The one-line verdict: drifted targets, held while the window fills, or none drifted. */
  private verdict(d: DriftDetail, drifted: string[]): HTMLElement {
    if (drifted.length) return el('span', { className: 'fail' }, `⚠ ${drifted.length} target(s) drifted: ${drifted.join(', ')}`);
    if (!d.targets.length) return el('span', {}, '');
    if ((d.filled ?? d.window) < d.window) return el('span', { className: 'muted' }, '◌ verdicts held until the window is full');
    return el('span', { className: 'pass' }, '✓ no target drifted');
  }

  private summary(d: DriftDetail): HTMLElement {
    return el(
      'table',
      { className: 'kv targets' },
      el('tr', {}, ...['target', 'statistic', 'value', 'threshold', 'verdict', 'missing'].map((h) => el('th', {}, h))),
      ...d.targets.map((t) => {
        const name = el('span', { className: 'link mono' }, t.target);
        name.addEventListener('click', () => this.root.querySelector(`[data-target="${CSS.escape(t.target)}"]`)?.scrollIntoView());
        return el(
          'tr',
          {},
          el('td', {}, name),
          el('td', {}, `${t.statistic}${t.defaultTest ? ' (default)' : ''}`),
          el('td', { className: 'num' }, t.value === null ? '–' : formatMetric(t.value)),
          el('td', { className: 'num' }, `${t.op} ${t.threshold}`),
          el('td', { className: t.value === null ? 'muted' : t.drifted ? 'fail' : t.drifted === false ? 'pass' : 'muted' }, verdictText(t)),
          // Missing values beside training's: the statistics compare present values only.
          el('td', { className: 'muted' }, missingShareText(t) ?? ''),
        );
      }),
    );
  }

  private target(t: DriftTargetDetail): HTMLElement {
    const chart = el('div', { className: 'chart small' });
    const section = el(
      'section',
      { className: 'target' },
      el('h2', {}, el('span', { className: 'mono' }, t.target), ' ', el('span', { className: t.drifted ? 'fail' : 'muted' }, `${t.statistic} ${t.value === null ? '–' : formatMetric(t.value)} ${t.op} ${t.threshold}: ${verdictText(t)}`)),
      el('div', { className: 'grid2' }, el('div', {}, el('h3', {}, 'Reference and live distributions'), bars(t)), el('div', {}, el('h3', {}, `${t.statistic} per window`), t.history.length ? chart : el('p', { className: 'muted' }, 'No full window yet.'))),
    );
    section.dataset.target = t.target;
    if (t.history.length) requestAnimationFrame(() => drawHistory(chart, t.history, t.threshold, t.statistic));
    return section;
  }

  private alerts(d: DriftDetail, now: number): HTMLElement {
    if (!d.alerts.length) return el('p', { className: 'muted' }, 'No alerts.');
    return el(
      'table',
      { className: 'kv alerts' },
      el('tr', {}, ...['when', 'target', 'value', 'model', 'action'].map((h) => el('th', {}, h))),
      ...[...d.alerts].reverse().map((a) =>
        el(
          'tr',
          {},
          el('td', { title: a.at }, age(a.at, now)),
          el('td', { className: 'mono' }, a.target),
          el('td', { className: 'num' }, `${a.statistic} ${formatMetric(a.value)} (threshold ${a.threshold})`),
          el('td', {}, `${a.model.name} v${a.model.version}`),
          el('td', {}, a.action ?? '–'),
        ),
      ),
    );
  }
}
