/**
 * The lines `mlpipe serve` prints when its prediction log stops taking predictions, and when it
 * takes them again. A full disk (or a lock held past the busy timeout) drops every write, and the
 * server goes on answering, as it should; but only `/health` and the metrics said so, and a
 * terminal's server stayed silent while no prediction reached drift monitoring. One line when
 * dropping starts (with the log's reason), one when writes succeed again (with the count lost).
 */
export class LogLines {
  private written = 0;
  private dropped = 0;
  /** The dropped count when dropping began, while it lasts. */
  private droppingFrom: number | null = null;

  constructor(private readonly write: (line: string) => void) {}

  /**
   * The log's counters after a flush: predictions written, and those its writes failed to store
   * (not a full queue's: under a burst that overflows it, a line per burst would flood the terminal).
   */
  seen(written: number, dropped: number, lastError: string | null): void {
    const newlyDropped = dropped > this.dropped;
    const newlyWritten = written > this.written;
    if (newlyDropped && this.droppingFrom === null) {
      this.droppingFrom = this.dropped;
      this.write(`log  predictions are answered but not logged: ${lastError ?? 'the log refused a write'}`);
    } else if (newlyWritten && !newlyDropped && this.droppingFrom !== null) {
      this.write(`log  writing predictions again (${dropped - this.droppingFrom} not logged)`);
      this.droppingFrom = null;
    }
    this.written = written;
    this.dropped = dropped;
  }
}
