// The parser's part of the CodeLens, bundled apart (dist/lensBlocks.js) and loaded on the first
// lens request: the parser is most of the extension bundle's size, and activation should not
// pay for it before an .mlpipe file is open.
import { parse } from '../server/mlpipe/syntax/parser.js';
import { modelsARunTrains } from '../server/mlpipe/language/trainedModels.js';
import { refPart, refPartCount } from '../server/mlpipe/syntax/reference.js';

/**
 * A block that gets lenses, by the keyword that opens it. The pipeline's `each`: its models when
 * it has several and registers none, so Train trains each in turn (as `mlpipe run` does).
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

/**
 * A file's models when a run trains each of them (several, none registered: `modelsARunTrains`),
 * else null (one run). Read from the syntax tree as the binder reads them: the first block of a
 * model name, a register block's first `from` when it is a bare name.
 */
function eachModel(file: ReturnType<typeof parse>): string[] | null {
  const blocks = file.statements.flatMap((s) => (s.kind === 'Block' ? [s] : []));
  const models = [...new Set(blocks.flatMap((b) => (b.type.name === 'model' && b.name ? [b.name.name] : [])))];
  const registered = blocks.flatMap((b) => {
    if (b.type.name !== 'register') return [];
    const from = b.entries.find((e) => e.kind === 'Attribute' && e.name.name === 'from');
    const v = from?.kind === 'Attribute' ? from.value : undefined;
    return v?.kind === 'Reference' && refPartCount(v) === 1 && !v.at ? [refPart(v, 0)] : [];
  });
  const trained = modelsARunTrains(models, registered);
  return trained.length > 1 ? trained : null;
}

/** The models Train trains in turn when no model is named (`LensBlock.each`), or null: one run. */
export function modelsTrainedEach(text: string): string[] | null {
  return eachModel(parse(text));
}
