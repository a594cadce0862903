// What SQLite says when a disk is full, apart from the store's code: the CLI's error mapping
// reads it without loading better-sqlite3.

/**
 * Whether an SQLite error code means the disk (or the user's quota) is full. SQLITE_FULL comes
 * from a database or WAL write; SQLITE_IOERR_SHMSIZE from growing the `-shm` file, which every
 * connection maps first: on a disk with no room left, opening the store (even to list runs)
 * fails with it, as "disk I/O error", before anything else is written.
 */
export function isNoSpaceCode(code: string | undefined): boolean {
  return code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE';
}
