/**
 * `mlpipe score --input -`: stdin spooled to a file, since the loader reads a file twice (the
 * kept columns' cells as written) and a Parquet reader seeks.
 */
import { createWriteStream, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { reason } from '../backend/tracking/folders.js';
import { EXIT } from './errors.js';
import { CliError } from './output.js';

/** Stdin's rows in a file of their own temporary folder, until `release` removes it. */
export interface Spool {
  path: string;
  /** Removes the folder (once; later calls do nothing); resolves once the signal handlers are gone. */
  release(): Promise<void>;
}

/**
 * Stdin streamed into a file of a temporary folder: named .parquet when its bytes start with
 * Parquet's magic (stdin has no name to tell the format by), else .csv. Empty stdin is a usage
 * error, as an empty --input file is. While the folder exists, Ctrl-C or SIGTERM removes it and
 * exits 130 saying nothing was written: the signal's default action left it in the system's
 * temporary folder, one per interrupted score.
 */
export async function spoolStdin(output: string): Promise<Spool> {
  let dir: string | undefined;
  const remove = () => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  const stopListening = () => {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  };
  // The delete runs with the handlers installed, and they stay until the event loop has polled
  // once past it: a Ctrl-C during the delete fell to the default action (the process killed
  // mid-delete, the folder left behind), and one queued while it ran was dropped with the
  // handlers, so the score went on and wrote its output after the user had interrupted it. Two
  // immediates: called from the poll phase (stdin's end), one runs in the same turn's check
  // phase, before any poll could read the queued signal.
  const release = async () => {
    try {
      remove();
    } finally {
      await new Promise<void>((polled) => setImmediate(() => setImmediate(polled)));
      stopListening();
    }
  };
  const interrupted = () => {
    stopListening();
    try {
      remove();
    } catch {
      // Exiting matters more than a folder the system would not let go of.
    }
    process.stderr.write(`mlpipe score: interrupted: nothing was written to ${output === '-' ? 'stdout' : output}\n`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    dir = mkdtempSync(join(tmpdir(), 'mlpipe-score-stdin-'));
    const raw = join(dir, 'stdin');
    let head = Buffer.alloc(0);
    let size = 0;
    try {
      await pipeline(
        process.stdin,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            if (head.length < 4) head = Buffer.concat([head, c]).subarray(0, 4);
            size += c.length;
            yield c;
          }
        },
        createWriteStream(raw),
      );
    } catch (e) {
      throw new CliError(`mlpipe score: cannot read stdin: ${reason(e)}`, 2);
    }
    if (size === 0) throw new CliError('mlpipe score: cannot read stdin: it is empty (0 bytes): there is no table to score', 2);
    const path = join(dir, head.toString('latin1') === 'PAR1' ? 'stdin.parquet' : 'stdin.csv');
    renameSync(raw, path);
    return { path, release };
  } catch (e) {
    await release();
    throw e;
  }
}
