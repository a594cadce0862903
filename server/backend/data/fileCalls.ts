import { close, fstat, lstat, open, read, readFile, readlink, stat, statSync, type Stats } from 'node:fs';

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
