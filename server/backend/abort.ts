/**
 * An interrupt (Ctrl-C, SIGTERM, the editor's Cancel) travels as an AbortSignal and comes back
 * as an error named 'AbortError', whoever threw it: the training loop, a step between stages,
 * a file read or hash that stopped early. Readers that turn errors into messages ('cannot be
 * read', an unreadable source) let this one pass, or an interrupted run read as bad data.
 */
export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** An AbortError saying where the work stopped, as a run records it ('interrupted while loading …'). */
export function interrupted(where: string): Error {
  const e = new Error(`interrupted ${where}`);
  e.name = 'AbortError';
  return e;
}

/**
 * An interrupt that came before a run was created (while its data was checked): the caller
 * says nothing was recorded rather than 'the run is recorded as interrupted'.
 */
export function beforeRun(e: Error): Error {
  return Object.assign(e, { beforeRun: true });
}

export function cameBeforeRun(e: unknown): boolean {
  return (e as { beforeRun?: unknown }).beforeRun === true;
}
