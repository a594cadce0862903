/** A bad training request: names the setting (and the row and column for bad data). */
export class TrainInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly row?: number,
    readonly column?: number,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TrainInputError';
  }
}

/** A saved model that cannot be read back: names the file and what is wrong with it. */
export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ModelFileError';
  }
}

/**
 * Whether an error is an allocation the process was refused: a typed array or a WebAssembly
 * memory larger than the memory left (or than `ulimit -v` allows). V8 throws these as
 * RangeErrors the process survives, unlike a full JavaScript heap.
 */
export function isAllocationFailure(e: unknown): boolean {
  return e instanceof RangeError && /Array buffer allocation failed|could not allocate memory|Out of memory/i.test(e.message);
}
