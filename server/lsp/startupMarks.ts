/**
 * Where a language server's own start goes, from the process's beginning to its first complete
 * diagnostics: the marks are `performance.now()`, which Node counts from the process's start, so
 * node's own start-up is the first mark. Logged once, after the first complete publish, with the
 * process's start as a wall-clock time so it lines up with the client's timeline and with CPU
 * samples of the other processes (issue 10: the same server took 3-5x longer in code-server).
 * Pure: the caller takes the marks and logs the line.
 */
export const STARTUP_STEPS = [
  /** The entry (dist/server.js) runs: node itself has started. */
  'entry',
  /** The server's bundle (dist/serverMain.js) is loaded and compiled. */
  'loaded',
  'initialize',
  'initialized',
  /** The first document arrived. */
  'didOpen',
  /** The first diagnostics went out (a first check's syntax and rules). */
  'firstPublish',
  /** The first complete (data-aware) diagnostics went out. */
  'complete',
] as const;

export type StartupStep = (typeof STARTUP_STEPS)[number];

const WORDS: Record<StartupStep, string> = {
  entry: 'node ready',
  loaded: 'server loaded',
  initialize: 'initialize received',
  initialized: 'initialized',
  didOpen: 'didOpen received',
  firstPublish: 'first publish',
  complete: 'complete publish',
};

export class StartupMarks {
  private readonly at = new Map<StartupStep, number>();

  constructor(
    /** Milliseconds since the process began; `performance.now` in a server. */
    private readonly now: () => number = () => performance.now(),
    /** The process's start as epoch milliseconds. */
    readonly origin: number = performance.timeOrigin,
  ) {}

  /** The first time only: a later document's open or publish is not the start's. */
  mark(step: StartupStep, at = this.now()): void {
    if (!this.at.has(step)) this.at.set(step, at);
  }

  get(step: StartupStep): number | undefined {
    return this.at.get(step);
  }

  /** One line: each step's time since the process began, in order, steps not taken left out. */
  describe(): string {
    const parts = STARTUP_STEPS.filter((s) => this.at.has(s)).map((s) => `${WORDS[s]} ${Math.round(this.at.get(s)!)}`);
    return `mlpipe: start-up, ms since the process began at ${new Date(this.origin).toISOString()}: ${parts.join(', ')}`;
  }
}
