/**
 * What every kernel of the engine shares. A kernel is WGSL text with its sizes and offsets baked
 * in as constants, one invocation per output value, and a binding list: binding 0 is the batch's
 * uniform slot (bound with a dynamic offset, so a whole epoch's batches are encoded at once),
 * bindings 1.. are storage buffers. No kernel binds more than four storage buffers (the
 * compatibility level's default) or uses a workgroup over 64.
 *
 * Determinism: every output is written by exactly one invocation, which sums its terms in one
 * fixed order (k, rows or classes ascending); no atomics and no workgroup reductions, so a run
 * repeats bitwise on one device.
 */
export const WORKGROUP = 64;

/** The storage buffers a kernel may bind, by name. */
export type BufferName = 'x' | 'y' | 'order' | 'work' | 'state';

export interface KernelBinding {
  buffer: BufferName;
  access: 'read' | 'read_write';
}

export interface Kernel {
  label: string;
  /** Invocations to launch (an upper bound; each kernel guards its own range). */
  invocations: number;
  bindings: KernelBinding[];
  /** The body of main(), with `idx` the invocation's flat index (already below `invocations`). */
  body: string;
  /** Extra module-scope WGSL (helper functions). */
  helpers?: string;
}

/** Per batch, in the uniform buffer at slot * stride: written once per flush by the session. */
export const BATCH_STRUCT = `struct Batch { start: u32, n: u32, c1: f32, c2: f32, slot: u32, p0: u32, p1: u32, p2: u32 }`;
export const BATCH_BYTES = 32;

/** Workgroups for `invocations`: x first, spilling into y past the per-dimension limit. */
export function workgroups(invocations: number, maxPerDimension: number): [number, number] {
  const groups = Math.max(1, Math.ceil(invocations / WORKGROUP));
  const x = Math.min(groups, maxPerDimension);
  return [x, Math.ceil(groups / x)];
}

const u = (n: number): string => `${n >>> 0}u`;

/** The kernel's WGSL module. */
export function wgslOf(kernel: Kernel, groupsX: number): string {
  const vars = kernel.bindings.map((b, i) => {
    const type = b.buffer === 'order' ? 'array<u32>' : 'array<f32>';
    return `@group(0) @binding(${i + 1}) var<storage, ${b.access}> ${b.buffer}: ${type};`;
  });
  return [
    BATCH_STRUCT,
    '@group(0) @binding(0) var<uniform> batch: Batch;',
    ...vars,
    kernel.helpers ?? '',
    `@compute @workgroup_size(${WORKGROUP})`,
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>) {',
    `  let idx = gid.y * ${u(groupsX * WORKGROUP)} + gid.x;`,
    `  if (idx >= ${u(kernel.invocations)}) { return; }`,
    kernel.body,
    '}',
  ].join('\n');
}

/** An unsigned WGSL literal. */
export { u };
