import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { CsvParser, type CsvHandlers } from '../../mlpipe/data/csv.js';
import { DataError } from '../../mlpipe/data/errors.js';
import { notUtf8Problem } from '../../mlpipe/data/utf8.js';
import { isAbort } from '../abort.js';

/**
 * Streams a CSV file through the incremental parser. `maxBytes` stops after about that many
 * bytes: the record cut in half is dropped, so a sample ends on a record boundary. `signal`
 * stops the read with an AbortError.
 * Returns whether the whole file was read.
 */
export async function streamCsv(absPath: string, handlers: CsvHandlers, opts: { maxBytes?: number; signal?: AbortSignal } = {}): Promise<{ complete: boolean; parser: CsvParser }> {
  const parser = new CsvParser(handlers);
  const end = opts.maxBytes === undefined ? undefined : Math.max(0, opts.maxBytes - 1);
  const stream = createReadStream(absPath, { highWaterMark: 1 << 20, end, signal: opts.signal });
  // Strictly UTF-8 (a lenient decode turns each foreign byte into U+FFFD, a different value);
  // the BOM is passed on to the parser, which owns that rule. A sequence cut by a chunk or by
  // `maxBytes` waits in the decoder for its next bytes.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    for await (const chunk of stream) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
    if (opts.maxBytes === undefined) parser.feed(decoder.decode());
  } catch (e) {
    stream.destroy();
    if (e instanceof DataError || isAbort(e)) throw e;
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') throw await notUtf8Error(absPath, handlers.file, end);
    throw new DataError({ file: handlers.file }, `cannot read the file: ${(e as Error).message}`);
  }
  if (opts.maxBytes === undefined) {
    parser.end();
    return { complete: true, parser };
  }
  return { complete: false, parser };
}

/** The decoder says only that the bytes are not UTF-8: read them again to say where (an error path, once). */
async function notUtf8Error(absPath: string, file: string, end: number | undefined): Promise<DataError> {
  const all = await readFile(absPath);
  const bytes = end === undefined ? all : all.subarray(0, end + 1);
  const found = notUtf8Problem(bytes) ?? notUtf8Problem(all);
  if (!found) return new DataError({ file }, 'is not UTF-8 text: save it as UTF-8');
  return new DataError({ file, line: found.line }, found.problem);
}
