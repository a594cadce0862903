import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { Curve, RunSummary } from '../../server/protocol/backend.js';
import type { ColumnId, ExperimentsState, ExperimentsToHost, ExperimentsToView } from '../../server/protocol/webview.js';
import { CurveChart } from '../common/chart.js';
import type { Channel } from '../common/channel.js';
import { clear, custom, el } from '../common/dom.js';
import { onThemeChange } from '../common/theme.js';
import { columnWidths, gridTemplate, rowsInView } from './layout.js';
import { RowCanvas, type PaintColumn } from './rowCanvas.js';
import { cellText, columnKey, columnsOf, compareMetrics, compareParams, DEFAULT_STATE, visibleRuns } from './table.js';

const ROW_HEIGHT = 24;
const OVERSCAN = 3;
/** Where each row element was last placed, so a row that stays put is not restyled. */
const rowTop = new WeakMap<HTMLElement, number>();
/** Which row (index in the shown runs) a DOM row element stands for. */
const rowIndex = new WeakMap<HTMLElement, number>();
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
  private readonly grid = el('div', { className: 'table', role: 'grid' });
  private readonly scroller = el('div', { className: 'scroller', role: 'rowgroup', tabIndex: 0 });
  private readonly spacer = el('div', { className: 'spacer' });
  /** The visible rows' cells are painted here; the rows in `spacer` are a thin DOM layer over it. */
  private readonly cells = new RowCanvas();
  /** The scroller's inner size; column widths follow its width. */
  private viewport: { width: number; height: number };
  private widths: number[] = [];
  private paintPending = false;
  /** The row under the mouse and the row the keyboard is on, as indexes into `shown`; -1: none. */
  private hover = -1;
  private active = -1;
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
    this.viewport = viewport;
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
    this.spacer.append(this.cells.canvas);
    this.scroller.append(this.spacer);
    this.grid.setAttribute('aria-multiselectable', 'true');
    this.grid.setAttribute('aria-label', 'Runs');
    this.thead.setAttribute('aria-rowindex', '1');
    this.scroller.addEventListener('scroll', () => this.schedulePaint(), { passive: true });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.spacer.addEventListener('mouseover', (e) => this.setHover(rowOf(e.target)));
    this.spacer.addEventListener('mouseleave', () => this.setHover(-1));
    onThemeChange(() => {
      this.cells.themeChanged();
      this.schedulePaint();
    });
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
      if (cell && id) cell.title = cell.classList.contains('link') ? `Open run ${id}` : (cell.getAttribute('aria-label') ?? cell.textContent ?? '');
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
      this.grid,
      this.compareBox,
    );
    this.grid.append(this.thead, this.scroller);
    this.virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>({
      count: 0,
      getScrollElement: () => this.scroller,
      estimateSize: () => ROW_HEIGHT,
      // Rows beyond the view are laid out and painted too: a few absorb a small scroll, more
      // only add to every frame of a fast one.
      overscan: OVERSCAN,
      initialRect: viewport,
      // A scroller not laid out yet (hidden panel, simulated DOM) measures 0: size it as the viewport.
      observeElementRect: (instance, cb) =>
        observeElementRect(instance, (rect) => {
          const size = rect.height > 0 ? rect : viewport;
          this.resized(size);
          cb(size);
        }),
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
    return this.rowCache.size;
  }

  /** The rows (indexes into `visible`) the canvas last painted. */
  get paintedRows(): { first: number; last: number } {
    return this.cells.painted;
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
    if (this.active >= this.shown.length) this.active = this.shown.length - 1;
    this.hover = -1;
    this.grid.setAttribute('aria-rowcount', String(this.shown.length + 1));
    this.layoutColumns();
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

  /** Column widths for the scroller's width; the header, rows and canvas all follow them. */
  private layoutColumns(): void {
    const cols = this.columns();
    // The scroller's client width leaves out its scrollbar; under a simulated DOM it is 0.
    const width = this.scroller.clientWidth || this.viewport.width;
    this.widths = columnWidths(width, cols.length);
    this.grid.setAttribute('aria-colcount', String(cols.length + 1));
    this.cells.resize(Math.max(width, this.widths.reduce((a, b) => a + b, 0)), this.viewport.height, this.widths);
  }

  private resized(size: { width: number; height: number }): void {
    if (size.width === this.viewport.width && size.height === this.viewport.height) return;
    this.viewport = { width: size.width, height: size.height };
    const before = gridTemplate(this.widths);
    this.layoutColumns();
    const template = gridTemplate(this.widths);
    if (template !== before) {
      this.thead.style.gridTemplateColumns = template;
      for (const row of this.rowCache.values()) row.style.gridTemplateColumns = template;
    }
    this.schedulePaint();
  }

  /** One paint per frame, whatever asked for it (scroll, refill, hover, theme). */
  private schedulePaint(): void {
    if (this.paintPending) return;
    this.paintPending = true;
    requestAnimationFrame(() => {
      this.paintPending = false;
      this.paint();
    });
  }

  private paint(): void {
    const cols = this.columns();
    const offset = this.virtualizer.scrollOffset ?? 0;
    const { first, last } = rowsInView(offset, this.viewport.height, ROW_HEIGHT, this.shown.length);
    const selected = new Set(this.state.selected);
    const columns: PaintColumn[] = [{ numeric: false, painted: false }, ...cols.map((c) => ({ numeric: c.group !== 'run', painted: !(c.group === 'run' && c.key === 'id') }))];
    this.cells.paint({
      offset,
      rowHeight: ROW_HEIGHT,
      first,
      last,
      columns,
      text: (row, column) => cellText(this.shown[row]!, cols[column - 1]!, this.now),
      tone: (row, column) => (cols[column - 1]!.group === 'run' && cols[column - 1]!.key === 'status' ? `status-${this.shown[row]!.status}` : undefined),
      selected: (row) => selected.has(this.shown[row]!.id),
      hover: this.hover,
      active: this.active,
    });
  }

  private setHover(index: number): void {
    if (index === this.hover) return;
    this.hover = index;
    this.schedulePaint();
  }

  /** Arrows, Page Up/Down, Home and End move the keyboard's row; Space ticks it; Enter opens it. */
  private onKey(e: KeyboardEvent): void {
    if (e.target !== this.scroller || !this.shown.length) return;
    const page = Math.max(1, Math.floor(this.viewport.height / ROW_HEIGHT) - 1);
    const at = Math.max(0, this.active);
    const moves: Record<string, number> = { ArrowDown: this.active < 0 ? 0 : at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: this.shown.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      this.setActive(Math.min(this.shown.length - 1, Math.max(0, moves[e.key]!)));
    } else if ((e.key === ' ' || e.key === 'Enter') && this.active >= 0) {
      e.preventDefault();
      const id = this.shown[this.active]!.id;
      if (e.key === ' ') this.toggle(id);
      else this.channel.send({ type: 'openRun', runId: id });
    }
  }

  private setActive(index: number): void {
    this.active = index;
    // Into view by the least scroll; the scroll event then brings its row into the DOM layer.
    const offset = this.virtualizer.scrollOffset ?? 0;
    const top = index * ROW_HEIGHT;
    const to = top < offset ? top : top + ROW_HEIGHT > offset + this.viewport.height ? top + ROW_HEIGHT - this.viewport.height : offset;
    if (to !== offset) this.scroller.scrollTop = to;
    this.renderRows();
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
    this.thead.style.gridTemplateColumns = gridTemplate(this.widths);
    const tickHeader = el('div', { className: 'cell', role: 'columnheader' });
    tickHeader.setAttribute('aria-label', 'Compare');
    this.thead.append(tickHeader);
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
    const template = gridTemplate(this.widths);
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
    // or removed while scrolling, only attributes, the id's text and a transform change.
    const free: HTMLElement[] = [];
    for (const [id, row] of this.rowCache) if (!wanted.has(id)) free.push(row);
    const keep = new Map<string, HTMLElement>();
    let activeId = '';
    for (const item of items) {
      const run = this.shown[item.index];
      if (!run) continue;
      let row = this.rowCache.get(run.id);
      if (!row) {
        row = free.pop() ?? this.newRow(cols, template);
        this.fillRow(row, run, cols, selected.has(run.id));
      }
      if (rowIndex.get(row) !== item.index) {
        rowIndex.set(row, item.index);
        row.setAttribute('aria-rowindex', String(item.index + 2));
        row.id = `run-row-${item.index}`;
      }
      if (rowTop.get(row) !== item.start) {
        rowTop.set(row, item.start);
        row.style.transform = `translateY(${item.start}px)`;
      }
      if (item.index === this.active) activeId = row.id;
      keep.set(run.id, row);
      if (row.parentNode !== this.spacer) this.spacer.append(row);
    }
    for (const row of free) row.remove();
    this.rowCache = keep;
    if (activeId) this.scroller.setAttribute('aria-activedescendant', activeId);
    else this.scroller.removeAttribute('aria-activedescendant');
    this.schedulePaint();
  }

  /**
   * An empty row for the current columns; `fillRow` gives it a run. Its cells carry no text of
   * their own (the canvas paints it): each names its value for assistive technology instead.
   * Events are handled on the table.
   */
  private newRow(cols: ColumnId[], template: string): HTMLElement {
    const row = el('div', { className: 'row', role: 'row' });
    row.style.gridTemplateColumns = template;
    row.style.contain = 'strict';
    const tick = el('input', { type: 'checkbox', title: 'Compare this run' });
    row.append(el('div', { className: 'cell', role: 'gridcell' }, tick));
    for (const c of cols) {
      if (c.group === 'run' && c.key === 'id') row.append(el('div', { className: 'cell', role: 'gridcell' }, el('span', { className: 'link mono' })));
      else row.append(el('div', { className: `cell${c.group === 'run' ? '' : ' num'}`, role: 'gridcell' }));
    }
    return row;
  }

  private fillRow(row: HTMLElement, run: RunSummary, cols: ColumnId[], isSelected: boolean): void {
    row.dataset.runId = run.id;
    row.classList.toggle('selected', isSelected);
    row.setAttribute('aria-selected', String(isSelected));
    const cells = row.children;
    const tick = cells[0]!.firstChild as HTMLInputElement;
    tick.checked = isSelected;
    tick.setAttribute('aria-label', `Compare ${run.id}`);
    cols.forEach((c, i) => {
      const cell = cells[i + 1] as HTMLElement;
      const text = cellText(run, c, this.now);
      if (c.group === 'run' && c.key === 'id') return setText(cell.firstChild as HTMLElement, text);
      if (cell.getAttribute('aria-label') !== text) cell.setAttribute('aria-label', text);
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
    const metrics = compareMetrics(runs, this.now);
    // A run's status says why its metrics are missing (running, failed); with no metric in any
    // compared run, one row says so instead of a table of params alone.
    const status = runs.map((r) => r.status);
    const table = el(
      'table',
      { className: 'kv' },
      el('tr', {}, el('th', {}, ''), ...runs.map((r) => el('th', { className: 'mono' }, r.id))),
      el('tr', { className: new Set(status).size > 1 ? 'differs' : '' }, el('th', {}, 'status'), ...runs.map((r) => el('td', { className: `status-${r.status}` }, r.status))),
      ...(metrics.length ? [] : [el('tr', { className: 'no-metrics' }, el('th', {}, 'metrics'), ...runs.map((r) => el('td', { className: 'muted' }, r.status === 'running' ? 'none yet' : 'none')))]),
      ...metrics.map((m) => el('tr', { className: m.differs ? 'differs' : '' }, el('th', {}, m.key), ...m.values.map((v) => el('td', { className: 'num' }, v)))),
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

/** The index (into the shown runs) of the DOM row `target` is in; -1 outside any. */
function rowOf(target: EventTarget | null): number {
  const row = (target as HTMLElement | null)?.closest?.('.row') as HTMLElement | null;
  return row ? (rowIndex.get(row) ?? -1) : -1;
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
