// The parser's part of the CodeLens, bundled apart (dist/lensBlocks.js) and loaded on the first
// lens request: the parser is most of the extension bundle's size, and activation should not
// pay for it before an .mlpipe file is open.
import { parse } from '../server/mlpipe/syntax/parser.js';

/**
 * A block that gets lenses, by the keyword that opens it. The pipeline's `each`: its models when
 * it has several and no `register` block, so Train trains each in turn (as `mlpipe run` does).
 */
export type LensBlock = { kind: 'pipeline' | 'model' | 'serve' | 'monitor'; name?: string; offset: number; each?: string[] };

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
  const each = eachModel(file);
  if (out[0]?.kind === 'pipeline' && each) out[0].each = each;
  return out;
}

/** A file's models when it has several and no `register` block (a run of each), else null (one run). */
function eachModel(file: ReturnType<typeof parse>): string[] | null {
  const blocks = file.statements.flatMap((s) => (s.kind === 'Block' ? [s] : []));
  const models = blocks.flatMap((b) => (b.type.name === 'model' && b.name ? [b.name.name] : []));
  return models.length > 1 && !blocks.some((b) => b.type.name === 'register') ? models : null;
}

/** The models Train trains in turn when no model is named (`LensBlock.each`), or null: one run. */
export function modelsTrainedEach(text: string): string[] | null {
  return eachModel(parse(text));
}
