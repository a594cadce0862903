import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkDocument, type DocumentAnalysis } from '../backend/check/checkDocument.js';
import type { DataInspector } from '../backend/data/inspect.js';
import type { VerdictStore } from '../mlpipe/checker/verdicts.js';
import { CheckMemo } from '../mlpipe/checker/memo.js';
import { analyze } from '../mlpipe/index.js';
import { reparse } from '../mlpipe/syntax/incremental.js';
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
}

/**
 * One analysis per document version, shared by diagnostics and every request on that version,
 * so a burst of hovers and completions costs one check. `latest` answers without waiting (for
 * completion, where a result one keystroke old is good enough for names and columns).
 */
export class Analyses {
  private readonly byUri = new Map<string, { version: number; result: Promise<DocAnalysis>; done?: DocAnalysis }>();
  private readonly finished = new Map<string, DocAnalysis>();
  /** What each document's checks carry from one version to the next (compiled plans, history indexes). */
  private readonly memos = new Map<string, CheckMemo>();

  constructor(
    private readonly host: AnalysisHost,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** The analysis of the document's current version (computed once). */
  of(doc: TextDocument): Promise<DocAnalysis> {
    const hit = this.byUri.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.result;
    const entry: { version: number; result: Promise<DocAnalysis>; done?: DocAnalysis } = {
      version: doc.version,
      result: this.compute(doc),
    };
    entry.result.then((a) => {
      entry.done = a;
      const prev = this.finished.get(doc.uri);
      if (!prev || prev.version <= a.version) this.finished.set(doc.uri, a);
    }, () => undefined); // the caller gets the rejection through the returned promise
    this.byUri.set(doc.uri, entry);
    return entry.result;
  }

  /** The newest finished analysis of a document, whatever its version. */
  latest(uri: string): DocAnalysis | undefined {
    return this.finished.get(uri);
  }

  /** Drops cached results, e.g. after a data file changed on disk. */
  invalidate(uri?: string): void {
    if (uri === undefined) this.byUri.clear();
    else this.byUri.delete(uri);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.finished.delete(uri);
    this.memos.delete(uri);
  }

  /** Every finished analysis (for dependency tracking and workspace symbols). */
  all(): DocAnalysis[] {
    return [...this.finished.values()];
  }

  private async compute(doc: TextDocument): Promise<DocAnalysis> {
    const path = uriToPath(doc.uri);
    const text = doc.getText();
    // An edit re-parses only the statements it touched, from the newest tree of this document.
    const prev = this.finished.get(doc.uri);
    let parsed;
    try {
      parsed = prev ? reparse(prev.file, text).file : undefined;
    } catch (e) {
      this.log(`mlpipe: incremental parse of ${path} failed, parsing it whole: ${(e as Error).stack ?? e}`);
    }
    try {
      // A document's first complete check may find its verdicts stored (by 'mlpipe check' or an
      // earlier server), and stores what it computes; later checks keep theirs in the memo.
      let memo = this.memos.get(doc.uri);
      const verdicts = memo ? undefined : this.host.verdicts(path);
      if (!memo) this.memos.set(doc.uri, (memo = new CheckMemo()));
      const a = await checkDocument(path, text, this.host.inspector(), parsed, { memo, verdicts });
      return { ...a, uri: doc.uri, version: doc.version, path, text };
    } catch (e) {
      // The checker does not throw on any input; an I/O surprise must not cost the user the
      // syntax and name checks, so fall back to a check without data.
      this.log(`mlpipe: data-aware check of ${path} failed, checking without data: ${(e as Error).stack ?? e}`);
      return { ...analyze(text), data: new Map(), dependencies: [], uri: doc.uri, version: doc.version, path, text };
    }
  }
}
