import type { CheckHost } from '../../server/mlpipe/index.js';
import { CUSTOMERS, memoryHost, ORDERS } from '../../test/unit/checker/fixture.js';

/**
 * The fixture host with each source's facts built once, as the language server's cache holds
 * them, so the benchmark measures the checker and not the CSV reader.
 */
export function cachedHost(): CheckHost {
  const inner = memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']);
  const cache = new Map<string, ReturnType<NonNullable<CheckHost['data']>>>();
  return {
    data: (s) => {
      if (!cache.has(s)) cache.set(s, inner.data!(s));
      return cache.get(s);
    },
    fileExists: inner.fileExists,
  };
}
