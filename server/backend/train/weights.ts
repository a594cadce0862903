/**
 * The weights' identity: sha256 over, for each tensor in order, a header "shape:dtype;" (e.g.
 * "20x64:float32;") and then its raw little-endian float32 bytes. Names are left out: they do
 * not change what the model computes.
 */
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { sizeOf } from './network.js';
import type { WeightsSnapshot } from './types.js';
import { sha256Digest } from '../data/hash.js';

/** The float32 values as little-endian bytes, whatever the host's byte order. */
export function littleEndianBytes(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (endianness() === 'LE') return bytes;
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

export function fromLittleEndianBytes(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function weightsHash(snapshot: WeightsSnapshot): string {
  const hash = createHash('sha256');
  let offset = 0;
  for (const spec of snapshot.specs) {
    const n = sizeOf(spec.shape);
    hash.update(`${spec.shape.join('x')}:${spec.dtype};`);
    hash.update(littleEndianBytes(snapshot.data.subarray(offset, offset + n)));
    offset += n;
  }
  if (offset !== snapshot.data.length) {
    throw new RangeError(`weights snapshot holds ${snapshot.data.length} values but its specs describe ${offset}`);
  }
  return sha256Digest(hash);
}
