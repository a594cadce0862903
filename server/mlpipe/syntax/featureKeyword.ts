import type { FeatureDecl, Ident } from './ast.js';

const FEATURE = 'feature';

/**
 * A feature line's `feature` keyword as a name node. The parser makes none: the keyword is always
 * `feature`, written at the line's start, and a node per feature line was one object in fifteen
 * of a tree of features. It is made on the first call and kept on the node (`FeatureDecl.keyword`),
 * so it is the same node each time (hover compares by identity) and moves with the tree.
 */
export function featureKeyword(decl: FeatureDecl): Ident {
  return (decl.keyword ??= { kind: 'Ident', name: FEATURE, start: decl.start, end: decl.start + FEATURE.length });
}
