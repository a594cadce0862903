/**
 * The project's seeded pseudo-random generator: mulberry32 (Tommy Ettinger, public domain),
 * chosen because it is tiny, fast, has a full 2^32 period and is trivial to re-implement
 * bit for bit in any language, so "a seed means the same split everywhere".
 *
 * The exact algorithm (all arithmetic on unsigned 32-bit integers, wrapping):
 *
 *     state = seed mod 2^32
 *     next():
 *       state = state + 0x6D2B79F5
 *       t = state
 *       t = imul(t ^ (t >>> 15), t | 1)
 *       t = t ^ (t + imul(t ^ (t >>> 7), t | 61))
 *       return (t ^ (t >>> 14)) as uint32
 *
 * `float()` is next() / 2^32, in [0, 1). `int(n)` is floor(float() * n), in [0, n).
 * Seeds are integers; they are reduced modulo 2^32 (negative seeds wrap like C's uint32 cast).
 */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`a seed must be an integer, got ${seed}`);
    this.state = Number(BigInt.asUintN(32, BigInt(seed)));
  }

  /** Next unsigned 32-bit output. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
}

/**
 * Fisher-Yates shuffle in place, from the last index down: for i = n-1 .. 1, j = rng.int(i + 1),
 * swap a[i] and a[j].
 */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T, rng: Mulberry32): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
  return a;
}

/** A fresh seed for unseeded runs; callers record it so the run can still be reproduced. */
export function drawSeed(): number {
  return Math.floor(Math.random() * 4294967296);
}
