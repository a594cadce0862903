import { epochSeconds, parseTime } from '../data/values.js';

/**
 * How the engine reads a time value (`as_of` columns and history `time` columns) as epoch
 * seconds: NaN for a missing value, an error naming the value for one it cannot read.
 * Injectable for tests; the default is the data layer's one time rule.
 */
export type TimeParser = (value: string | number) => number;

/** Numbers are epoch seconds (or milli-, micro- or nanoseconds, by `epochSeconds`); text goes through the data layer's `parseTime`. */
export const defaultParseTime: TimeParser = (value) => (typeof value === 'number' ? epochSeconds(value) : parseTime(value));
