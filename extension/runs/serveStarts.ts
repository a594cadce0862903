/**
 * Model servers this window is starting: between `serve/start` and its answer the backend loads
 * the model and the history tables (seconds on big data), and until then the `▶ Serve` lens
 * showed nothing had happened. Pure (no vscode): the lens and the progress read it.
 */
export class ServeStarts {
  private readonly files = new Set<string>();

  /** `changed`: the set changed (a start began or ended), for the lenses to follow. */
  constructor(private readonly changed: () => void) {}

  isStarting(file: string): boolean {
    return this.files.has(file);
  }

  /** Runs one start of `file`'s server, marked as starting until it listens or fails. */
  async track<T>(file: string, start: () => Promise<T>): Promise<T> {
    this.files.add(file);
    this.changed();
    try {
      return await start();
    } finally {
      this.files.delete(file);
      this.changed();
    }
  }
}
