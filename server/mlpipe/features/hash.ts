/**
 * The stable hash behind `hash_bucket`: 32-bit FNV-1a over the UTF-8 bytes of the value's text
 * (offset basis 2166136261, prime 16777619). It depends on nothing but the text, so a bucket is
 * the same in every process, platform and version. Lone UTF-16 surrogates are hashed as U+FFFD,
 * as `TextEncoder` would encode them.
 */

const OFFSET_BASIS = 0x811c9dc5;

function mix(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}

export function fnv1a32(text: string): number {
  let h = OFFSET_BASIS;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      h = mix(h, c);
      continue;
    }
    if (c < 0x800) {
      h = mix(h, 0xc0 | (c >> 6));
      h = mix(h, 0x80 | (c & 0x3f));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        h = mix(h, 0xf0 | (cp >> 18));
        h = mix(h, 0x80 | ((cp >> 12) & 0x3f));
        h = mix(h, 0x80 | ((cp >> 6) & 0x3f));
        h = mix(h, 0x80 | (cp & 0x3f));
        continue;
      }
      c = 0xfffd;
    }
    h = mix(h, 0xe0 | (c >> 12));
    h = mix(h, 0x80 | ((c >> 6) & 0x3f));
    h = mix(h, 0x80 | (c & 0x3f));
  }
  return h >>> 0;
}

/** Bucket of a value's text in [0, n). */
export function hashBucket(text: string, n: number): number {
  return fnv1a32(text) % n;
}
