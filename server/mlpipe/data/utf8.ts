/**
 * Where a file stops being UTF-8, for a message that sends the user to the byte. Data files are
 * read as UTF-8 only: a Latin-1 'ö' decoded leniently became U+FFFD, so training saw a category
 * no request written in UTF-8 could ever send.
 */

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The well-formed sequences of the Unicode standard (table 3-7): no overlongs, no
    // surrogates, nothing above U+10FFFF.
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < n ? bytes[i + k]! : -1;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * What a file (or, with `sent`, a request body) that is not UTF-8 probably is, from its first
 * bytes, as advice for the message.
 */
export function encodingHint(bytes: Uint8Array, sent = false): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return `it starts like UTF-16 (little-endian): ${sent ? 'send' : 'save it as'} UTF-8`;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return `it starts like UTF-16 (big-endian): ${sent ? 'send' : 'save it as'} UTF-8`;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return `it is gzip-compressed: ${sent ? 'send it uncompressed' : 'decompress it, or point source at the uncompressed file'}`;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return `it is a zip archive (an Excel file?): ${sent ? 'send' : 'export it as'} CSV in UTF-8`;
  return `${sent ? 'send' : 'save it as'} UTF-8 (it may be Latin-1 or Windows-1252)`;
}

/** The 1-based line of byte `offset`, and its 1-based byte position in that line. */
export function lineOfByte(bytes: Uint8Array, offset: number): { line: number; byteInLine: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++)
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  return { line, byteInLine: offset - start + 1 };
}

/** The whole sentence: where the first malformed byte is and what to do. Undefined for UTF-8. */
export function notUtf8Problem(bytes: Uint8Array): { line: number; problem: string } | undefined {
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return undefined;
  const { line, byteInLine } = lineOfByte(bytes, at);
  const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, '0');
  return { line, problem: `is not UTF-8 text (byte 0x${hex}, byte ${byteInLine} of the line): ${encodingHint(bytes)}` };
}
