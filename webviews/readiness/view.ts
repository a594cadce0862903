import type { ReadinessToHost, ReadinessToView, ReadinessViewState } from '../../server/protocol/webview.js';
import type { ReadinessItem, ReadinessReport, ReadinessSection, ReadinessStatus } from '../../server/protocol/webviewReadiness.js';
import type { Channel } from '../common/channel.js';
import { clear, custom, el } from '../common/dom.js';

const SECTIONS: Record<ReadinessSection, string> = {
  data: 'Data tests',
  model: 'Model tests',
  infrastructure: 'ML infrastructure tests',
  monitoring: 'Monitoring tests',
};

const MARK: Record<ReadinessStatus, string> = { automated: '✓ automated', manual: '◌ manual', missing: '✗ missing' };

/** The score line: how many items mlpipe verifies, leaves to a person, or finds missing. */
export function scoreText(r: ReadinessReport): string {
  return `${r.counts.automated} automated · ${r.counts.manual} manual · ${r.counts.missing} missing (of ${r.items.length} ML Test Score items)`;
}

/** The Readiness panel: the pipeline's ML Test Score items by section, each with its fix one click away. */
export class ReadinessView {
  report: ReadinessReport | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly channel: Channel<ReadinessToView, ReadinessToHost, ReadinessViewState>,
  ) {}

  receive(m: ReadinessToView): void {
    clear(this.root);
    if (m.type === 'error') {
      this.root.append(el('p', { className: 'error' }, m.message));
      return;
    }
    this.report = m.report;
    this.channel.state = { file: m.file };
    this.root.append(
      el('h1', {}, 'Production readiness'),
      el('p', { className: 'muted' }, `${m.file} · scored against Breck et al. 2017, "The ML Test Score"`),
      el('p', { className: m.report.counts.missing ? 'fail' : 'pass' }, scoreText(m.report)),
    );
    for (const section of Object.keys(SECTIONS) as ReadinessSection[]) {
      const items = m.report.items.filter((i) => i.section === section);
      if (!items.length) continue;
      this.root.append(el('h2', {}, SECTIONS[section]), el('table', { className: 'kv readiness' }, ...items.map((i) => this.row(i))));
    }
  }

  private row(i: ReadinessItem): HTMLTableRowElement {
    const actions = el('td', {});
    if (i.fix) {
      const fix = custom('vscode-button', {}, i.fix.title);
      fix.addEventListener('click', () => this.channel.send({ type: 'fix', item: i.id }));
      actions.append(fix);
    }
    if (i.range && i.status !== 'manual') {
      const show = el('span', { className: 'link' }, 'Show');
      show.addEventListener('click', () => this.channel.send({ type: 'reveal', item: i.id }));
      actions.append(' ', show);
    }
    const tr = el('tr', {}, el('td', { className: `status-${i.status}` }, MARK[i.status]), el('th', {}, i.title), el('td', {}, i.detail), actions);
    tr.dataset.item = i.id;
    return tr;
  }
}
