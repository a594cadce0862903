import { createReadStream } from 'node:fs';
import { CsvParser, type CsvHandlers } from '../../mlpipe/data/csv.js';
import { DataError } from '../../mlpipe/data/errors.js';

/**
 * Streams a CSV file through the incremental parser. `maxBytes` stops after about that many
 * bytes: the record cut in half is dropped, so a sample ends on a record boundary.
 * Returns whether the whole file was read.
 */
export async function streamCsv(absPath: string, handlers: CsvHandlers, opts: { maxBytes?: number } = {}): Promise<{ complete: boolean; parser: CsvParser }> {
  const parser = new CsvParser(handlers);
  const end = opts.maxBytes === undefined ? undefined : Math.max(0, opts.maxBytes - 1);
  const stream = createReadStream(absPath, { encoding: 'utf8', highWaterMark: 1 << 20, end });
  try {
    for await (const chunk of stream) parser.feed(chunk as string);
  } catch (e) {
    stream.destroy();
    if (e instanceof DataError) throw e;
    throw new DataError({ file: handlers.file }, `cannot read the file: ${(e as Error).message}`);
  }
  if (opts.maxBytes === undefined) {
    parser.end();
    return { complete: true, parser };
  }
  return { complete: false, parser };
}
