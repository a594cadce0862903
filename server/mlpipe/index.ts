/**
 * The language core's public surface: parse, check, format. No I/O; the language server, the
 * CLI, the backend and the tests all use this.
 */
import type { Binding } from './binder.js';
import { check } from './checker/check.js';
import type { CheckHost } from './checker/host.js';
import type { Diagnostic } from './diagnostics.js';
import type { SourceFile } from './syntax/ast.js';
import { LineMap } from './syntax/lineMap.js';
import { parse } from './syntax/parser.js';

export interface Analysis {
  file: SourceFile;
  binding: Binding;
  diagnostics: Diagnostic[];
  lines: LineMap;
}

/** Parses and checks one file's text. Never throws on any input. */
export function analyze(text: string, host: CheckHost = {}): Analysis {
  const file = parse(text);
  const lines = new LineMap(text);
  const { binding, diagnostics } = check(file, host, lines);
  return { file, binding, diagnostics, lines };
}

/** Source paths (`data … { source = … }`) and the lockfile a file names, as written, for the host to load first. */
export function referencedPaths(file: SourceFile): { sources: string[]; lockfile?: string } {
  const sources: string[] = [];
  let lockfile: string | undefined;
  for (const s of file.statements) {
    if (s.kind !== 'Block') continue;
    for (const e of s.entries) {
      if (e.kind !== 'Attribute' || e.value.kind !== 'String') continue;
      if (s.type.name === 'data' && e.name.name === 'source') sources.push(e.value.value);
      if (s.type.name === 'environment' && e.name.name === 'lockfile') lockfile ??= e.value.value;
    }
  }
  return { sources, lockfile };
}

export { parse } from './syntax/parser.js';
export { check } from './checker/check.js';
export type { CheckHost } from './checker/host.js';
export { CODES, ALL_CODES, isCode, type Code, type Diagnostic, type Severity, type FixData } from './diagnostics.js';
export { LineMap, type Position, type Range } from './syntax/lineMap.js';
export type { Binding, Occurrence } from './binder.js';
