import { close, constants, fstat, lstat, lstatSync, open, read, readFile, readlink, readlinkSync, stat, statSync, type Stats } from 'node:fs';

/**
 * The asynchronous file calls of a check, through node:fs's callbacks: node:fs/promises loads
 * readline and more with it, about 10 ms of every 'mlpipe check' (measured in its profile).
 */
function call<T>(start: (done: (e: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((e, value) => (e ? reject(e) : resolve(value))));
}

export const statPath = (path: string): Promise<Stats> => call((done) => stat(path, done));
export const lstatPath = (path: string): Promise<Stats> => call((done) => lstat(path, done));
export const readLink = (path: string): Promise<string> => call((done) => readlink(path, done));
export const readText = (path: string): Promise<string> => call((done) => readFile(path, 'utf8', done));
export const openRead = (path: string, flags: string | number = 'r'): Promise<number> => call((done) => open(path, flags, done));
/**
 * Opens for reading without waiting: a named pipe opened plainly blocks until a writer comes
 * (a thread of the pool, and the command, wait forever); opened so, its type can be judged
 * (`notAFile`) on the open file. For a regular file the flag changes nothing.
 */
export const openReadNoWait = (path: string): Promise<number> => openRead(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));

/**
 * Why a named file could not be opened or read, in the words a user expects rather than an
 * errno ('ELOOP: too many symbolic links encountered, open …'): every reader of a pipeline or
 * input file says it the same way, a symbolic link to nothing included. Other errors keep
 * their message (the pipeline reader's refusals are already worded).
 */
export function ioReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT': {
      // A link to nothing is listed by its folder: 'no such file' sent the user to a file they can see.
      const path = (e as NodeJS.ErrnoException).path;
      return (path === undefined ? undefined : brokenLinkSync(path)) ?? 'no such file';
    }
    case 'ENOTDIR':
      return 'no such file';
    case 'EISDIR':
      return 'is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a symbolic link in a loop';
    case 'ENAMETOOLONG':
      return 'the name is too long';
  }
  return String((e as Error).message ?? e);
}

/**
 * A path that names nothing because it is a symbolic link to nothing, in the words every reader
 * says it in: the folder lists the name, so 'no such file' sent the user to a file they can see.
 */
export function brokenLink(target: string): string {
  return `a symbolic link to '${target}', which does not exist`;
}

/** `brokenLink`'s words for `path` when it is a link to nothing (after a stat said ENOENT), else undefined. */
export function brokenLinkSync(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? brokenLink(readlinkSync(path)) : undefined;
  } catch {
    return undefined;
  }
}

/** What a path that is no regular file names, in a user's words; undefined for a regular file. */
export function notAFile(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'is a folder';
  if (stats.isFIFO()) return 'is a named pipe (FIFO), not a file';
  if (stats.isCharacterDevice()) return 'is a character device, not a file';
  if (stats.isBlockDevice()) return 'is a block device, not a file';
  if (stats.isSocket()) return 'is a socket, not a file';
  return 'is not a regular file';
}

export const statFd = (fd: number): Promise<Stats> => call((done) => fstat(fd, done));
/** Bytes read into `buffer` at `offset`, from the file at `position`. */
export const readAt = (fd: number, buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> =>
  call((done) => read(fd, buffer, offset, length, position, (e, bytesRead) => done(e, bytesRead)));
export const closeFd = (fd: number): Promise<void> => call((done) => close(fd, (e) => done(e, undefined)));

/**
 * What changes when a file is written, appended or replaced (size, modification time, inode),
 * or 'absent': two equal signatures mean nothing to read again, and that a file read between
 * them did not change while it was read.
 */
export function fileSignature(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.size}:${st.mtimeNs}:${st.ino}`;
  } catch (e) {
    return `absent:${(e as NodeJS.ErrnoException).code ?? ''}`;
  }
}
