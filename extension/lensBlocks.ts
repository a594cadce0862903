// The parser's part of the CodeLens, bundled apart (dist/lensBlocks.js) and loaded on the first
// lens request: the parser is most of the extension bundle's size, and activation should not
// pay for it before an .mlpipe file is open.
import { parse } from '../server/mlpipe/syntax/parser.js';

/** A block that gets lenses, by the keyword that opens it. */
export type LensBlock = { kind: 'pipeline' | 'model' | 'serve' | 'monitor'; name?: string; offset: number };

export function lensBlocks(text: string): LensBlock[] {
  const file = parse(text);
  const out: LensBlock[] = [];
  if (file.pipeline) out.push({ kind: 'pipeline', name: file.pipeline.name?.name, offset: file.pipeline.start });
  for (const s of file.statements) {
    if (s.kind !== 'Block') continue;
    const kind = s.type.name;
    if (kind !== 'model' && kind !== 'serve' && kind !== 'monitor') continue;
    out.push({ kind, name: s.name?.name, offset: s.start });
  }
  return out;
}
