import type { DataInfo } from '../data/info.js';
import type { CheckMemo } from './memo.js';
import type { SplitVerdictStore, TimeVerdictStore, VerdictStore } from './verdicts.js';

/**
 * What the checker may ask of the outside world. The checker does no I/O: the language
 * server and the CLI read files, hash them and pass the results in through this interface.
 * A host without `data` makes a syntax-and-names-only check (no data-aware diagnostics).
 */
export interface CheckHost {
  /** What is known of a `source` as written in the file (the host resolves it against the file's folder). */
  data?(source: string): DataInfo | undefined;
  /** Whether a path as written in the file (relative to it) names an existing file. */
  fileExists?(path: string): boolean;
  /**
   * The names of the files (not folders) in a folder as written in the file ('' is the file's
   * own folder; the host resolves it as it does a path), undefined when it cannot be listed.
   */
  files?(folder: string): readonly string[] | undefined;
  /** What the checks of one document carry from version to version (the language server holds one per document). */
  memo?: CheckMemo;
  /** Missing-every-row verdicts kept between processes. */
  verdicts?: VerdictStore;
  /** Time-column verdicts kept between processes, so a fresh process need not read every time cell again. */
  timeVerdicts?: TimeVerdictStore;
  /** Verdicts over the engine's split kept between processes: a fresh process need not read the primary table's cells for them. */
  splitVerdicts?: SplitVerdictStore;
}
