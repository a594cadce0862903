import type { Hash } from 'node:crypto';
import { closeSync, openSync, readSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { closeFd, notAFile, openReadNoWait, readAt, statFd, statPath } from './fileCalls.js';

/**
 * node:crypto, loaded on the first hash: it loads Node's streams with it (about 15 ms), which
 * the CLI's entry (it imports this module through its code cache) does not need for '--help'.
 */
let crypto: typeof import('node:crypto') | undefined;
function createHash(algorithm: 'sha256'): Hash {
  crypto ??= require('node:crypto') as typeof import('node:crypto');
  return crypto.createHash(algorithm);
}

/**
 * Content hashes of data files: `sha256:<hex>` of the raw bytes, the value a `data` block's
 * `version` pins. Throughput is bounded by OpenSSL's SHA-256 (Node's createHash is OpenSSL);
 * what was left was I/O scheduling, so the next 8 MiB read runs in the thread pool while the
 * current chunk is hashed on the main thread (measured: 8 MiB double-buffered beat 1 MiB
 * sequential reads by ~25% and matched `openssl dgst -sha256`).
 */
const CHUNK = 8 * 1024 * 1024;

/** The one spelling of a content hash: `sha256:<hex>`, as `version` pins, runs record and the CLI prints. */
export function sha256Digest(hash: Hash): string {
  return `sha256:${hash.digest('hex')}`;
}

export function sha256Text(text: string): string {
  return sha256Digest(createHash('sha256').update(text, 'utf8'));
}

export function sha256Bytes(bytes: Uint8Array): string {
  return sha256Digest(createHash('sha256').update(bytes));
}

/** Synchronous on purpose: artifacts are recorded inside the run store's synchronous API. */
export function sha256FileSync(file: string): { sha256: string; bytes: number } {
  const fd = openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    return { sha256: sha256Digest(hash), bytes };
  } finally {
    closeSync(fd);
  }
}

/** `signal` stops a long hash between reads (Ctrl-C while a run reads gigabytes of data). */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const fd = await openReadNoWait(path);
  try {
    const stats = await statFd(fd);
    // A data file replaced by a pipe or a link to a device since it was checked (or a source
    // 'reproduce' or the drift monitor hashes unchecked): a pipe waited for a writer forever and
    // /dev/zero was hashed without end.
    const what = notAFile(stats);
    if (what !== undefined) throw Object.assign(new Error(`${path} ${what}`), { code: stats.isDirectory() ? 'EISDIR' : 'ENOTREG', reason: what });
    // Buffers no larger than the file (one byte more, so the first read can tell it ended):
    // 16 MiB for a small file is external memory that makes V8 collect garbage for nothing.
    const size = Math.min(CHUNK, Math.max(stats.size + 1, 64 * 1024));
    const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    let position = 0;
    let which = 0;
    let pending = readAt(fd, buffers[0]!, 0, size, position);
    for (;;) {
      const bytesRead = await pending;
      if (bytesRead === 0) break;
      signal?.throwIfAborted();
      position += bytesRead;
      const current = buffers[which]!;
      which ^= 1;
      pending = readAt(fd, buffers[which]!, 0, size, position);
      hash.update(bytesRead === size ? current : current.subarray(0, bytesRead));
    }
  } finally {
    await closeFd(fd);
  }
  return sha256Digest(hash);
}

/** What the cache needs from the file system; injectable so tests can count reads. */
export interface HashFs {
  stat(path: string): Promise<Pick<Stats, 'size' | 'mtimeMs' | 'isFile'>>;
  hash(path: string): Promise<string>;
}

const realFs: HashFs = { stat: statPath, hash: sha256File };

/**
 * How close a file's mtime may be to the moment it was looked at before its hash stops being
 * trusted on size and mtime alone. A write in the same timestamp tick as the read, or one that
 * restores an mtime that recent, leaves both unchanged; git calls such entries "racily clean"
 * and re-reads them. 2 s covers the coarsest common granularity (FAT) and small clock skew.
 */
export const RACY_WINDOW_MS = 2000;

/** Whether a file with this mtime, looked at `now`, may still change without changing its size or mtime. */
export function isRacilyClean(mtimeMs: number, now: number = Date.now()): boolean {
  return now - mtimeMs < RACY_WINDOW_MS;
}

/**
 * Hashes each file version once: entries are keyed by absolute path and checked against size
 * and mtime, so an unchanged file is never read twice. An entry made while the file's mtime was
 * within `RACY_WINDOW_MS` of the clock is not trusted later (the file may have changed since in
 * the same tick): it is re-read until the file is older than that. Concurrent requests for one
 * file share one read.
 */
export class HashCache {
  private readonly entries = new Map<string, { size: number; mtimeMs: number; racy: boolean; settled: boolean; hash: Promise<string> }>();

  constructor(
    private readonly fs: HashFs = realFs,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A cache of one job's own, whose reads stop when `signal` aborts. Only a private cache may
   * take one: a read shared with another caller would fail for it too.
   */
  static interruptible(signal: AbortSignal | undefined): HashCache {
    return signal === undefined ? new HashCache() : new HashCache({ stat: statPath, hash: (path) => sha256File(path, signal) });
  }

  async hash(path: string): Promise<string> {
    const abs = resolve(path);
    const st = await this.fs.stat(abs);
    const hit = this.entries.get(abs);
    // A racy entry is shared only while its read is in flight: callers asking at the same moment.
    if (hit !== undefined && (!hit.racy || !hit.settled) && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.hash;
    const racy = isRacilyClean(st.mtimeMs, this.now());
    const hash = this.fs.hash(abs);
    const entry = { size: st.size, mtimeMs: st.mtimeMs, racy, settled: false, hash };
    this.entries.set(abs, entry);
    hash.then(
      () => (entry.settled = true),
      // A failed read must not stay cached.
      () => {
        if (this.entries.get(abs) === entry) this.entries.delete(abs);
      },
    );
    return hash;
  }

  /** Forgets one file, or everything. */
  invalidate(path?: string): void {
    if (path === undefined) this.entries.clear();
    else this.entries.delete(resolve(path));
  }
}

/**
 * The sha256 of a file's bytes with its line ends converted both ways: `lf` with every CR LF
 * as LF, `crlf` with every LF not after a CR as CR LF. What git's `core.autocrlf` (or an editor
 * saving with the platform's line ends) does to a CSV: a pin made before then names one of these.
 * Read synchronously in chunks, on the error path only (a `version` that does not match).
 */
export function lineEndHashesSync(file: string): { lf: string; crlf: string } {
  const fd = openSync(file, 'r');
  try {
    const lf = createHash('sha256');
    const crlf = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    const out = Buffer.allocUnsafe(2 << 20);
    let crHeld = false; // the last chunk ended with a CR, not yet written to `lf`
    let prev = -1; // the byte before this chunk
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      // To LF: a CR is written unless a LF follows it.
      let o = 0;
      if (crHeld && buf[0] !== 0x0a) out[o++] = 0x0d;
      crHeld = false;
      for (let i = 0; i < n; i++) {
        const b = buf[i]!;
        if (b === 0x0d) {
          if (i + 1 === n) crHeld = true;
          else if (buf[i + 1] !== 0x0a) out[o++] = b;
        } else out[o++] = b;
      }
      lf.update(out.subarray(0, o));
      // To CR LF: a CR goes before each LF that lacks one.
      o = 0;
      for (let i = 0; i < n; i++) {
        const b = buf[i]!;
        if (b === 0x0a && (i === 0 ? prev : buf[i - 1]) !== 0x0d) out[o++] = 0x0d;
        out[o++] = b;
      }
      crlf.update(out.subarray(0, o));
      prev = buf[n - 1]!;
    }
    if (crHeld) lf.update(Buffer.from([0x0d]));
    return { lf: sha256Digest(lf), crlf: sha256Digest(crlf) };
  } finally {
    closeSync(fd);
  }
}
