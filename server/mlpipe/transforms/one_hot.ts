import { sortVocabulary } from '../features/statistics.js';
import { valueText } from '../data/keys.js';
import { literalList } from './literals.js';
import { rowTransform } from './spec.js';
import { oneHotState } from './stateSchemas.js';

export const one_hot = rowTransform({
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
  // A one-hot vector: all zeros for an unseen or missing category, never missing.
  producesUnusable: false,
  encodesMissing: 'the all-zero vector',
  learnsVocabulary: { given: 'vocabulary' },
  state: oneHotState,
  kernels: {
    compile(args, fail): { vocabulary?: Array<string | number> } {
      const list = args.get('vocabulary');
      if (!list) return {};
      const vocabulary = literalList(list);
      if (!vocabulary) return fail('the vocabulary of one_hot must be a list of strings or numbers');
      return { vocabulary };
    },
    key: (x, p, fit) => (p.vocabulary ? `one_hot(${x}, vocabulary=${JSON.stringify(p.vocabulary)})` : `one_hot(${x}, fit=${fit})`),
    output: () => 'vector',
    fit: {
      needed: (p) => p.vocabulary === undefined,
      sample: 'categories',
      learn: (sample) => ({ kind: 'one_hot' as const, vocabulary: sortVocabulary(sample.categories.values()), count: sample.count }),
      literal: (p) => (p.vocabulary ? { kind: 'one_hot' as const, vocabulary: p.vocabulary, count: 0 } : undefined),
    },
    prepare(_p, s) {
      const list = s!.vocabulary;
      return { list, index: new Map(list.map((v, i) => [valueText(v), i])) };
    },
    apply(row, x, out, v) {
      const text = row.text(x);
      row.str[out] = text;
      const index = text === null ? undefined : v.index.get(text);
      row.num[out] = index === undefined ? -1 : index;
    },
    labels: (v) => v.list.map(valueText),
  },
});
