/** An error in what the user asked to serve (their file, model or log): reported as one line, not as a bug. */
export class ServeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServeError';
  }
}
