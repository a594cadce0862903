/**
 * Prediction ids: a random prefix per log writer (unique across restarts and servers), then a
 * counter in base 36 led by its digit count, so ids of one writer sort in the order they were
 * made. The log's unique index on `id` then grows at its end, like the time and seq indexes,
 * instead of taking each id somewhere inside the writer's range ('…-a' sorts after '…-10'),
 * which dirtied a page of that index per row in every batch's commit.
 */
import { randomBytes } from 'node:crypto';

export class PredictionIds {
  private readonly prefix = Date.now().toString(36) + randomBytes(3).toString('hex') + '-';
  private counter = 0;

  next(): string {
    const digits = (++this.counter).toString(36);
    // '1'..'9': up to 36^9 ids per writer before the order (never the uniqueness) breaks.
    return this.prefix + String.fromCharCode(48 + digits.length) + digits;
  }
}
