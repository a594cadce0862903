import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceFile } from '../mlpipe/syntax/ast.js';
import { checkDocument, type DocumentAnalysis } from '../backend/check/checkDocument.js';
import type { DataInspector } from '../backend/data/inspect.js';
import type { SplitVerdictStore, TimeVerdictStore, VerdictStore } from '../mlpipe/checker/verdicts.js';
import { CheckMemo } from '../mlpipe/checker/memo.js';
import { analyze } from '../mlpipe/index.js';
import { isConsumed, reparse } from '../mlpipe/syntax/incremental.js';
import { uriToPath } from './paths.js';

export interface DocAnalysis extends DocumentAnalysis {
  uri: string;
  version: number;
  path: string;
  text: string;
}

/** What the complete checks read through, each asked for when a check first needs it. */
export interface AnalysisHost {
  inspector(): DataInspector;
  /** Missing-every-row verdicts stored between processes (by 'mlpipe check' or an earlier server) for the pipeline at `path`. */
  verdicts(path: string): VerdictStore;
  /** Time-column verdicts stored between processes, for the pipeline at `path`. */
  timeVerdicts?(path: string): TimeVerdictStore;
  splitVerdicts?(path: string): SplitVerdictStore;
  /** Where a document that names no path (`untitled:Untitled-1`) is taken to be: the first workspace folder. */
  baseFolder?(): string | undefined;
}

/**
 * One analysis per document version, shared by diagnostics and every request on that version,
 * so a burst of hovers and completions costs one check. `latest` answers without waiting (for
 * completion, where a result one keystroke old is good enough for names and columns).
 *
 * A new version is re-parsed from the newest finished analysis's tree, which that consumes
 * (`reparse` moves its statements into the new tree in place). So an analysis's tree is read
 * only while it is not consumed: `latest` and `all` skip a consumed one, and `use` runs a request
 * on the document's current analysis in the same turn as it checks that.
 */
export class Analyses {
  private readonly byUri = new Map<string, { version: number; text: string; result: Promise<DocAnalysis>; done?: DocAnalysis }>();
  private readonly finished = new Map<string, DocAnalysis>();
  /** What each document's checks carry from one version to the next (compiled plans, history indexes). */
  private readonly memos = new Map<string, CheckMemo>();
  /**
   * Trees a check is reading now. A re-check of the same text (after a data change) is handed the
   * finished tree itself; an edit meanwhile must not consume that tree under the running check.
   */
  private readonly reading = new Set<SourceFile>();
  /** Bumped by `forget`: a check of a document closed meanwhile keeps nothing. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly host: AnalysisHost,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /**
   * The analysis of the document's current version (computed once). Of its text too: a client
   * that sends a change under the same version (the protocol wants a higher one) was answered
   * from the text before it. The text is the document's own string, so the test is one compare.
   */
  of(doc: TextDocument): Promise<DocAnalysis> {
    const hit = this.byUri.get(doc.uri);
    if (hit && hit.version === doc.version && hit.text === doc.getText()) return hit.result;
    const entry: { version: number; text: string; result: Promise<DocAnalysis>; done?: DocAnalysis } = {
      version: doc.version,
      text: doc.getText(),
      result: this.compute(doc),
    };
    const generation = this.generation.get(doc.uri) ?? 0;
    entry.result.then((a) => {
      entry.done = a;
      // Closed during its check: kept, it would hold the closed text (tree, binding, data) until
      // the URI is opened again, and completion there would read its names.
      if ((this.generation.get(doc.uri) ?? 0) !== generation) return;
      const prev = this.finished.get(doc.uri);
      if (!prev || prev.version <= a.version) this.finished.set(doc.uri, a);
    }, () => undefined); // the caller gets the rejection through the returned promise
    this.byUri.set(doc.uri, entry);
    return entry.result;
  }

  /**
   * Runs `read` on the document's analysis (with `orLatest`, the newest finished one if there is
   * one, else the current version's). A request awaiting an analysis may resume after a newer
   * version's check has consumed its tree; the check and the read share one turn, so `read` never
   * sees a consumed tree (it gets the document's current analysis instead).
   */
  async use<R>(doc: TextDocument, read: (a: DocAnalysis) => R, orLatest = false): Promise<R> {
    const now = orLatest ? this.latest(doc.uri) : undefined;
    if (now) return read(now);
    for (;;) {
      const a = await this.of(doc);
      if (!isConsumed(a.file)) return read(a);
    }
  }

  /** The newest finished analysis of a document, whatever its version, unless its tree was consumed. */
  latest(uri: string): DocAnalysis | undefined {
    const a = this.finished.get(uri);
    return a && !isConsumed(a.file) ? a : undefined;
  }

  /** Drops cached results, e.g. after a data file changed on disk. */
  invalidate(uri?: string): void {
    if (uri === undefined) this.byUri.clear();
    else this.byUri.delete(uri);
  }

  forget(uri: string): void {
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.byUri.delete(uri);
    this.finished.delete(uri);
    this.memos.delete(uri);
  }

  /** Every finished analysis (for dependency tracking and workspace symbols). */
  all(): DocAnalysis[] {
    return [...this.finished.values()].filter((a) => !isConsumed(a.file));
  }

  private async compute(doc: TextDocument): Promise<DocAnalysis> {
    const path = uriToPath(doc.uri, this.host.baseFolder?.());
    // Read now: the document is updated in place by each edit, and the check awaits data.
    const { version } = doc;
    const text = doc.getText();
    // An edit re-parses only the statements it touched, from the newest finished tree of this
    // document, which that consumes (unless a check is still reading it: then a full parse).
    const prev = this.finished.get(doc.uri);
    let parsed: SourceFile | undefined;
    try {
      parsed = prev && !isConsumed(prev.file) && !this.reading.has(prev.file) ? reparse(prev.file, text).file : undefined;
    } catch (e) {
      this.log(`mlpipe: incremental parse of ${path} failed, parsing it whole: ${(e as Error).stack ?? e}`);
    }
    try {
      // A document's first complete check may find its verdicts stored (by 'mlpipe check' or an
      // earlier server), and stores what it computes; later checks keep theirs in the memo.
      let memo = this.memos.get(doc.uri);
      const verdicts = memo ? undefined : this.host.verdicts(path);
      const timeVerdicts = memo ? undefined : this.host.timeVerdicts?.(path);
      const splitVerdicts = memo ? undefined : this.host.splitVerdicts?.(path);
      if (!memo) this.memos.set(doc.uri, (memo = new CheckMemo()));
      if (parsed) this.reading.add(parsed);
      const a = await checkDocument(path, text, this.host.inspector(), parsed, { memo, verdicts, timeVerdicts, splitVerdicts });
      return { ...a, uri: doc.uri, version, path, text };
    } catch (e) {
      // The checker does not throw on any input; an I/O surprise must not cost the user the
      // syntax and name checks, so fall back to a check without data.
      this.log(`mlpipe: data-aware check of ${path} failed, checking without data: ${(e as Error).stack ?? e}`);
      return { ...analyze(text), data: new Map(), dependencies: [], uri: doc.uri, version, path, text };
    } finally {
      if (parsed) this.reading.delete(parsed);
    }
  }
}
