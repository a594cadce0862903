// Where a project's run store lives, apart from the store's code: the editor's views find stores
// by these names without loading better-sqlite3 (built for another Node's ABI than the editor's).

/** The store's folder in a project root. */
export const DB_DIR = '.mlpipe';
/** The store's database file in that folder. */
export const DB_FILE = 'mlpipe.db';
