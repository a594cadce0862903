/**
 * A randomised test's body, run so that its failure ends naming the seed that replays it
 * (`MLPIPE_FUZZ_SEED=20261128`): `npm run soak` draws a fresh value for each seed variable a file
 * reads (`ownSeedVariables`, scripts/test-files.mjs), and a failure on a drawn value must say it.
 * The file reads the variable itself (`envInteger('MLPIPE_FUZZ_SEED', 20261128)`,
 * test/support/envInteger.ts), so the soak finds it.
 */
export function replaying<T>(variable: string, seed: number, body: () => T): T {
  const note = (e: unknown): never => {
    if (e instanceof Error && !e.message.includes(`${variable}=`)) e.message += `\n(drawn from seed ${seed}: ${variable}=${seed} replays it)`;
    throw e;
  };
  try {
    const out = body();
    return out instanceof Promise ? (out.catch(note) as T) : out;
  } catch (e) {
    return note(e);
  }
}
