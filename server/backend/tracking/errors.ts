/** A tracking call the store refuses: unknown run, finished run, malformed input. */
export class TrackingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackingError';
  }
}

/**
 * The store cannot be used at all: its folder cannot be made, or its file is not SQLite, not
 * mlpipe's, unreadable or damaged. Callers report it as an I/O error; the file is left as it was.
 */
export class StoreUnusableError extends TrackingError {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnusableError';
  }
}

/**
 * The store is there but this user (or a read-only mount) may not write it or its folder. A
 * command that only reads opens it read-only instead (`OpenStoreOptions.readOnly`).
 */
export class StoreNotWritableError extends StoreUnusableError {
  // Named as its parent: callers (the CLI's exit codes, the backend's replies) match the name.
}
