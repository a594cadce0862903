import fc from 'fast-check';

/**
 * `fc.assert` of `check` over `arb`, failing with the first failure's own message above
 * fast-check's report: the report shows the shrunk (or last) case, whose message may be another
 * one, and a long generated pipeline's first message is the one that explains it.
 */
export function assertEachCase<T>(arb: fc.Arbitrary<T>, check: (c: T) => void, params: fc.Parameters<[T]>): void {
  let failure = '';
  try {
    fc.assert(
      fc.property(arb, (c) => {
        try {
          check(c);
        } catch (e) {
          failure ||= (e as Error).message;
          throw e;
        }
      }),
      params,
    );
  } catch (e) {
    throw new Error(`${failure}\n\n${(e as Error).message}`);
  }
}
