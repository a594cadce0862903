import { pipelineText } from '../../mlpipe/syntax/fileText.js';
import { lineOfByte, notUtf8Problem } from '../../mlpipe/data/utf8.js';
import { closeFd, notAFile, openReadNoWait, readAt, statFd } from '../data/fileCalls.js';

/**
 * The largest pipeline file read: 8 MiB. A real pipeline is a few KiB (the churn example is
 * 2 KiB) and the checker's benchmarks stop at 20,000 lines (1.2 MiB at most), so the limit
 * leaves room for any generated pipeline while a data file or a log named by mistake is
 * refused at once instead of parsed (and, for a run, stored in the run record) whole.
 */
export const MAX_PIPELINE_BYTES = 8 * 1024 * 1024;

/** Why a pipeline file was refused: `message` is the reason, in the words `cannot read PATH: …` goes on with. */
function refused(message: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/**
 * A pipeline file's text, as every command and the language server read it: only a regular file,
 * of at most `MAX_PIPELINE_BYTES`, without the BOM (`pipelineText`). `/dev/zero` was read until
 * the process ran out of memory, and a named pipe waited for a writer forever; both are refused,
 * naming what the path is. Opened without waiting (O_NONBLOCK), so a pipe is judged by its
 * type rather than blocked on, and judged on the open file, so it cannot be swapped in between.
 * A pipeline file is UTF-8, read strictly as data files are: bytes that are not (a file saved as
 * UTF-16 or Latin-1) or a NUL are refused naming the line, not decoded into U+FFFD (a source path
 * 'nörth.csv' named another file) or parsed into 'a pipeline file starts with pipeline NAME'.
 * Errors are node's (`code` 'ENOENT', 'EACCES', …); a folder is 'EISDIR', as reading one is;
 * another kind of file is 'ENOTREG', a file over the limit 'EFBIG' and one that is not UTF-8
 * text 'EILSEQ', with the reason as message.
 */
export async function readPipelineFile(path: string, limit = MAX_PIPELINE_BYTES): Promise<string> {
  return pipelineText(await readPipelineRaw(path, limit));
}

/** `readPipelineFile` with the BOM kept: for `mlpipe format`, which writes the file back as it had it. */
export async function readPipelineRaw(path: string, limit = MAX_PIPELINE_BYTES): Promise<string> {
  const fd = await openReadNoWait(path);
  try {
    const stats = await statFd(fd);
    const what = notAFile(stats);
    if (what !== undefined) throw refused(what, stats.isDirectory() ? 'EISDIR' : 'ENOTREG');
    const tooBig = (size?: number) => refused(tooLarge(size, limit), 'EFBIG');
    if (stats.size > limit) throw tooBig(stats.size);
    // The whole file and one byte more, then until the end: a file that grew since its size was
    // taken is read to its end, or refused once past the limit.
    const chunks: Buffer[] = [];
    let length = 0;
    for (let want = stats.size + 1; ; want = 64 * 1024) {
      const chunk = Buffer.allocUnsafe(want);
      const n = await readAt(fd, chunk, 0, want, length);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > limit) throw tooBig();
    }
    return decoded(Buffer.concat(chunks, length));
  } finally {
    await closeFd(fd);
  }
}

/**
 * A pipeline's text from a stream (`mlpipe check -`, `mlpipe format -`: an editor or a script
 * piping an unsaved buffer), read to its end under the same limit and UTF-8 rules as a file, its
 * BOM kept. Errors as `readPipelineRaw`'s ('EFBIG', 'EILSEQ').
 */
export async function readPipelineStream(stream: AsyncIterable<Buffer | string>, limit = MAX_PIPELINE_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const c of stream) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : c;
    chunks.push(chunk);
    length += chunk.length;
    if (length > limit) throw refused(tooLarge(undefined, limit), 'EFBIG');
  }
  return decoded(Buffer.concat(chunks, length));
}

/** The text of a pipeline file's bytes (its BOM kept), or the refusal of bytes that are not UTF-8 text, in the words data files get (`utf8.ts`). */
function decoded(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = notUtf8Problem(bytes);
    throw refused(bad ? `line ${bad.line}: ${bad.problem}` : 'is not UTF-8 text: save it as UTF-8', 'EILSEQ');
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    // UTF-16 without a byte-order mark is valid UTF-8 with a NUL beside every ASCII character
    // (as a CSV header's NULs are read in header.ts): which side the first NUL is says the order.
    const order = bytes[0] !== 0 && bytes[1] === 0 ? 'little' : bytes[0] === 0 && bytes[1] !== 0 ? 'big' : undefined;
    const why = order
      ? `holds NUL bytes beside its characters: the file seems to be UTF-16 (${order}-endian) without a byte-order mark: save it as UTF-8`
      : 'holds a NUL byte, which no pipeline text has: the file is damaged or not text';
    throw refused(`line ${lineOfByte(bytes, bytes.indexOf(0)).line}: ${why}`, 'EILSEQ');
  }
  return text;
}

/**
 * Why a pipeline file of `size` bytes (undefined: not known, only that it passed the limit) is
 * refused: the reader's words, and the CLI's check of a path before any work (`readableFile`).
 */
export function tooLarge(size: number | undefined, limit = MAX_PIPELINE_BYTES): string {
  // A size that rounds to the limit is said as 'over' it: 'is 8 MiB, more than … (8 MiB)' reads as a contradiction.
  return `is ${size !== undefined && mib(size) !== mib(limit) ? mib(size) : `over ${mib(limit)}`}, more than a pipeline file may be (${mib(limit)})`;
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}
