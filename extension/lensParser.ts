/**
 * The parser's bundle (dist/lensBlocks.js), loaded once, on first use: by the CodeLens, and by
 * Train when it must know a file's models. Required, not imported: the extension's bundle runs
 * as a script compiled through V8's code cache (codeCache.ts), and such a script has no dynamic
 * import.
 */
let loaded: typeof import('./lensBlocks.js') | undefined;

export function lensParser(): typeof import('./lensBlocks.js') {
  return (loaded ??= require('./lensBlocks.js') as typeof import('./lensBlocks.js'));
}
