/**
 * The loss from the last layer's output: per row, the loss (into rowLoss) and dLoss/dz of the
 * batch's mean loss (into the first gradient buffer), in the stable forms of ../../native/loss.ts;
 * then one invocation sums the rows in order into the batch's loss slot. WGSL lacks log1p:
 * log1p(e) is computed as log(u) * e / (u - 1) with u = 1 + e (exact to a few ulps).
 */
import type { Layout } from '../layout.js';
import { u, type Kernel } from './kernel.js';

const LOG1P = `
fn log1p_(e: f32) -> f32 {
  let v = 1.0 + e;
  if (v == 1.0) { return e; }
  return log(v) * e / (v - 1.0);
}`;

export function lossKernel(l: Layout): Kernel {
  const last = l.layers[l.layers.length - 1];
  const width = last.units;
  const z = u(last.h);
  const d = u(l.d[0]);
  const row = u(l.rowLoss);
  const y = u(l.yb);
  let body: string;
  switch (l.spec.task) {
    case 'binary':
      body = `
  let x = work[${z} + r];
  let t = work[${y} + r];
  work[${row} + r] = max(x, 0.0) - x * t + log1p_(exp(-abs(x)));
  work[${d} + r] = (1.0 / (1.0 + exp(-x)) - t) / f32(batch.n);`;
      break;
    case 'regression':
      body = `
  let e = work[${z} + r] - work[${y} + r];
  work[${row} + r] = e * e;
  work[${d} + r] = (2.0 * e) / f32(batch.n);`;
      break;
    case 'multiclass':
      body = `
  let o = ${z} + r * ${u(width)};
  var mx = work[o];
  for (var c = 1u; c < ${u(width)}; c = c + 1u) { mx = max(mx, work[o + c]); }
  var s = 0.0;
  for (var c = 0u; c < ${u(width)}; c = c + 1u) { s = s + exp(work[o + c] - mx); }
  let label = u32(work[${y} + r]);
  work[${row} + r] = log(s) + mx - work[o + label];
  for (var c = 0u; c < ${u(width)}; c = c + 1u) {
    let p = exp(work[o + c] - mx) / s;
    work[${d} + r * ${u(width)} + c] = (p - select(0.0, 1.0, c == label)) / f32(batch.n);
  }`;
      break;
  }
  return {
    label: 'loss',
    invocations: l.capacity,
    bindings: [{ buffer: 'work', access: 'read_write' }],
    helpers: LOG1P,
    body: `
  let r = idx;
  if (r >= batch.n) { return; }${body}`,
  };
}

/** The batch's summed loss, rows in order, into state[loss + slot]. */
export function lossSumKernel(l: Layout): Kernel {
  return {
    label: 'loss sum',
    invocations: 1,
    bindings: [
      { buffer: 'work', access: 'read' },
      { buffer: 'state', access: 'read_write' },
    ],
    body: `
  var s = 0.0;
  for (var r = 0u; r < batch.n; r = r + 1u) { s = s + work[${u(l.rowLoss)} + r]; }
  state[${u(l.loss)} + batch.slot] = s;`,
  };
}
