// hyparquet-compressors types its index only; parquet.ts imports its lz4 module alone (see there).
declare module 'hyparquet-compressors/src/lz4.js' {
  /** LZ4 with Hadoop's framing, else raw blocks: Parquet's deprecated LZ4 codec. */
  export function decompressLz4(input: Uint8Array, outputLength: number): Uint8Array;
  /** Raw LZ4 blocks: Parquet's LZ4_RAW codec. */
  export function decompressLz4Raw(input: Uint8Array, outputLength: number): Uint8Array;
}
