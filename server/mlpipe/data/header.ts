import { DataError } from './errors.js';

/**
 * A header names every column once: no empty name, no name twice (and it ends its line).
 * `fromText` is false for names that come as a list (a Parquet schema, a JSON request's
 * 'columns'), which have no line ends, bytes or separators for the CSV diagnoses to blame.
 */
export function validateHeader(header: ReadonlyArray<string>, file: string, fromText = true): void {
  const seen = new Map<string, number>();
  if (fromText) refuseNul(header, file, 1);
  // A list of names (a Parquet schema, a request's 'columns') has no lines: 'line 1' sent a
  // user looking for a header line in a binary file.
  const line = fromText ? 1 : undefined;
  header.forEach((name, i) => {
    // A file whose lines end in CR alone (classic Mac OS) reads as one record: say so, rather
    // than report the empty or duplicate names that one long "header" happens to hold.
    if (fromText && name.includes('\r')) {
      // The one CR at the end of the last name: the line ended CR CR LF, a CRLF file whose
      // line ends were converted again (a second unix2dos, git's autocrlf on a CRLF file).
      const doubled = i === header.length - 1 && name.indexOf('\r') === name.length - 1;
      throw new DataError({ file, line: 1 }, doubled ? CR_CR_LF : LONE_CR);
    }
    if (fromText && name.charCodeAt(0) === 0xfeff) {
      // The file's own byte-order mark is dropped before the header is read: one more is a file
      // saved twice with a mark, or two files joined. Kept, it is an invisible first character of
      // the name, so 'id' was reported missing from a header that shows it (and 'mlpipe score'
      // wrote no key column).
      const where = i === 0 ? 'the file starts with two byte-order marks (U+FEFF), the second left' : `header field ${i + 1} starts with a byte-order mark (U+FEFF), left`;
      throw new DataError(
        { file, line: 1, column: name.slice(1) },
        `${where} in the name '${name.slice(1)}' (a file saved twice with a mark, or files joined): save it as UTF-8 with one mark at most`,
      );
    }
    if (name.length === 0) {
      // A spreadsheet or a writer that ends every line with the separator gives one unnamed last
      // column: say where the empty name comes from, or the file looks right to whoever opens it.
      const trailing = fromText && i === header.length - 1 && i > 0 ? ' (the header line ends with a comma)' : '';
      // A first column with no name is a row index: pandas' to_csv writes one unless told not
      // to, and R's write.csv its row names. Its values are row numbers, no feature of the
      // data, so it is not read silently under a made-up name: the writer is told how to drop it.
      const index = fromText && i === 0 && header.length > 1 ? ` (${INDEX_HINT})` : '';
      throw new DataError({ file, line }, `header field ${i + 1} is empty${trailing}: every column needs a name${index}`);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError({ file, line, column: name }, `duplicate column name '${name}' (header fields ${first + 1} and ${i + 1})`);
    }
    seen.set(name, i);
  });
}

/** Lines that end in a carriage return alone (classic Mac OS): the one sentence the header check and the parser say it in. */
export const LONE_CR = 'lines end in a carriage return alone (classic Mac OS): save the file with LF or CRLF line ends';

/** Lines that end CR CR LF (a CRLF file whose line ends were converted again). */
export const CR_CR_LF = 'lines end in two carriage returns before the line feed (CR CR LF: CRLF line ends converted twice): save the file with LF or CRLF line ends';

/** Why a CSV's first column has no name, and how to write the file without it. */
export const INDEX_HINT =
  "a first column with no name is the row index pandas' to_csv writes, or R's write.csv row names: write the file with to_csv(..., index=False) in pandas or write.csv(..., row.names = FALSE) in R, or name the column";

/**
 * NUL bytes in CSV text, the header's (`header` undefined) or a record's: the one judge of them,
 * called by `validateHeader` and by the parser for every record of a text that holds one. No
 * text file holds a NUL. UTF-16 without a byte-order mark (SQL Server's 'bcp -w', some Windows
 * exports) is valid UTF-8 with a NUL beside every ASCII character: its CRLF read as a lone CR,
 * its LF as ragged rows, or its names as unknown columns; the header says so. A NUL in a cell
 * under a clean header is a binary file or damage (a disk or a copy that wrote zeros): it was
 * read as a character of a category or a text that no request could send, so it is refused
 * where it is.
 */
export function refuseNul(fields: ReadonlyArray<string>, file: string, line: number, header?: ReadonlyArray<string>): void {
  for (let i = 0; i < fields.length; i++) {
    const at = fields[i]!.indexOf('\0');
    if (at < 0) continue;
    if (header === undefined) {
      const little = fields[i]!.charCodeAt(0) !== 0;
      throw new DataError({ file, line }, `the header holds NUL bytes beside its characters: the file seems to be UTF-16 (${little ? 'little' : 'big'}-endian) without a byte-order mark: save it as UTF-8`);
    }
    throw new DataError(
      { file, line, column: header[i] },
      `the field holds a NUL byte (character ${at + 1}), which no CSV text has: the file is damaged or not text; export it again as UTF-8 CSV`,
    );
  }
}
