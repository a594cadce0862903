/** Where an offset falls in the syntax tree, and the one child walk every editor feature uses. */
import type { Block, Node, SourceFile } from './ast.js';
import { featureKeyword } from './featureKeyword.js';
import { refIdents } from './reference.js';

/** Any node but the file: every one has a source span. */
export type SpanNode = Exclude<Node, SourceFile>;

/** The direct children of a syntax node, in source order. */
export function childrenOf(node: Node): SpanNode[] {
  switch (node.kind) {
    case 'File':
      return [...(node.pipeline ? [node.pipeline] : []), ...node.statements];
    case 'Pipeline':
      return node.name ? [node.keyword, node.name] : [node.keyword];
    case 'Block':
      return [node.type, ...(node.name ? [node.name] : []), ...node.entries];
    case 'Attribute':
      return [node.name, node.value];
    case 'Require':
      return [node.keyword, node.metric, node.value];
    case 'Drift':
      return [node.keyword, node.target, node.stat, node.value];
    case 'Feature':
      return [featureKeyword(node), node.name, node.value];
    case 'Reference':
      // The parts' Idents are made here when not yet made, for the editor features that walk to them.
      return [...refIdents(node)];
    case 'List':
      return node.items;
    case 'Call':
      return [node.callee, ...node.args];
    case 'Arg':
      return [node.name, node.value];
    case 'Binary':
      return [node.left, node.right];
    case 'Unary':
      return [node.operand];
    case 'Paren':
      return [node.expr];
    default:
      return [];
  }
}

/**
 * The nodes that contain an offset, outermost first (the file is not included). An offset at
 * the end of a word counts as inside it, so the cursor just after `tenure` finds `tenure`.
 */
export function pathAt(file: SourceFile, offset: number): SpanNode[] {
  const path: SpanNode[] = [];
  let children = childrenOf(file);
  for (;;) {
    const hit = children.find((c) => c.start <= offset && offset <= c.end);
    if (!hit) return path;
    path.push(hit);
    children = childrenOf(hit);
  }
}

/** The innermost block around an offset, with its parent block when nested (`serve { defaults { … } }`). */
export function blockAt(path: SpanNode[]): { block?: Block; parent?: Block } {
  const blocks = path.filter((n): n is Block => n.kind === 'Block');
  return { block: blocks[blocks.length - 1], parent: blocks[blocks.length - 2] };
}

/** Visits every node of a subtree, parents before children. */
export function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const c of childrenOf(node)) walk(c, visit);
}
