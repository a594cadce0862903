import type { TransformSpec } from './spec.js';
import { oneHotState } from './stateSchemas.js';

export const one_hot: TransformSpec = {
  name: 'one_hot',
  signature: 'one_hot(x, vocabulary = [...], fit = train)',
  snippet: 'one_hot(${1:x})',
  doc: 'One indicator per value of the vocabulary learned on the training split; unseen values map to all zeros.',
  fitted: true,
  input: 'categorical',
  numeric: false,
  args: [
    { name: 'x', kind: 'expr', position: 0, required: true, doc: 'a string or integer column' },
    { name: 'vocabulary', kind: 'list', literalStatistic: true, doc: 'a literal vocabulary (reported)' },
    { name: 'fit', kind: 'fit', doc: '`train` (default) or `all`' },
  ],
  result: () => 'vector',
  fits: (args) => (args.has('vocabulary') ? [] : ['vocabulary']),
  state: oneHotState,
};
