/**
 * Semantic tokens of a whole document, as the language server makes them at each edit in VS Code:
 * a fresh parse and bind of the text (fresh name strings, whose hashes are not cached yet), then
 * the tokens. Passes `tokens` or `none` (the parse and bind alone), so that on an esbuild bundle
 * of this file the tokens cost (I(tokens, N) - I(none, N)) / N instructions:
 *   node --predictable --min-semi-space-size=128 --max-semi-space-size=128 s53d.cjs SHAPE [LINES] [COUNT] tokens|none
 * `--digest` instead prints one line per shape and size (300, 1,000, 5,000 lines): the tokens'
 * count and sha1, to compare two versions byte for byte (`cmp` of the two outputs).
 */
import { createHash } from 'node:crypto';
import { semanticTokens } from '../../server/lsp/semanticTokens.js';
import { bind } from '../../server/mlpipe/binder.js';
import { LineMap } from '../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { driverArgs, generateShape, SHAPES } from './shapes.js';

function tokensOf(text: string): number[] {
  const file = parse(text);
  return semanticTokens(file, bind(file), new LineMap(text)).data;
}

if (process.argv[2] === '--digest') {
  for (const shape of SHAPES)
    for (const lines of [300, 1000, 5000]) {
      const data = tokensOf(generateShape(shape, lines));
      console.log(`${shape}@${lines} ${data.length} ${createHash('sha1').update(data.join(',')).digest('hex')}`);
    }
} else {
  const { shape, lines, count } = driverArgs({ lines: 5000, count: 10 });
  const withTokens = process.argv[5] !== 'none';
  const text = generateShape(shape, lines);
  let sink = 0;
  let least = Infinity;
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const file = parse(text);
    const binding = bind(file);
    if (withTokens) sink += semanticTokens(file, binding, new LineMap(text)).data.length;
    least = Math.min(least, performance.now() - t0);
  }
  console.log(`${shape}@${lines} ${withTokens ? 'parse + bind + tokens' : 'parse + bind'}: least ${least.toFixed(2)} ms of ${count} (${sink / count} numbers a pass)`);
}
