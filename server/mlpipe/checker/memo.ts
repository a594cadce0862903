import type { FeaturePlan, HistoryIndex } from '../features/index.js';
import type { Statement } from '../syntax/ast.js';
import { Carried } from './carried.js';
import { FeatureResults } from './featureResults.js';
import type { SplitVerdict, Verdict } from './verdicts.js';

/**
 * What the language server keeps between the checks of one open document (the checker itself
 * stays pure: the caller owns this and passes it in through the host). Keyed by text and
 * content hashes, never by offsets or object identity, so a stale entry is never found.
 */
export class CheckMemo {
  /** Each model's compiled plan (null: the compiler refused it), by the texts it was compiled from. */
  readonly plans = new Carried<FeaturePlan | null>();
  /** History indexes, by the history tables' content hashes and what the windows aggregate. */
  readonly histories = new Carried<HistoryIndex>();
  /** Missing-every-row verdicts, by everything they depend on (`verdictKey`). */
  readonly verdicts = new Carried<Verdict | null>();
  /**
   * Verdicts over the engine's split (`keptSplitVerdict`), by question and everything they depend
   * on: a split of a large table by a key costs hundreds of ms, and nine trial seeds of one on
   * every keystroke would make typing wait.
   */
  readonly splitVerdicts = new Carried<SplitVerdict>();
  /** The walker's diagnostics of each feature, by the texts its rules read. */
  readonly features = new FeatureResults((s, text) => this.statementTextId(s, text));
  /** A small id per distinct text (a feature's expression), never reused: keys name texts by it. */
  private readonly texts = new Carried<number>();
  private nextText = 1;
  /**
   * Each statement's text id, kept on the statement: one that an edit only moved is the same
   * object with the same text (`reparse` moves it in place), so it is not sliced and hashed again.
   */
  private readonly statementIds = new WeakMap<Statement, number>();

  textId(text: string): number {
    let id = this.texts.get(text);
    if (id === undefined) this.texts.set(text, (id = this.nextText++));
    return id;
  }

  /** The id of a statement's text (`text` is the text of the file it was parsed from). */
  statementTextId(s: Statement, text: string): number {
    let id = this.statementIds.get(s);
    if (id === undefined) this.statementIds.set(s, (id = this.textId(text.slice(s.start, s.end))));
    return id;
  }

  /** Called by the checker when a check ends. */
  endCheck(): void {
    this.plans.sweep();
    this.histories.sweep();
    this.verdicts.sweep();
    this.splitVerdicts.sweep();
    this.texts.sweep();
    this.features.end();
  }
}
