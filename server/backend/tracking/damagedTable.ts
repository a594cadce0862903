import type Database from 'better-sqlite3';

/** A table SQLite's `quick_check` found damaged, and the first thing it said. */
export interface TableDamage {
  table: string;
  problem: string;
}

/**
 * The first table of `db` (with its indexes) whose pages are damaged where SQLite does not
 * stumble on them when it opens: a scrambled index page makes a join or a lookup find no rows and
 * say nothing. `quick_check` of one table walks that table and its indexes only, so the tables in
 * `unchecked` (one row per prediction or metric point: seconds at a big file) cost nothing; their
 * damage is met as SQLITE_CORRUPT when their rows are read. The run store and the prediction log
 * both refuse a file this names, before anything is written to it.
 */
export function damagedTable(db: Database.Database, unchecked: ReadonlySet<string>): TableDamage | undefined {
  const tables = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
  for (const { name } of tables) {
    if (unchecked.has(name)) continue;
    const problems = (db.pragma(`quick_check(${JSON.stringify(name)})`) as Array<{ quick_check: string }>).map((r) => r.quick_check);
    if (problems.length === 1 && problems[0] === 'ok') continue;
    return { table: name, problem: problems.join('; ').replace(/\*\*\* in database main \*\*\*\s*/g, '').split('\n')[0]! };
  }
  return undefined;
}
