/**
 * The one error type for bad data: it always says where (file, 1-based line, column name)
 * so a user can open the file and find the cell.
 */
export interface DataLocation {
  /** Path as the user wrote it or as it was opened. */
  file: string;
  /** 1-based line where the offending record starts (the header is line 1). */
  line?: number;
  /** Column name, when the problem is one cell or one column. */
  column?: string;
}

export class DataError extends Error implements DataLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: string;

  /** The message is `<file>, line <n>, column <c>: <problem>` unless `message` is given whole. */
  constructor(where: DataLocation, problem: string, message?: string) {
    super(message ?? `${describeLocation(where)}: ${problem}`);
    this.name = 'DataError';
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

/** The message less its leading file name (`line 3: …`), for a reader that names the file itself. */
export function withoutFile(e: DataError): string {
  // `<file>, line …` or `<file>: …`; a message given whole that does not start with the file is kept.
  const head = e.message.slice(0, e.file.length + 2);
  return head === `${e.file}, ` || head === `${e.file}: ` ? e.message.slice(e.file.length + 2) : e.message;
}

export function describeLocation(where: DataLocation): string {
  let text = where.file;
  if (where.line !== undefined) text += `, line ${where.line}`;
  if (where.column !== undefined) text += `, column ${where.column}`;
  return text;
}
