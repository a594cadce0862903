/**
 * Prediction ids: a random prefix per log writer (unique across restarts and servers), then a
 * counter in base 36 led by its digit count, so ids of one writer sort in the order they were
 * made. The log's unique index on `id` then grows at its end, like the time and seq indexes,
 * instead of taking each id somewhere inside the writer's range ('…-a' sorts after '…-10'),
 * which dirtied a page of that index per row in every batch's commit.
 */
import { randomBytes } from 'node:crypto';

/**
 * An id `predictionId` made: letters, digits and '-' only, by construction (a base-36 time, hex,
 * '-', a digit, base-36 digits). The answer writes such ids as they are, without reading them
 * (`predictAnswer`): an id is a string of three pieces, and its first reader flattens it (~1,500
 * instructions a request on the serving thread, cachegrind), where appending it to the answer
 * leaves it to be copied once with the whole answer as it is sent.
 */
export type PredictionId = string & { readonly madeBy: 'predictionId' };

export class PredictionIds {
  readonly prefix = Date.now().toString(36) + randomBytes(3).toString('hex') + '-';
  /** The counter of the last id made. */
  counter = 0;
  /**
   * The last id made: a log batch given this id stores `counter` instead of the id's text
   * (`LogBatchBuilder`), and the log's thread writes it again with `predictionId`.
   */
  last: PredictionId | null = null;

  next(): PredictionId {
    return (this.last = predictionId(this.prefix, ++this.counter));
  }
}

/** The id numbered `counter` of the writer whose ids start with `prefix`. */
export function predictionId(prefix: string, counter: number): PredictionId {
  const digits = counter.toString(36);
  // '1'..'9': up to 36^9 ids per writer before the order (never the uniqueness) breaks.
  return (prefix + String.fromCharCode(48 + digits.length) + digits) as PredictionId;
}

/** Bytes the part of an id after its prefix may take: the digit count and up to 11 base-36 digits (2^53). */
export const COUNTER_ROOM = 12;

/**
 * `predictionId`'s part after the prefix as UTF-8 bytes into `bytes` at `at`, without a string:
 * the log's writer binds these bytes (`GroupCells.id`). Returns the end. The same characters as
 * `predictionId` writes (`test/unit/serve/loggedIds.test.ts` holds them equal at every digit count).
 */
export function writeCounterBytes(bytes: Uint8Array, at: number, counter: number): number {
  let digits = 1;
  for (let v = counter; v >= 36; v = Math.floor(v / 36)) digits++;
  bytes[at] = 48 + digits;
  // Base 36 from the last digit, as Number#toString(36) writes an integer: 0-9, then a-z.
  let c = counter;
  for (let i = at + digits; i > at; i--) {
    const d = c % 36;
    bytes[i] = d < 10 ? 48 + d : 87 + d;
    c = (c - d) / 36;
  }
  return at + 1 + digits;
}
