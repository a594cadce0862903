/**
 * Which rows a version trained on, so that `compare_to` judges the incumbent on rows neither model
 * learned from. When the data grows (new rows appended), most of a retrain's test rows were the
 * incumbent's training rows (measured: 67-73%), which it fits better than rows it never saw, so
 * every retrain looked worse than it. Each training row is kept as a 52-bit fingerprint of its
 * cells in the header order training read (`RunMeta.dataColumns`), sorted, in `trained-rows.bin`
 * next to the model (8 bytes a row). Rows are recognised by content, not position, so a file
 * that grew, was re-sorted or had rows removed is matched alike; a row whose cells changed is a
 * new row.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Table } from '../../mlpipe/data/table.js';
import { ModelFileError } from '../train/errors.js';

export const TRAINED_ROWS_FILE = 'trained-rows.bin';

// Cells are joined by a unit separator and a missing cell is a NUL, so ('a', '') and ('a', null)
// and ('ab') never read alike. Never change these or the hash below: fingerprints are saved with
// every version and compared across releases.
const SEPARATOR = 0x1f;
const MISSING = 0x00;

/** Two 32-bit FNV-1a hashes with different offset bases over the same units, in one pass. */
class RowHash {
  a = 0x811c9dc5;
  b = 0x050c5d1f;
  unit(c: number): void {
    this.a = Math.imul(this.a ^ c, 0x01000193);
    this.b = Math.imul(this.b ^ c, 0x01000193);
    // A second mix on b, so the two do not move in step.
    this.b ^= this.b >>> 15;
  }
  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.unit(s.charCodeAt(i));
  }
  /** 52 bits: exact in a double, so fingerprints sort and compare as numbers. */
  value(): number {
    return (this.a >>> 12) * 0x100000000 + (this.b >>> 0);
  }
}

/**
 * The fingerprint of each of `rows` of `table` over `columns`, in that order; undefined when the
 * table lacks one of them (its rows cannot be told apart from the saved ones' by content).
 */
export function rowFingerprints(table: Table, columns: readonly string[], rows: ArrayLike<number>): Float64Array | undefined {
  const cols = columns.map((name) => table.columns.find((c) => c.name === name));
  if (cols.some((c) => c === undefined)) return undefined;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const h = new RowHash();
    for (let k = 0; k < cols.length; k++) {
      if (k > 0) h.unit(SEPARATOR);
      const col = cols[k]!;
      if (col.type === 'string') {
        const v = col.values[r];
        if (v === null) h.unit(MISSING);
        else h.text(v);
      } else {
        const v = col.values[r];
        if (Number.isNaN(v)) h.unit(MISSING);
        else h.text(String(v));
      }
    }
    out[i] = h.value();
  }
  return out;
}

export async function saveTrainedRows(dir: string, fingerprints: Float64Array): Promise<void> {
  const sorted = Float64Array.from(fingerprints).sort();
  await writeFile(join(dir, TRAINED_ROWS_FILE), new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength));
}

/** A version's training-row fingerprints, sorted; undefined for a version saved before they were kept. */
export async function readTrainedRows(dir: string): Promise<Float64Array | undefined> {
  const path = join(dir, TRAINED_ROWS_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ModelFileError(path, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (bytes.byteLength % 8 !== 0) throw new ModelFileError(path, `${bytes.byteLength} bytes, not a whole number of 8-byte fingerprints`);
  // Copied: a Buffer's bytes may sit at an offset a Float64Array cannot start at.
  const out = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Whether `fingerprint` is in `sorted`. */
export function hasFingerprint(sorted: Float64Array, fingerprint: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === fingerprint) return true;
    if (v < fingerprint) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
