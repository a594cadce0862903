/**
 * The file that holds a pipeline's retrain across processes. Two servers of one pipeline file on
 * one store (two replicas, or the editor's server beside `mlpipe serve`) each alerted on the same
 * drift and each retrained, registering two copies of one model (v4 and v5) at the same second.
 *
 * A hold is published whole (written to a file of its own, then linked into place, which fails
 * when one exists), so another process never reads a half-written hold. While held, its time is
 * renewed every `HEARTBEAT_MS`: a hold whose owner cannot be asked (a server on another host of a
 * shared folder, or no readable owner) is stale once its time is older than `STALE_MS`. A stale
 * hold is taken over by moving it aside first and looking at what was moved: when that is not the
 * hold judged stale (another process took it over meanwhile and published its own), it is put
 * back, so two processes never both remove a hold and each publish one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DB_DIR } from '../tracking/store.js';
import { currentOwner, ownerFromJson, ownerState } from '../tracking/liveness.js';

/** How often a held retrain's file has its time renewed. */
export const HEARTBEAT_MS = 15_000;
/** How old a hold whose owner cannot be asked may be before it is taken over: four missed renewals. */
export const STALE_MS = 60_000;

export function retrainLockPath(root: string, file: string): string {
  return join(root, DB_DIR, `retrain-${createHash('sha256').update(file).digest('hex').slice(0, 16)}.lock`);
}

/** What holds a pipeline's retrain, in words (`started by hand`, `drift:<target>`, `another server`). */
export interface HeldBy {
  heldBy: string;
}

/**
 * Takes the cross-process hold of `file`'s retrain: a release function, or what holds it now. A
 * hold whose process is gone, or which nobody renewed for `STALE_MS`, is taken over; a store
 * folder that cannot be written leaves only the in-process hold (a release that does nothing).
 */
export function takeRetrainLock(root: string, file: string, trigger: string): (() => void) | HeldBy {
  const path = retrainLockPath(root, file);
  const text = JSON.stringify({ owner: currentOwner(), trigger, token: randomBytes(8).toString('hex') });
  for (let attempt = 0; attempt < 3; attempt++) {
    const published = publish(root, path, text);
    if (published === 'unwritable') return () => {};
    if (published === 'published') return holding(path, text);
    const seen = readHold(path);
    if (seen === undefined) continue; // released meanwhile
    if (!isStale(seen)) return heldBy(seen.text);
    if (!takeOverStale(path, seen.text)) return heldBy(readHold(path)?.text ?? '');
  }
  return { heldBy: 'another server' };
}

/**
 * Writes `text` to a file of its own and links it into place: never seen half-written. A file
 * system without hard links (FAT, some network shares) gets the file created in place instead,
 * exclusively, as holds were before: a reader may then see it half-written for an instant, which
 * reads as an unknown owner (held). `link` is the file system's, or a test's.
 */
export function publish(root: string, path: string, text: string, link: (from: string, to: string) => void = linkSync): 'published' | 'held' | 'unwritable' {
  const own = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    mkdirSync(join(root, DB_DIR), { recursive: true });
    writeFileSync(own, text, { flag: 'wx' });
  } catch {
    unlinkQuietly(own); // a full disk may leave part of it
    return 'unwritable';
  }
  try {
    link(own, path);
    return 'published';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'held';
  } finally {
    unlinkQuietly(own);
  }
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return 'published';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'held' : 'unwritable';
  }
}

/** The held file's text and time; undefined when there is none. */
function readHold(path: string): { text: string; mtimeMs: number } | undefined {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    return { text: readFileSync(path, 'utf8'), mtimeMs };
  } catch {
    return undefined;
  }
}

function parsed(text: string): { owner?: unknown; trigger?: unknown } {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as { owner?: unknown; trigger?: unknown }) : {};
  } catch {
    return {}; // damaged: read as held by an unknown owner
  }
}

/** A hold whose owner is a dead process here, or whose owner cannot be asked and which nobody renewed. */
function isStale(hold: { text: string; mtimeMs: number }, now = Date.now()): boolean {
  const owner = ownerFromJson(JSON.stringify(parsed(hold.text).owner ?? null));
  const state = owner === null ? 'unknown' : ownerState(owner);
  if (state === 'dead') return true;
  return state === 'unknown' && now - hold.mtimeMs > STALE_MS;
}

function heldBy(text: string): HeldBy {
  const trigger = parsed(text).trigger;
  return { heldBy: trigger === 'manual' ? 'started by hand' : typeof trigger === 'string' ? trigger : 'another server' };
}

/**
 * Removes the hold judged stale (its text `staleText`) unless another process replaced it since:
 * it is moved aside first (one process moves a given file), and what was moved is put back when
 * it is not that hold. True when the stale hold is gone and a new one may be published.
 */
export function takeOverStale(path: string, staleText: string): boolean {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return true; // already gone: another process removed it, so publishing decides
  }
  let moved: string | undefined;
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    moved = undefined;
  }
  if (moved !== staleText) {
    try {
      linkSync(aside, path); // a live hold, put back where its owner renews and releases it
    } catch {
      // a third process published meanwhile: it holds the retrain
    }
    unlinkQuietly(aside);
    return false;
  }
  unlinkQuietly(aside);
  return true;
}

/** The release of a published hold, which renews its time until then and removes only its own file. */
function holding(path: string, text: string): () => void {
  const renew = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // removed by hand, or the folder is gone: nothing to renew
    }
  }, HEARTBEAT_MS);
  renew.unref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    clearInterval(renew);
    // Only its own: a hold taken over as stale (this process hung past `STALE_MS`) is another's now.
    if (readHold(path)?.text === text) unlinkQuietly(path);
  };
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
