import type { SourceFile } from '../../../server/mlpipe/syntax/ast.js';

/**
 * The meaning of a parsed file without positions, for semantic round-trip checks. Cache slots
 * are left out too: `bound` (a call's bound arguments) and `ident` (a one-part name's Ident,
 * made when a reader first asks), which a checked tree holds and a fresh parse does not.
 */
export function shape(file: SourceFile): unknown {
  return JSON.parse(
    JSON.stringify({ pipeline: file.pipeline?.name?.name, statements: file.statements, comments: file.comments.map((c) => c.text.trim()) }, function (this: { name?: unknown }, key, value) {
      if (key === 'parts' && value !== undefined) return typeof value === 'string' ? [this.name, value] : (value as { name: string }[]).map((p) => p.name);
      if (key === 'start' || key === 'end' || key === 'open' || key === 'close' || key === 'closed' || key === 'bound' || key === 'ident') return undefined;
      if (key === 'text' && typeof value === 'string') return undefined;
      return value;
    }),
  );
}
