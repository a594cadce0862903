import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { Curve, RunSummary } from '../../server/protocol/backend.js';
import type { ColumnId, ExperimentsState, ExperimentsToHost, ExperimentsToView } from '../../server/protocol/webview.js';
import { CurveChart } from '../common/chart.js';
import type { Channel } from '../common/channel.js';
import { clear, custom, el } from '../common/dom.js';
import { cellText, columnKey, columnsOf, compareParams, DEFAULT_STATE, visibleRuns } from './table.js';

const ROW_HEIGHT = 24;
const OVERSCAN = 3;
/** Where each row element was last placed, so a row that stays put is not restyled. */
const rowTop = new WeakMap<HTMLElement, number>();
const CURVE_KEYS = ['loss', 'val_loss', 'epoch_seconds'];

/**
 * The Experiments panel: a virtualised, sortable, filterable table of every run; ticked runs
 * (any number) are compared below it: params side by side with differences marked, and their
 * learning curves overlaid.
 */
export class ExperimentsView {
  private runs: RunSummary[] = [];
  private allColumns: ColumnId[] = [];
  private shown: RunSummary[] = [];
  private now = Date.now();
  private state: ExperimentsState;
  private readonly virtualizer: Virtualizer<HTMLDivElement, HTMLDivElement>;
  private readonly count = el('span', { className: 'muted' });
  private readonly columnsBox = el('div', { className: 'columns', hidden: true });
  private readonly thead = el('div', { className: 'thead', role: 'row' });
  private readonly scroller = el('div', { className: 'scroller', role: 'rowgroup', tabIndex: 0 });
  private readonly spacer = el('div', { className: 'spacer' });
  private readonly compareBox = el('section', { className: 'compare' });
  private readonly compareButton = custom('vscode-button', { secondary: true }, 'Compare');
  private readonly message = el('div', { className: 'error' });
  private curves: { key: string; curves: Curve[] } | undefined;
  /** Kept across refreshes: new curves for the same runs update its data in place. */
  private readonly chart = new CurveChart(el('div', { className: 'chart' }));
  /** Bumped by every snapshot, so the compare section knows when its runs may have changed. */
  private runsVersion = 0;
  /** What the compare section and its chart were last built from; equal inputs skip the work. */
  private compareDrawn = '';
  private chartDrawn: unknown[] = [];
  /** Rows in the DOM by run id: scrolling moves the ones still visible instead of rebuilding them. */
  private rowCache = new Map<string, HTMLElement>();
  private compareTimer: ReturnType<typeof setTimeout> | undefined;
  /** Time the first snapshot took to paint, for the benchmark. */
  firstPaintMs: number | undefined;

  constructor(
    root: HTMLElement,
    private readonly channel: Channel<ExperimentsToView, ExperimentsToHost, ExperimentsState>,
    viewport = { width: 1000, height: 600 },
  ) {
    this.state = { folder: '', ...DEFAULT_STATE, ...channel.state };
    const filter = custom('vscode-textfield', { placeholder: 'Filter: auc>0.85 status=completed churn', value: this.state.filter }) as HTMLElement & { value: string };
    filter.setAttribute('aria-label', 'Filter runs');
    filter.addEventListener('input', () => {
      this.state.filter = filter.value;
      this.refresh();
    });
    const columnsButton = custom('vscode-button', { secondary: true }, 'Columns');
    columnsButton.addEventListener('click', () => (this.columnsBox.hidden = !this.columnsBox.hidden));
    this.compareButton.addEventListener('click', () => this.requestCompare(0));
    const clearButton = custom('vscode-button', { secondary: true }, 'Clear selection');
    clearButton.addEventListener('click', () => {
      this.state.selected = [];
      this.refresh();
    });
    this.scroller.append(this.spacer);
    // Size and paint of the scrolled area never depend on what is inside it.
    this.scroller.style.contain = 'strict';
    // Rows are recycled while scrolling, so their controls are handled here, by the row's run id
    // (capture: a programmatic 'change' does not bubble).
    this.spacer.addEventListener('change', (e) => {
      const id = ((e.target as HTMLElement).closest('.row') as HTMLElement | null)?.dataset.runId;
      if (id && (e.target as HTMLElement).matches('input[type=checkbox]')) this.toggle(id);
    }, true);
    // A cell's full text (it may be cut off) and the link's purpose, as a tooltip when hovered:
    // written on hover rather than on every refill while scrolling.
    this.spacer.addEventListener('mouseover', (e) => {
      const cell = (e.target as HTMLElement).closest('.cell, .link') as HTMLElement | null;
      const id = (cell?.closest('.row') as HTMLElement | null)?.dataset.runId;
      if (cell && id) cell.title = cell.classList.contains('link') ? `Open run ${id}` : (cell.textContent ?? '');
    });
    this.spacer.addEventListener('click', (e) => {
      const id = ((e.target as HTMLElement).closest('.row') as HTMLElement | null)?.dataset.runId;
      if (id && (e.target as HTMLElement).closest('.link')) this.channel.send({ type: 'openRun', runId: id });
    });
    root.append(
      el('h1', {}, 'Experiments ', this.count),
      el('div', { className: 'toolbar' }, filter, columnsButton, this.compareButton, clearButton),
      this.columnsBox,
      this.message,
      el('div', { className: 'table', role: 'table' }, this.thead, this.scroller),
      this.compareBox,
    );
    this.virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      // Rows beyond the view are laid out and painted too: a few absorb a small scroll, more
      // only add to every frame of a fast one.
      overscan: OVERSCAN,
      initialRect: viewport,
      // A scroller not laid out yet (hidden panel, simulated DOM) measures 0: size it as the viewport.
      observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : viewport)),
      observeElementOffset,
      scrollToFn: elementScroll,
      onChange: () => this.renderRows(),
    });
    this.virtualizer._didMount();
  }

  receive(m: ExperimentsToView): void {
    if (m.type === 'error') {
      this.message.textContent = m.message;
      return;
    }
    this.message.textContent = '';
    if (m.type === 'runs') {
      const t0 = performance.now();
      this.runs = m.runs;
      this.runsVersion++;
      this.allColumns = columnsOf(m.runs);
      this.now = m.now;
      this.state.folder = m.folder;
      const known = new Set(m.runs.map((r) => r.id));
      this.state.selected = (m.select ?? this.state.selected).filter((id) => known.has(id));
      this.refresh();
      this.firstPaintMs ??= performance.now() - t0;
      if (this.state.selected.length) this.requestCompare(0);
      // Runs chosen elsewhere (the tree's Compare) are what the user came for: show them.
      if (m.select?.length) this.compareBox.scrollIntoView?.({ block: 'start' });
    } else if (m.type === 'curves') {
      this.curves = { key: m.key, curves: m.curves };
      // Only the chart depends on the curves: the params table stays as it is.
      this.renderChart();
    }
  }

  /** Rows currently in the DOM (the virtualiser keeps it to the visible ones plus overscan). */
  get renderedRows(): number {
    return this.spacer.childElementCount;
  }

  get visible(): readonly RunSummary[] {
    return this.shown;
  }

  select(runIds: string[]): void {
    this.state.selected = runIds;
    this.refresh();
    this.requestCompare(0);
  }

  sortBy(column: ColumnId): void {
    const same = columnKey(this.state.sort.column) === columnKey(column);
    this.state.sort = { column, direction: same && this.state.sort.direction === 'desc' ? 'asc' : 'desc' };
    this.refresh();
  }

  private columns(): ColumnId[] {
    const hidden = new Set(this.state.hidden);
    return this.allColumns.filter((c) => !hidden.has(columnKey(c)));
  }

  private refresh(): void {
    this.shown = visibleRuns(this.runs, this.state);
    this.count.textContent = this.shown.length === this.runs.length ? `${this.runs.length} runs` : `${this.shown.length} of ${this.runs.length} runs`;
    this.compareButton.textContent = `Compare (${this.state.selected.length})`;
    this.renderColumnsChooser();
    this.renderHeader();
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: this.shown.length });
    this.virtualizer._willUpdate();
    for (const row of this.rowCache.values()) row.remove();
    this.rowCache.clear();
    this.renderRows();
    this.renderCompare();
    this.channel.state = this.state;
  }

  private gridTemplate(n: number): string {
    return `28px 190px repeat(${Math.max(0, n - 1)}, minmax(80px, 1fr))`;
  }

  private renderColumnsChooser(): void {
    clear(this.columnsBox);
    const hidden = new Set(this.state.hidden);
    for (const c of this.allColumns) {
      if (c.group === 'run' && c.key === 'id') continue;
      const box = custom('vscode-checkbox', { label: c.group === 'run' ? c.key : `${c.group} ${c.key}`, checked: !hidden.has(columnKey(c)) });
      box.addEventListener('change', () => {
        const k = columnKey(c);
        this.state.hidden = hidden.has(k) ? this.state.hidden.filter((h) => h !== k) : [...this.state.hidden, k];
        this.refresh();
      });
      this.columnsBox.append(box);
    }
  }

  private renderHeader(): void {
    clear(this.thead);
    const cols = this.columns();
    this.thead.style.gridTemplateColumns = this.gridTemplate(cols.length);
    this.thead.append(el('div', { className: 'cell' }));
    for (const c of cols) {
      const sorted = columnKey(this.state.sort.column) === columnKey(c);
      const cell = el('div', { className: `cell${c.group === 'run' ? '' : ' num'}`, role: 'columnheader', tabIndex: 0, title: `Sort by ${c.key}` }, `${c.key}${sorted ? (this.state.sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}`);
      cell.setAttribute('aria-sort', sorted ? (this.state.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
      cell.addEventListener('click', () => this.sortBy(c));
      cell.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && this.sortBy(c));
      this.thead.append(cell);
    }
  }

  private renderRows(): void {
    const cols = this.columns();
    const template = this.gridTemplate(cols.length);
    const selected = new Set(this.state.selected);
    // Written only when they change: a style write, even of the same value, can cost a new
    // layout and paint of what it styles, on every frame of a scroll.
    const height = `${this.virtualizer.getTotalSize()}px`;
    if (this.spacer.style.height !== height) this.spacer.style.height = height;
    const items = this.virtualizer.getVirtualItems();
    const wanted = new Set<string>();
    for (const item of items) {
      const run = this.shown[item.index];
      if (run) wanted.add(run.id);
    }
    // Rows that scrolled out are refilled for the rows that scrolled in: no element is created
    // or removed while scrolling, only texts and a transform change.
    const free: HTMLElement[] = [];
    for (const [id, row] of this.rowCache) if (!wanted.has(id)) free.push(row);
    const keep = new Map<string, HTMLElement>();
    for (const item of items) {
      const run = this.shown[item.index];
      if (!run) continue;
      let row = this.rowCache.get(run.id);
      if (!row) {
        row = free.pop() ?? this.newRow(cols, template);
        this.fillRow(row, run, cols, selected.has(run.id));
      }
      if (rowTop.get(row) !== item.start) {
        rowTop.set(row, item.start);
        row.style.transform = `translateY(${item.start}px)`;
      }
      keep.set(run.id, row);
      if (row.parentNode !== this.spacer) this.spacer.append(row);
    }
    for (const row of free) row.remove();
    this.rowCache = keep;
  }

  /** An empty row for the current columns; `fillRow` gives it a run. Events are handled on the table. */
  private newRow(cols: ColumnId[], template: string): HTMLElement {
    const row = el('div', { className: 'row', role: 'row' });
    row.style.gridTemplateColumns = template;
    row.style.contain = 'strict';
    const tick = el('input', { type: 'checkbox', title: 'Compare this run' });
    row.append(el('div', { className: 'cell' }, tick));
    for (const c of cols) {
      if (c.group === 'run' && c.key === 'id') row.append(el('div', { className: 'cell' }, el('span', { className: 'link mono' })));
      else row.append(el('div', { className: `cell${c.group === 'run' ? '' : ' num'}` }));
    }
    return row;
  }

  private fillRow(row: HTMLElement, run: RunSummary, cols: ColumnId[], isSelected: boolean): void {
    row.dataset.runId = run.id;
    row.classList.toggle('selected', isSelected);
    const cells = row.children;
    const tick = cells[0]!.firstChild as HTMLInputElement;
    tick.checked = isSelected;
    tick.setAttribute('aria-label', `Compare ${run.id}`);
    cols.forEach((c, i) => {
      const cell = cells[i + 1] as HTMLElement;
      const text = cellText(run, c, this.now);
      if (c.group === 'run' && c.key === 'id') return setText(cell.firstChild as HTMLElement, text);
      setText(cell, text);
      if (c.key === 'status') cell.className = `cell status-${run.status}`;
    });
  }

  private toggle(runId: string): void {
    const i = this.state.selected.indexOf(runId);
    this.state.selected = i >= 0 ? this.state.selected.filter((id) => id !== runId) : [...this.state.selected, runId];
    this.refresh();
    this.requestCompare(250);
  }

  private requestCompare(delayMs: number): void {
    clearTimeout(this.compareTimer);
    this.compareTimer = setTimeout(() => {
      if (this.state.selected.length) this.channel.send({ type: 'compare', runIds: this.state.selected, key: this.state.curveKey });
    }, delayMs);
  }

  /** The compare section: rebuilt only when the snapshot, the selection or the curve key changed. */
  private renderCompare(): void {
    const inputs = `${this.runsVersion}\n${this.state.curveKey}\n${this.state.selected.join('\n')}`;
    if (inputs === this.compareDrawn) return;
    this.compareDrawn = inputs;
    clear(this.compareBox);
    const byId = new Map(this.runs.map((r) => [r.id, r]));
    const runs = this.state.selected.map((id) => byId.get(id)).filter((r): r is RunSummary => !!r);
    if (!runs.length) {
      this.chart.show();
      this.chartDrawn = [];
      return;
    }
    const keys = custom('div', {});
    keys.className = 'toolbar';
    for (const key of CURVE_KEYS) {
      const b = custom('vscode-button', { secondary: key !== this.state.curveKey }, key);
      b.addEventListener('click', () => {
        this.state.curveKey = key;
        this.channel.state = this.state;
        this.requestCompare(0);
        this.renderCompare();
      });
      keys.append(b);
    }
    const params = compareParams(runs);
    const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
    const table = el(
      'table',
      { className: 'kv' },
      el('tr', {}, el('th', {}, ''), ...runs.map((r) => el('th', { className: 'mono' }, r.id))),
      ...metricKeys.map((k) => el('tr', {}, el('th', {}, k), ...runs.map((r) => el('td', { className: 'num' }, r.metrics[k] === undefined ? '—' : cellText(r, { group: 'metric', key: k }, this.now))))),
      ...params.map((p) => el('tr', { className: p.differs ? 'differs' : '' }, el('th', {}, p.key), ...p.values.map((v) => el('td', { className: 'mono', title: v }, v)))),
    );
    this.compareBox.append(el('h2', {}, `Compare ${runs.length} run${runs.length === 1 ? '' : 's'}`), el('h2', {}, 'Learning curves'), keys, this.chart.container, el('h2', {}, 'Metrics and params (≠ marks differences)'), table);
    this.renderChart();
  }

  /** The selected runs' curves for the chosen key, drawn into the kept chart. */
  private renderChart(): void {
    const c = this.curves;
    const inputs = [c, this.runsVersion, this.state.curveKey, this.state.selected.join('\n')];
    if (inputs.every((v, i) => v === this.chartDrawn[i])) return;
    this.chartDrawn = inputs;
    if (!c || c.key !== this.state.curveKey) return this.chart.show(el('p', { className: 'muted' }, 'Loading curves…'));
    const known = new Set(this.runs.map((r) => r.id));
    const selected = new Set(this.state.selected);
    const shown = c.curves.filter((cv) => known.has(cv.runId) && selected.has(cv.runId));
    if (shown.length)
      this.chart.draw(
        shown,
        shown.map((cv) => cv.runId),
        c.key,
      );
    else this.chart.show(el('p', { className: 'muted' }, `No '${c.key}' points in the selected runs.`));
  }
}

/**
 * Puts `text` in `node` by changing its text node in place, and not at all when it is already
 * there: a recycled row often shows the same value in a column (pipeline, status, a shared
 * param), and an untouched text needs no new layout.
 */
function setText(node: HTMLElement, text: string): void {
  const t = node.firstChild;
  if (t && t === node.lastChild && t.nodeType === 3) {
    if ((t as Text).data !== text) (t as Text).data = text;
  } else node.textContent = text;
}
