import type { Position, SelectionRange } from 'vscode-languageserver';
import type { SourceFile } from '../mlpipe/syntax/ast.js';
import type { LineMap } from '../mlpipe/syntax/lineMap.js';
import { pathAt } from '../mlpipe/syntax/locate.js';

/**
 * Expand selection: for each position, the syntax nodes around it from the innermost out (a
 * name, its `table.col` reference, the call's argument, the call, the feature line, …), then the
 * whole file. A node with the span of the one inside it is left out, so every step grows.
 */
export function selectionRanges(file: SourceFile, lines: LineMap, positions: readonly Position[]): SelectionRange[] {
  return positions.map((position) => {
    const offset = lines.offsetAt(position);
    let range: SelectionRange = { range: lines.range(0, file.text.length) };
    let outer = { start: 0, end: file.text.length };
    for (const node of pathAt(file, offset)) {
      if (node.start === outer.start && node.end === outer.end) continue;
      range = { range: lines.range(node.start, node.end), parent: range };
      outer = node;
    }
    return range;
  });
}
