import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver';
import { BLOCKS, DRIFT_STATISTICS, METRICS, STAGES, TOP_LEVEL_BLOCKS, type AttributeSpec } from '../mlpipe/language/blocks.js';
import { DRIFT_STATISTIC_INFO, DRIFT_STATISTICS as STATISTICS, isDriftStatistic, statisticKindProblem } from '../mlpipe/drift/catalogue.js';
import { CheckContext } from '../mlpipe/checker/context.js';
import { driftTargetKind } from '../mlpipe/checker/rules/driftStatisticKind.js';
import { FIT_SCOPES, REGISTER_STAGES } from '../mlpipe/language/keywords.js';
import { activeArgument } from './signatureHelp.js';
import { catalogueEntry, TRANSFORMS } from '../mlpipe/language/transforms.js';
import type { DocAnalysis } from './analyses.js';
import type { FolderEntry } from './pathLinks.js';
import { LineMap, lineEnding } from '../mlpipe/syntax/lineMap.js';
import { DATA_FILE_NAME } from '../mlpipe/data/formats.js';
import { quote } from '../mlpipe/format/printExpr.js';
import { completionSite, type OpenBlock, type Site } from './completionSite.js';
import { missingShare, tableColumns, tableData } from './dataFacts.js';
import { columnSummary } from './dataPreview.js';
import { markdownToPlain, snippetToPlain } from './plainText.js';
import { servedFeatures, servedRequestFields } from '../mlpipe/served.js';
import { isRefusal } from '../mlpipe/checker/judge.js';
import { isIdentifier } from '../mlpipe/syntax/tokens.js';
import type { TableSymbol } from '../mlpipe/binder.js';
import type { ColumnInfo } from '../mlpipe/data/info.js';

/**
 * `@`: a client would not ask again after it (not a word character), and the stage comes next.
 * `"` and `/`: a path's folder entries, as the opening quote or a folder is typed.
 */
export const TRIGGER_CHARACTERS = ['.', '=', ' ', '[', '@', '"', '/'];

const SINGLETONS = new Set(TOP_LEVEL_BLOCKS.filter((k) => !BLOCKS[k].repeatable));

/** What the client can take (from its `completionItem` capabilities). */
export interface CompletionFormat {
  snippets: boolean;
  markdown: boolean;
  /** The kind an item is sent as (a client may not know the newer kinds). */
  kind: (kind: CompletionItemKind) => CompletionItemKind;
  /**
   * The client declares `completionItem.commitCharactersSupport`: items may carry
   * `commitCharacters` (a table's `.` accepts it), which the protocol names as the client's to opt into.
   */
  commitCharacters: boolean;
  /**
   * The client indents a plain-text item's later lines to the cursor's line by itself (its
   * `completion.insertTextMode` is adjustIndentation, as VS Code's is). Otherwise it inserts
   * plain text as it is (the protocol's asIs), and the item carries that indentation: a
   * `defaults {` block completed inside `serve` put its '}' at the start of the line.
   */
  indentsLines: boolean;
  /** The client declares `completionItem.insertReplaceSupport`: a path item may carry an InsertReplaceEdit. */
  insertReplace: boolean;
}

const FULL: CompletionFormat = { snippets: true, markdown: true, kind: (kind) => kind, commitCharacters: true, indentsLines: true, insertReplace: true };

/**
 * Completion at an offset of the current text. Names, columns and the served model come from
 * `a`, the newest finished analysis (possibly a keystroke old): no check runs here.
 */
export function completeAt(text: string, offset: number, a: DocAnalysis | undefined, triggerCharacter?: string, format: CompletionFormat = FULL, entries?: FolderLister): CompletionList {
  const site = completionSite(text, offset);
  if (site.kind === 'stringValue') return list(a && entries ? pathItems(site, a, text, offset, entries, format.insertReplace) : []);
  if (triggerCharacter === '"' || triggerCharacter === '/') return list([]);
  // A space only opens the list where a value is expected, not while indenting.
  if (triggerCharacter === ' ' && (site.kind === 'topLevel' || site.kind === 'blockEntry' || site.kind === 'none')) return list([]);
  if (triggerCharacter === '.' && !(site.kind === 'featureExpr' && site.table)) return list([]);
  if (triggerCharacter === '@' && !(site.kind === 'attributeValue' && site.at)) return list([]);
  // What a plain-text item's later lines start with: the document's line end, and the cursor line's indentation.
  const indent = /^[ \t]*/.exec(text.slice(lineStart(text, offset), offset))![0];
  const newLine = lineEnding(text) + (format.indentsLines ? '' : indent);
  return list(itemsFor(site, a).map((item) => inFormat(item, format, newLine)));
}

/**
 * Items are written as snippets with markdown docs; a client that takes neither gets plain text,
 * each of its line breaks written as `newLine` (the document's line end, and the cursor line's
 * indentation unless the client adds that: a client inserts plain text as it is, as a quick fix's
 * edit), and commit characters only when it declares them. Snippets are left as written: snippet
 * engines indent a snippet's lines to the cursor's line and write the editor's line ends.
 */
function inFormat(item: CompletionItem, format: CompletionFormat, newLine: string): CompletionItem {
  let out = item;
  if (!format.snippets && item.insertTextFormat === InsertTextFormat.Snippet) {
    const { insertTextFormat: _snippet, ...rest } = item;
    const plain = snippetToPlain(item.insertText ?? item.label);
    out = { ...rest, insertText: plain.replace(/\n/g, newLine) };
  }
  const doc = out.documentation;
  if (!format.markdown && doc && typeof doc !== 'string') out = { ...out, documentation: doc.kind === 'markdown' ? markdownToPlain(doc.value) : doc.value };
  if (out.kind !== undefined && format.kind(out.kind) !== out.kind) out = { ...out, kind: format.kind(out.kind) };
  if (!format.commitCharacters && out.commitCharacters) {
    const { commitCharacters: _commit, ...rest } = out;
    out = rest;
  }
  return out;
}

/**
 * Where the line holding `offset` starts (after its `\n` or lone `\r`). Searched back from the
 * cursor: a regular expression for the text's last line tried every start position before it,
 * 15-25 ms at the end of a 5,000-line file, on every completion request.
 */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

function list(items: CompletionItem[]): CompletionList {
  return { isIncomplete: false, items };
}

function itemsFor(site: Site, a: DocAnalysis | undefined): CompletionItem[] {
  const b = a?.binding;
  switch (site.kind) {
    case 'topLevel':
      return topLevelItems(a);
    case 'blockEntry':
      return blockEntryItems(site.block, site.parent, site.written, a);
    case 'attributeValue':
      return attributeValueItems(site.block, site.parent, site.attribute, a, site.at);
    case 'featureExpr':
      return featureExprItems(site, a);
    case 'inputs': {
      const names = b ? [...b.features.keys()].filter((n) => !site.listed.has(n)) : [];
      return names.map((n) => ({ label: n, kind: CompletionItemKind.Variable, detail: 'feature' }));
    }
    case 'require': {
      // Only the pipeline's task's metrics when the checker knows it (another task's is its invalid-value).
      const tasks = a ? new CheckContext(a.file, a.binding, a.lines, { data: (source) => a.data.get(source) }).modelTasks() : undefined;
      const task = tasks?.size === 1 ? [...tasks][0] : undefined;
      return Object.entries(METRICS).filter(([, m]) => task === undefined || m.task === task).map(([name, m]) => ({
        label: name,
        kind: CompletionItemKind.Value,
        detail: `${m.task} metric, ${m.higherIsBetter ? 'higher' : 'lower'} is better`,
        documentation: m.doc,
      }));
    }
    case 'driftTarget': {
      const feats = b ? servedFeatures(b) : [];
      return [
        ...feats.map((n, i) => ({ label: n, kind: CompletionItemKind.Variable, detail: 'feature of the served model', sortText: `0${String(i).padStart(5, '0')}` })),
        { label: 'prediction', kind: CompletionItemKind.Keyword, detail: "the served model's output", sortText: '1' },
      ];
    }
    case 'driftStat': {
      // Only the statistics that can measure the target, as the checker judges them ('ks' of a
      // one_hot feature is invalid-value); every one when its kind is not known.
      const kind = a ? driftTargetKind(site.target, new CheckContext(a.file, a.binding, a.lines, { data: (source) => a.data.get(source) })) : undefined;
      return Object.entries(DRIFT_STATISTICS)
        .filter(([name]) => !kind || !isDriftStatistic(name) || !statisticKindProblem(name, site.target, kind))
        .map(([name, doc]) => ({ label: name, kind: CompletionItemKind.Function, detail: 'drift statistic', documentation: doc }));
    }
    case 'stringValue':
    case 'none':
      return [];
  }
}

/** The entries of the folder a path string is typed in, relative to the pipeline (pathLinks' `folderEntries`). */
export type FolderLister = (pipelinePath: string, writtenFolder: string) => FolderEntry[] | undefined;

/**
 * Inside a path attribute's string (`source = "data/cu`): the entries of the folder typed so far,
 * each replacing the part after the last `/`. A `source` lists folders and the data files the
 * engine reads (CSV, Parquet); a `lockfile` any file.
 *
 * The name being replaced runs on past the cursor to the end of its part of the path (the next
 * `/`, or the closing quote; a folder's own `/` with it): completed in the middle of
 * `"data/cu|stomers.csv"`, the rest was kept and made `"data/customers.csvstomers.csv"`. A client
 * that declares `insertReplaceSupport` gets both ranges (its user picks insert or replace); any
 * other, the replacing one.
 */
function pathItems(site: Extract<Site, { kind: 'stringValue' }>, a: DocAnalysis, text: string, offset: number, entries: FolderLister, insertReplace: boolean): CompletionItem[] {
  const spec = BLOCKS[site.block.kind]?.attributes.find((s) => s.name === site.attribute);
  if (spec?.kind !== 'path' || site.parent) return [];
  const cut = site.written.lastIndexOf('/') + 1;
  const found = entries(a.path, site.written.slice(0, cut));
  if (!found) return [];
  // On the text as it is now (the analysis may be a keystroke old).
  const lines = new LineMap(text);
  const start = offset - (site.written.length - cut);
  const end = nameEnd(text, offset);
  const insert = lines.range(start, offset);
  return found
    .filter((e) => e.folder || site.attribute !== 'source' || DATA_FILE_NAME.test(e.name))
    .map((e) => {
      // Written inside the string: a name with '"' or '\\' escaped as the lexer reads it, or the
      // string would end early or hold an unknown escape (a syntax error).
      const newText = inString(e.folder ? `${e.name}/` : e.name);
      const replace = lines.range(start, e.folder && text[end] === '/' ? end + 1 : end);
      return {
        label: e.folder ? `${e.name}/` : e.name,
        kind: e.folder ? CompletionItemKind.Folder : CompletionItemKind.File,
        textEdit: insertReplace ? { newText, insert, replace } : { range: replace, newText },
        sortText: `${e.folder ? 0 : 1}${e.name}`,
      };
    });
}

/** Where the path part the cursor is in ends: at the next `/`, the string's closing quote, or the line's end (an escape is stepped over). */
function nameEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '/' && text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r') i += text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r' ? 2 : 1;
  return i;
}

/** Text to write between a string's quotes: `quote`'s escapes, without the quotes. */
function inString(text: string): string {
  return quote(text).slice(1, -1);
}

function snippet(label: string, insertText: string, kind: CompletionItemKind, detail: string, documentation?: string): CompletionItem {
  return { label, kind, detail, insertText, insertTextFormat: InsertTextFormat.Snippet, ...(documentation ? { documentation: { kind: 'markdown', value: documentation } } : {}) };
}

function topLevelItems(a: DocAnalysis | undefined): CompletionItem[] {
  const present = a?.binding.blocks;
  const items = TOP_LEVEL_BLOCKS.filter((k) => !(SINGLETONS.has(k) && present?.has(k))).map((k) => {
    const spec = BLOCKS[k];
    const body = spec.attributes.filter((s) => s.required);
    let n = spec.named ? 2 : 1;
    const lines = body.map((s) => '  ' + attributeSnippet(s, () => n++));
    const header = spec.named ? `${k} \${1:name} {` : `${k} {`;
    const text = [header, ...(lines.length ? lines : ['  $0']), '}'].join('\n');
    return snippet(k, text, CompletionItemKind.Module, `${k} block`, spec.doc);
  });
  items.push(snippet('feature', 'feature ${1:name} = ${0}', CompletionItemKind.Keyword, 'feature definition', 'Defined once, computed by the same code for training and serving.'));
  return items;
}

/** A snippet `name = value` with tab stops numbered from `next()`. */
function attributeSnippet(spec: AttributeSpec, next: () => number): string {
  if (spec.values) return `${spec.name} = \${${next()}|${spec.values.join(',')}|}`;
  if (spec.snippet) {
    // Renumber the spec's tab stops after the ones already used.
    const map = new Map<string, number>();
    return spec.snippet.replace(/\$\{(\d+)/g, (_m, d: string) => {
      if (!map.has(d)) map.set(d, next());
      return '${' + map.get(d);
    });
  }
  if (spec.kind === 'bool') return `${spec.name} = \${${next()}|true,false|}`;
  // A placeholder with a default, so the text stays valid where snippets are not supported.
  return `${spec.name} = \${${next()}:${PLACEHOLDER[spec.kind] ?? spec.name}}`;
}

const PLACEHOLDER: Partial<Record<AttributeSpec['kind'], string>> = {
  string: '""',
  path: '"file"',
  number: '0',
  integer: '0',
  fraction: '0.2',
  column: 'column',
  primaryColumn: 'column',
  model: 'model',
  servedModel: 'registered_model',
};

function blockEntryItems(block: OpenBlock, parent: OpenBlock | undefined, written: Set<string>, a: DocAnalysis | undefined): CompletionItem[] {
  if (block.kind === 'defaults' && parent?.kind === 'serve') {
    const primary = a?.binding.primary;
    const cols = nameableColumns(a!, primary);
    // The columns a request carries for the served model (`/metadata`'s inputs): a default for
    // any other column fills a field no feature reads. Every column while no plan can be made.
    const read = a ? requestColumns(a) : undefined;
    const offered = read ? read.map((name) => cols.find((c) => c.name === name) ?? { name, type: undefined }).filter((c) => isIdentifier(c.name)) : cols;
    return offered.filter((c) => !written.has(c.name) && c.name !== primary?.target).map((c) => snippet(c.name, `${c.name} = \${1}`, CompletionItemKind.Field, `default for ${c.type ?? ''} column`));
  }
  const spec = BLOCKS[block.kind];
  if (!spec) return [];
  // One table has the target: another 'target' would make the check's invalid-value ("several targets").
  const otherPrimary = block.kind === 'data' && a?.binding.primary !== undefined && a.binding.primary.name !== block.name;
  const items: CompletionItem[] = spec.attributes
    .filter((s) => !written.has(s.name) && !(otherPrimary && s.name === 'target'))
    .map((s) => {
      let n = 1;
      return { ...snippet(s.name, attributeSnippet(s, () => n++), CompletionItemKind.Property, `${block.kind} attribute${s.required ? ' (required)' : ''}`, s.doc), sortText: (s.required ? '0' : '1') + s.name };
    });
  for (const e of spec.entries ?? []) {
    if (e === 'require') items.push(snippet('require', 'require ${1|' + Object.keys(METRICS).join(',') + '|} ${2|>=,>,<=,<|} ${3:0.8}', CompletionItemKind.Keyword, 'evaluation gate'));
    // One line per direction: a statistic that grows with drift reads '>', a p-value '<' (the catalogue says which).
    if (e === 'drift')
      for (const [way, op, value, what] of [['high', '>', '0.2', 'larger with drift'], ['low', '<', '0.05', 'a p-value, smaller with drift']] as const) {
        const stats = STATISTICS.filter((k) => DRIFT_STATISTIC_INFO[k].drifted === way);
        if (stats.length) items.push(snippet('drift', `drift \${1:target} \${2|${stats.join(',')}|} ${op} \${3:${value}}`, CompletionItemKind.Keyword, `drift check (${what}: ${stats.join(', ')})`));
      }
  }
  for (const nested of spec.nested ?? []) items.push(snippet(nested, `${nested} {\n  $0\n}`, CompletionItemKind.Module, `${nested} block`, BLOCKS[nested]?.doc));
  return items;
}

function attributeValueItems(block: OpenBlock, parent: OpenBlock | undefined, attribute: string, a: DocAnalysis | undefined, at?: string): CompletionItem[] {
  if (block.kind === 'defaults' && parent?.kind === 'serve') return [];
  const spec = BLOCKS[block.kind]?.attributes.find((s) => s.name === attribute);
  if (!spec) return [];
  const b = a?.binding;
  const values = (names: string[], kind: CompletionItemKind, detail: string) => names.map((n) => ({ label: n, kind, detail }));
  switch (spec.kind) {
    case 'keyword':
      return values(spec.values ?? (attribute === 'compare_to' ? STAGES : []), CompletionItemKind.EnumMember, `${attribute} value`);
    case 'bool':
      return values(['true', 'false'], CompletionItemKind.Keyword, 'boolean');
    case 'model':
      return values(b ? [...b.models.keys()] : [], CompletionItemKind.Class, 'model');
    case 'servedModel': {
      // After `name@`: every stage the checker takes (a version number is typed: the server does not read the registry).
      if (at !== undefined) return STAGES.map((s) => ({ label: s, kind: CompletionItemKind.EnumMember, detail: `the version of ${at} at stage ${s}` }));
      const regs = b ? [...b.registered.keys()] : [];
      // With the name, the stages a version is registered at ('archived' is where versions retire: after `@` only).
      return [
        ...values(regs, CompletionItemKind.Class, 'registered model'),
        ...regs.flatMap((r) => REGISTER_STAGES.map((s) => ({ label: `${r}@${s}`, kind: CompletionItemKind.Class, detail: `registered model at stage ${s}` }))),
      ];
    }
    case 'column':
      if (!a || !block.name) return [];
      // `time = ` names a column read as times (a text column is not, wherever the time is read).
      if (attribute === 'time') return timeColumnItems(a, block.name);
      // `target = ` names the target; `key`, `time` and the rest never should.
      return columnItems(a, block.name, attribute === 'target');
    case 'primaryColumn':
      return a?.binding.primary ? columnItems(a, a.binding.primary.name) : [];
    default:
      return [];
  }
}

/** The served model's request columns (`servedRequestFields`); undefined when nothing is served or no plan can be made. */
function requestColumns(a: DocAnalysis): string[] | undefined {
  try {
    return servedRequestFields(a.binding)?.map((f) => f.column);
  } catch (e) {
    if (isRefusal(e)) return undefined;
    throw e;
  }
}

/**
 * The columns of a table a pipeline can name: a header that is not a name ('Monthly Charges')
 * would be inserted as text that does not parse (the check says why it cannot be used).
 */
function nameableColumns(a: DocAnalysis, table: TableSymbol | undefined): ColumnInfo[] {
  return (tableColumns(a, table) ?? []).filter((c) => isIdentifier(c.name));
}

/** A table's columns, the target left out unless asked for (a feature reading it is target leakage). */
function columnItems(a: DocAnalysis | undefined, table: string, withTarget = false): CompletionItem[] {
  if (!a) return [];
  const t = a.binding.tables.get(table);
  const info = tableData(a, t);
  const cols = nameableColumns(a, t).filter((c) => withTarget || c.name !== t?.target);
  return cols.map((c) => ({
    label: c.name,
    kind: CompletionItemKind.Field,
    detail: `${c.type ?? 'empty'} column of ${table}`,
    documentation: info ? `missing: ${missingShare(info, c)}${info.sampled ? ' (sampled)' : ''}` : undefined,
  }));
}

/** A table that is not the primary one: read only through a window's first argument. */
const isHistory = (a: DocAnalysis | undefined, table: string) => {
  const b = a?.binding;
  return !!b?.primary && b.tables.has(table) && b.primary.name !== table;
};

/**
 * In a feature expression: inside a transform's arguments, what the argument under the cursor
 * takes (the catalogue's kind: an expression, a history table's column, a primary column, `train`
 * or `all`, nothing for a literal) and, once the required positional arguments are written, the
 * named arguments not given yet; a literal list takes nothing. Elsewhere every transform, feature
 * and primary column. A history table's columns only where a window reads them.
 */
function featureExprItems(site: Extract<Site, { kind: 'featureExpr' }>, a: DocAnalysis | undefined): CompletionItem[] {
  if (site.inList) return [];
  const spec = site.call ? catalogueEntry(site.call.name)?.spec : undefined;
  if (!site.call || !spec) {
    if (site.table) return isHistory(a, site.table) ? [] : columnItems(a, site.table);
    return expressionItems(a, site.feature);
  }
  const call = site.call;
  const active = activeArgument(spec, call);
  const arg = active >= 0 ? spec.args[active] : undefined;
  // The argument's value is being typed: after `name =`, or at its own position.
  const addressed = arg && (call.named !== undefined || arg.position === call.index) ? arg : undefined;
  if (site.table) {
    const history = isHistory(a, site.table);
    if (addressed?.kind === 'primaryColumn') return history ? [] : timeColumnItems(a, site.table);
    const fits = addressed?.kind === 'historyColumn' ? history : addressed?.kind === 'expr' ? !history : false;
    return fits ? columnItems(a, site.table) : [];
  }
  const items: CompletionItem[] = [];
  switch (addressed?.kind) {
    case 'expr':
      items.push(...expressionItems(a, site.feature));
      break;
    case 'historyColumn':
      for (const t of a?.binding.tables.keys() ?? []) if (isHistory(a, t)) items.push({ label: t, kind: CompletionItemKind.Module, detail: 'history table', commitCharacters: ['.'] });
      break;
    case 'primaryColumn':
      if (a?.binding.primary) items.push(...timeColumnItems(a, a.binding.primary.name));
      break;
    case 'fit':
      items.push(...FIT_SCOPES.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember, detail: `${addressed.name} value` })));
      break;
    default:
      // A literal (a number, a duration, a list): typed, not chosen.
      break;
  }
  if (call.named === undefined) {
    const positional = spec.args.filter((x) => x.required && x.position !== undefined).map((x) => x.position!);
    // Given: named before the cursor, or positional before it. An argument of another 'exactly
    // one of' set than a given one is not offered (n after edges), nor one taken only with it
    // ('with': fit goes with n), as the check would refuse either.
    // Positional arguments come first, so those before the cursor are its commas less the named ones.
    const positionalGiven = call.index - (call.given?.length ?? 0);
    const given = (name: string) => call.given?.includes(name) || (spec.args.find((x) => x.name === name)?.position ?? Infinity) < positionalGiven;
    const chosen = spec.oneOf?.find((set) => set.every(given));
    const excluded = (name: string) => chosen !== undefined && !chosen.includes(name) && spec.oneOf!.some((set) => set.includes(name));
    if (call.index > Math.max(-1, ...positional))
      for (const x of spec.args)
        if (x.position === undefined && !call.given?.includes(x.name) && !excluded(x.name) && !(x.with !== undefined && excluded(x.with)))
          items.push({ ...snippet(`${x.name} =`, `${x.name} = \${1}`, CompletionItemKind.Property, `argument of ${spec.name}`, x.doc), sortText: '0' + x.name });
  }
  return items;
}

/** A table's columns that can be read as times (`as_of`): a text column that is not dates is the check's invalid-value there. */
function timeColumnItems(a: DocAnalysis | undefined, table: string): CompletionItem[] {
  const t = a?.binding.tables.get(table);
  const info = a ? tableData(a, t) : undefined;
  if (!a || !info) return columnItems(a, table);
  const times = new Set(nameableColumns(a, t).filter((c) => c.type !== 'string' || columnSummary(info, t, c).kind === 'time').map((c) => c.name));
  return columnItems(a, table).filter((i) => times.has(i.label));
}

function expressionItems(a: DocAnalysis | undefined, defining?: string): CompletionItem[] {
  const items: CompletionItem[] = Object.values(TRANSFORMS).map((t) => ({
    ...snippet(t.name, t.snippet, CompletionItemKind.Function, t.signature, t.doc + (t.fitted ? '\n\n*Fitted on the training split.*' : '')),
    sortText: '2' + t.name,
  }));
  if (!a) return items;
  const b = a.binding;
  // Not the feature being defined: it would read itself (a feature-cycle).
  for (const f of b.features.keys()) if (f !== defining) items.push({ label: f, kind: CompletionItemKind.Variable, detail: 'feature', sortText: '0' + f });
  // A history table is read only by a window's first argument, which offers it; here its columns would be history-outside-window.
  for (const t of b.tables.keys()) if (!isHistory(a, t)) items.push({ label: t, kind: CompletionItemKind.Module, detail: 'table', commitCharacters: ['.'], sortText: '3' + t });
  for (const c of nameableColumns(a, b.primary))
    if (!b.features.has(c.name) && c.name !== b.primary!.target) items.push({ label: c.name, kind: CompletionItemKind.Field, detail: `${c.type ?? 'empty'} column of ${b.primary!.name}`, sortText: '1' + c.name });
  return items;
}
