import { DataError } from './errors.js';

/** A header names every column once: no empty name, no name twice (and it ends its line). */
export function validateHeader(header: ReadonlyArray<string>, file: string): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    // A file whose lines end in CR alone (classic Mac OS) reads as one record: say so, rather
    // than report the empty or duplicate names that one long "header" happens to hold.
    if (name.includes('\r')) throw new DataError({ file, line: 1 }, 'lines end in a carriage return alone (classic Mac OS): save the file with LF or CRLF line ends');
    if (name.length === 0) throw new DataError({ file, line: 1 }, `header field ${i + 1} is empty: every column needs a name`);
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError({ file, line: 1, column: name }, `duplicate column name '${name}' (header fields ${first + 1} and ${i + 1})`);
    }
    seen.set(name, i);
  });
}
