import { bareName, type Binding, type ModelSymbol, type TableSymbol } from '../binder.js';
import type { ColumnInfo, DataInfo } from '../data/info.js';
import { inferTask, wholeNumbersWithDecimalPoint, type Task } from '../language/task.js';
import { CODES, type Code, type Diagnostic, type FixData } from '../diagnostics.js';
import type { Block, Span, SourceFile } from '../syntax/ast.js';
import type { LineMap } from '../syntax/lineMap.js';
import { servedModel } from '../served.js';
import type { FeatureEntries } from './featureResults.js';
import type { CheckHost } from './host.js';
import { Suggester } from './suggest.js';
import { clipText } from '../clipText.js';

export type { Task };

export interface PendingDiagnostic extends Diagnostic {
  phase: number;
}

/** What rules see: the file, its binding, the data the host knows of, and `report`. */
export class CheckContext {
  readonly diagnostics: PendingDiagnostic[] = [];
  phase = 0;
  /** The memo's entry of each top-level feature whose inputs can be named (`FeatureResults.begin`), once the walk starts. */
  featureEntries?: FeatureEntries;
  private readonly dataCache = new Map<string, DataInfo | undefined>();
  /** Columns by name per header, so a lookup does not scan a wide header. */
  private readonly columnIndex = new Map<ColumnInfo[], Map<string, ColumnInfo>>();
  private readonly tableColumns = new Map<TableSymbol, Map<string, ColumnInfo> | null>();
  private inferred?: { task: Task | undefined };
  private allTasks?: Set<Task | undefined>;
  private readonly suggesters = new Map<string, Suggester>();
  private readonly paddedNames = new Map<string, Map<string, string>>();
  private readonly listings = new Map<string, string>();
  private readonly folders = new Map<string, readonly string[]>();

  constructor(
    readonly file: SourceFile,
    readonly binding: Binding,
    readonly lines: LineMap,
    readonly host: CheckHost,
  ) {}

  report(code: Code, span: Span, message: string, data?: FixData): void {
    this.diagnostics.push({
      code,
      severity: CODES[code],
      message: clipText(message),
      start: span.start,
      end: span.end,
      range: this.lines.range(span.start, span.end),
      data,
      phase: this.phase,
    });
  }

  /** The span of a block's header line (`data customers {`), where block-level problems go. */
  header(block: Block): Span {
    return { start: block.type.start, end: block.open + 1 };
  }

  /** The `pipeline NAME` line, where file-level problems go. */
  fileSpan(): Span {
    const p = this.file.pipeline;
    if (p) return { start: p.start, end: p.end };
    return { start: 0, end: Math.min(this.lines.lineEnd(0), this.file.text.length) };
  }

  /** What the host knows of a table's source, whatever its status. */
  dataInfo(table: TableSymbol): DataInfo | undefined {
    if (table.source === undefined || !this.host.data) return undefined;
    if (!this.dataCache.has(table.source)) this.dataCache.set(table.source, this.host.data(table.source));
    return this.dataCache.get(table.source);
  }

  /** The host's file names in a folder as written (sorted: suggestions must not depend on the listing's order), listed once per check; none when it cannot list. */
  filesIn(folder: string): readonly string[] {
    let names = this.folders.get(folder);
    if (!names) this.folders.set(folder, (names = [...(this.host.files?.(folder) ?? [])].sort()));
    return names;
  }

  /** Data of a table that was read (status `ok`). */
  readData(table: TableSymbol): DataInfo | undefined {
    const d = this.dataInfo(table);
    return d && d.status === 'ok' ? d : undefined;
  }

  /** The table's columns when its header is known, else undefined (columns are then not validated). */
  columns(table: TableSymbol): ColumnInfo[] | undefined {
    return this.readData(table)?.columns;
  }

  column(table: TableSymbol, name: string): ColumnInfo | undefined {
    return this.columnsByName(table)?.get(name);
  }

  /**
   * A table's columns by name, null when its header is unknown: one look-up by table, where
   * finding the data (a look-up by source), its columns and their index took three. Asked for
   * every column name of every feature on each check.
   */
  private columnsByName(table: TableSymbol): Map<string, ColumnInfo> | null {
    let byTable = this.tableColumns.get(table);
    if (byTable === undefined) {
      const cols = this.columns(table);
      byTable = cols ? this.indexOf(cols) : null;
      this.tableColumns.set(table, byTable);
    }
    return byTable;
  }

  private indexOf(cols: ColumnInfo[]): Map<string, ColumnInfo> {
    let index = this.columnIndex.get(cols);
    if (!index) {
      index = new Map();
      // The first column of a name wins, as a scan in header order would find it.
      for (const c of cols) if (!index.has(c.name)) index.set(c.name, c);
      this.columnIndex.set(cols, index);
    }
    return index;
  }

  /**
   * Whether a column's numeric type (or none: no value) is only its sample's: in a sampled file
   * (larger than the checker reads whole) one text cell past the sample makes the whole column
   * text, as the engine reads it. A text type is certain (a text cell stays text); a numeric one
   * is not, so errors that need the column to be numbers (a string fill, a serve default of
   * text, 'one_hot' of a column with no value) are not reported from a sample: they would refuse
   * a run that the engine can train (a postal code column of digits for the first million rows,
   * then 'K1A 0B1'). The engine refuses the first two itself when the whole file is numbers.
   */
  numericOnlyInSample(table: TableSymbol, name: string): boolean {
    const data = this.readData(table);
    const col = this.column(table, name);
    return data?.sampled === true && col?.whole !== true && col?.type !== 'string';
  }

  /**
   * A column's cells as canonical keys: over every row where the inspector read it whole (a
   * sampled file's key, time and target: `DataInfo.wholeFile`), else over the rows read.
   */
  cells(table: TableSymbol, column: string): ReadonlyArray<string | null> | undefined {
    const data = this.readData(table);
    return data?.wholeFile?.values(column) ?? data?.values?.(column);
  }

  /** Whether `name` may be a column of `table`: true when it is, or when the columns are unknown. */
  mayBeColumn(table: TableSymbol, name: string): boolean {
    const byName = this.columnsByName(table);
    return byName === null || byName.has(name);
  }

  /**
   * The candidate closest to a misspelt `name`, or the one it is a rename of (`Suggester.suggest`). `key` names the candidate
   * set, which is built once per check however many names are looked up in it, and indexed once
   * for as long as it stays the same (`Suggester.of`).
   */
  closest(key: string, candidates: () => Iterable<string>, name: string): string | undefined {
    return this.suggester(key, candidates).suggest(name);
  }

  private suggester(key: string, candidates: () => Iterable<string>): Suggester {
    let s = this.suggesters.get(key);
    if (!s) this.suggesters.set(key, (s = Suggester.of(key, candidates())));
    return s;
  }

  /**
   * "Did you mean" for a misspelt word of set `key`: the sentence to end a message with ('' when
   * no candidate is close) and the quick fix that writes the candidate over the word.
   */
  didYouMean(key: string, candidates: () => Iterable<string>, name: string): { suffix: string; fix?: FixData } {
    return suggestion(this.closest(key, candidates, name));
  }

  /** `didYouMean` for a word of a small closed set (`Suggester.suggestWord`: `prod` for `production` too). */
  didYouMeanWord(key: string, words: readonly string[], name: string): { suffix: string; fix?: FixData } {
    return suggestion(this.suggester(key, () => words).suggestWord(name));
  }

  /**
   * The candidate of set `key` that is `name` with spaces around it ('x ', as spreadsheet exports
   * leave headers), or characters that print as nothing (a second byte-order mark, a zero-width
   * space: `trimInvisible`), if any. The set's padded names are indexed once per check: a file with
   * thousands of unknown names looks each up in constant time.
   */
  padded(key: string, candidates: () => Iterable<string>, name: string): string | undefined {
    let index = this.paddedNames.get(key);
    if (!index) {
      index = new Map();
      for (const n of candidates()) {
        const t = trimInvisible(n);
        if (t !== n && !index.has(t)) index.set(t, n);
      }
      this.paddedNames.set(key, index);
    }
    return index.get(name);
  }

  /**
   * What candidate set `key` holds, as the sentence an unknown name's message ends with when no
   * candidate is close: made once per check. A generated file with thousands of unknown names
   * listed the same table's columns and the same first features in every message.
   */
  listing(key: string, make: () => string): string {
    let text = this.listings.get(key);
    if (text === undefined) this.listings.set(key, (text = make()));
    return text;
  }

  singleton(kind: string): Block | undefined {
    return this.binding.blocks.get(kind)?.[0];
  }

  /** The task a model learns: its `task`, else inferred from the primary table's target. */
  task(model?: ModelSymbol): Task | undefined {
    const explicit = model ? bareName(model.attrs.get('task')?.value)?.name : undefined;
    if (explicit === 'classification' || explicit === 'regression') return explicit;
    return this.inferredTask();
  }

  /** A target with at most 10 distinct integer values means classification, else regression. */
  inferredTask(): Task | undefined {
    return (this.inferred ??= { task: this.inferTask() }).task;
  }

  /**
   * The primary table's target is a few whole numbers written with a decimal point (`1.0`):
   * regression by the spec's rule, and a classification when a model says `task =
   * classification` (`wholeNumbersWithDecimalPoint`). Messages that report its inferred task say
   * so and offer that fix.
   */
  targetWholeWithDecimalPoint(): boolean {
    const p = this.binding.primary;
    if (!p?.target) return false;
    const col = this.column(p, p.target);
    return wholeNumbersWithDecimalPoint(col?.type, col?.distinct, this.cells(p, p.target));
  }

  private inferTask(): Task | undefined {
    const p = this.binding.primary;
    if (!p?.target) return undefined;
    const col = this.column(p, p.target);
    // Numbers with a stray text cell ('yes' among 0/1): the task the file means is unknown until
    // the cell is fixed (target-task names it), so no gate is judged by the task text would give.
    if (!col || col.type === undefined || col.strays) return undefined;
    // Labels ('billing', 'yes'): the spec's rule says regression, which the engine refuses for
    // text (target-task says to set 'task'), so no gate is judged by that task either.
    if (col.type === 'string') return undefined;
    return inferTask(col.type, col.distinct);
  }

  /** The tasks of every model (the inferred task when there is no model), computed once per check. */
  modelTasks(): ReadonlySet<Task | undefined> {
    if (!this.allTasks) {
      const models = [...this.binding.models.values()];
      this.allTasks = new Set(models.length ? models.map((m) => this.task(m)) : [this.inferredTask()]);
    }
    return this.allTasks;
  }

  /** The model that `serve` serves, through `register … { from = … }` when it names a registered model. */
  servedModel(): ModelSymbol | undefined {
    return servedModel(this.binding);
  }
}

/** The sentence ending a message that suggests `near` ('' when there is none), and the quick fix writing it. */
export function suggestion(near: string | undefined): { suffix: string; fix?: FixData } {
  return near === undefined ? { suffix: '' } : { suffix: `. Did you mean '${near}'?`, fix: { fix: 'did-you-mean', name: near } };
}

/**
 * Characters around a header name that print as nothing: a byte-order mark that is not the
 * file's first (a file saved twice with one, or two joined), zero-width spaces and joiners, a
 * word joiner. `trim` removes the mark but not the others.
 */
const INVISIBLE_EDGES = /^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$/g;

/** `s` without spaces or invisible characters at either end. */
export function trimInvisible(s: string): string {
  return s.replace(INVISIBLE_EDGES, '');
}

/**
 * What pads a header name (`padded` is `name` with spaces or invisible characters around it) and
 * the remedy, in words after "with": spaces show in a terminal, the others do not, so they are
 * named by code point.
 */
export function paddingWords(padded: string, name: string): string {
  const at = padded.indexOf(name);
  const around = [...(padded.slice(0, at) + padded.slice(at + name.length))];
  const unseen = [...new Set(around.filter((c) => !/\s/.test(c) || c === '\ufeff'))];
  if (unseen.length === 0) return 'spaces around the name: remove them in the data';
  const named = unseen.map((c) => INVISIBLE_NAMES[c] ?? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  if (unseen.length < around.length) named.unshift('spaces');
  const one = around.length === 1;
  return `${named.join(' and ')} ${one ? 'beside' : 'around'} the name (${unseen.length === 1 ? 'it prints' : 'they print'} as nothing): remove ${one ? 'it' : 'them'} in the data`;
}

const INVISIBLE_NAMES: Readonly<Record<string, string>> = {
  '\ufeff': 'a byte-order mark (U+FEFF: the file starts with two, or was joined to another that has one)',
  '\u200b': 'a zero-width space (U+200B)',
  '\u200c': 'a zero-width non-joiner (U+200C)',
  '\u200d': 'a zero-width joiner (U+200D)',
  '\u2060': 'a word joiner (U+2060)',
};
