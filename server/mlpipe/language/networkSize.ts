/**
 * How large a dense network may be: one bound and one message, for the checker (from `layers`
 * alone) and the trainer (with the real input and output widths).
 */

/**
 * Most weights (kernels and biases together) a model may have. Every backend keeps the weights,
 * their gradients and Adam's two moments as float32; the wasm engine keeps them in WebAssembly
 * memories of at most 4 GiB each (Adam's holds one gradient per shard, up to four, besides the
 * moments and a copy of the weights: 28 bytes a weight). 100 million weights (400 MB a copy) stays
 * below every such limit and far above a tabular model (the churn example's has under 1,000). Beyond
 * it, `layers = [65536, 65536]` (4.3 billion weights) was an internal error when training started
 * ('Invalid typed array length', or a WebAssembly memory above its upper bound).
 */
export const MAX_WEIGHTS = 100_000_000;

/** Weights and biases of a dense network from `inputs` through each hidden layer to `outputs`. */
export function denseWeightCount(inputs: number, hidden: readonly number[], outputs: number): number {
  let count = 0;
  let fanIn = inputs;
  for (const units of [...hidden, outputs]) {
    count += fanIn * units + units;
    fanIn = units;
  }
  return count;
}

const grouped = (n: number): string => n.toLocaleString('en-US');

/**
 * Why a network of these widths is too large to train, or undefined when it is not. Without the
 * widths of its inputs and outputs (the checker, before features are fitted) it counts one of
 * each, the least the network can have, so a refusal there is one the run would make too.
 */
export function tooManyWeights(hidden: readonly number[], widths?: { inputs: number; outputs: number }): string | undefined {
  const count = denseWeightCount(widths?.inputs ?? 1, hidden, widths?.outputs ?? 1);
  if (count <= MAX_WEIGHTS) return undefined;
  // The trainer's error names the setting ('layers: …') and the checker's quotes it ('layers' …).
  const layers = `[${hidden.join(', ')}]`;
  const made = widths
    ? `${layers} with ${grouped(widths.inputs)} input${widths.inputs === 1 ? '' : 's'} and ${grouped(widths.outputs)} output${widths.outputs === 1 ? '' : 's'} make ${grouped(count)} weights`
    : `${layers} make at least ${grouped(count)} weights`;
  return `${made}, more than the ${grouped(MAX_WEIGHTS)} a model may have: use fewer or narrower layers`;
}
