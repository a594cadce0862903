import { DataError } from './errors.js';

/** A header names every column once: no empty name, no name twice. */
export function validateHeader(header: ReadonlyArray<string>, file: string): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name.length === 0) throw new DataError({ file, line: 1 }, `header field ${i + 1} is empty: every column needs a name`);
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError({ file, line: 1, column: name }, `duplicate column name '${name}' (header fields ${first + 1} and ${i + 1})`);
    }
    seen.set(name, i);
  });
}
