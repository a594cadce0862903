/**
 * Sets `record[name] = value` as an own, enumerable property. A name the user wrote (a column,
 * feature or table) may be '__proto__', an identifier like any other, and an assignment of that
 * name to a plain object sets its prototype instead: the entry is lost. Every record keyed by
 * such names is filled through this function (and read back from JSON by protocol/namedRecord.ts).
 */
export function setOwn<T>(record: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
}
