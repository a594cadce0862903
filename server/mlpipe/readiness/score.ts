/**
 * Scores a checked pipeline against the ML Test Score items (`items.ts`): pure, from the
 * checker's diagnostics and the syntax tree. An automated item is met when the blocks it needs
 * are there and none of its diagnostics is; otherwise it is missing, with the first diagnostic's
 * quick fix (when the checker offers one) or where to add the block.
 */
import type { ReadinessItem, ReadinessReport, ReadinessStatus } from '../../protocol/webviewReadiness.js';
import type { Binding } from '../binder.js';
import type { Diagnostic } from '../diagnostics.js';
import { monitorDriftLines } from '../served.js';
import type { Block, SourceFile } from '../syntax/ast.js';
import type { LineMap, Range } from '../syntax/lineMap.js';
import { AUTOMATED_ITEMS, MANUAL_ITEMS, type AutomatedItem } from './items.js';
import { refName } from '../syntax/reference.js';

export interface ScoredFile {
  file: SourceFile;
  binding: Binding;
  diagnostics: readonly Diagnostic[];
  lines: LineMap;
}

function blocks(file: SourceFile, type: string): Block[] {
  return file.statements.filter((s): s is Block => s.kind === 'Block' && s.type.name === type);
}

/** The start of the file: where a missing block's item points. */
const TOP: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Model inputs without a `drift` line: the monitor gives them the spec's default test. The lines
 * are those serving reads (`monitorDriftLines`, the first block's): a line in a second block
 * (duplicate-definition) was counted here while serving left its input to the default test.
 */
function defaultTested(s: ScoredFile): string[] {
  const lined = new Set(monitorDriftLines(s.binding).map((d) => d.target.name));
  const inputs = blocks(s.file, 'model').flatMap((b) =>
    b.entries.flatMap((e) => (e.kind === 'Attribute' && e.name.name === 'inputs' && e.value.kind === 'List' ? e.value.items.flatMap((i) => (i.kind === 'Reference' ? [refName(i)] : [])) : [])),
  );
  return [...new Set(inputs)].filter((i) => !lined.has(i));
}

function scoreAutomated(item: AutomatedItem, s: ScoredFile): ReadinessItem {
  const base = { id: item.id, section: item.section, title: item.title };
  const absent = item.needs.filter((t) => blocks(s.file, t).length === 0);
  const found = s.diagnostics.filter((d) => (item.codes as readonly string[]).includes(d.code));
  // A diagnostic names what is wrong more precisely than a missing block (unmonitored serving says why).
  const first = found[0];
  if (first) {
    const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
    return {
      ...base,
      status: 'missing',
      detail: `${first.code}: ${first.message}${more}`,
      range: first.range,
      ...(first.data ? { fix: { kind: 'quickfix' as const, code: first.code, title: 'Apply the quick fix', range: first.range } } : {}),
    };
  }
  if (absent.length) return { ...base, status: 'missing', detail: `no '${absent.join("' or '")}' block`, range: TOP };
  const block = item.needs.length ? blocks(s.file, item.needs[item.needs.length - 1]!)[0] : undefined;
  let detail = item.verified;
  if (item.id === 'monitor.drift') {
    const defaults = defaultTested(s);
    if (defaults.length) detail += `; ${defaults.join(', ')} use${defaults.length === 1 ? 's' : ''} the default test`;
  }
  return { ...base, status: 'automated', detail, ...(block ? { range: s.lines.range(block.start, block.end) } : {}) };
}

/** The pipeline's ML Test Score: every item, automated items first within each section. */
export function scoreReadiness(s: ScoredFile): ReadinessReport {
  const items: ReadinessItem[] = [
    ...AUTOMATED_ITEMS.map((i) => scoreAutomated(i, s)),
    ...MANUAL_ITEMS.map((i): ReadinessItem => ({ id: i.id, section: i.section, title: i.title, status: 'manual', detail: i.manual })),
  ];
  const order = ['data', 'model', 'infrastructure', 'monitoring'];
  items.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section));
  const counts: Record<ReadinessStatus, number> = { automated: 0, manual: 0, missing: 0 };
  for (const i of items) counts[i.status]++;
  return { items, counts };
}
