/**
 * What the complete (data-aware) check adds to syntax and rules: reading the sources (CSV,
 * Parquet, hashing), the project's facts cache and its stored verdicts. Built as a bundle of its
 * own (dist/serverData.js), loaded when a document's first complete check needs it, so a fresh
 * server starts and publishes its first syntax-and-rule diagnostics without compiling it. The
 * checker is not here: the first bundle needs it for those diagnostics, and one copy is enough.
 */
import type * as ServerData from './serverData.js';

export { projectFactsCache, projectInspector } from '../backend/check/projectInspector.js';

export type DataModules = typeof ServerData;
