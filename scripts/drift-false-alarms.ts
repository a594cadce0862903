// How often the spec's default drift test (Evidently's rules, server/mlpipe/drift/test.ts) flags a
// window drawn from the reference's own distribution: its false-alarm rate, by window size. The
// distances (Wasserstein, Jensen-Shannon) of a large reference have no sample-size correction, so
// a small window crosses 0.1 from sampling noise alone. Seeded: the same table every run.
// Run: npx tsx scripts/drift-false-alarms.ts   (docs/drift.md quotes its output)
import { buildProfile, defaultTest, runTest } from '../server/mlpipe/drift/index.js';
import { Mulberry32 } from '../server/mlpipe/data/prng.js';

/** The project's seeded generator (mulberry32), so the table is reproducible. */
function rng(seed: number): () => number {
  const prng = new Mulberry32(seed);
  return () => prng.float();
}

const normal = (r: () => number) => () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const lognormal = (r: () => number) => {
  const n = normal(r);
  return () => Math.exp(n());
};
// A count of events in a short window, mostly 0 (as a 1-hour window count is).
const poisson = (r: () => number, mean: number) => () => {
  let k = 0;
  for (let p = r(); p > Math.exp(-mean); p *= r()) k++;
  return k;
};
const category = (r: () => number) => () => ['a', 'b', 'b', 'c', 'c', 'c', 'd', 'e'][Math.floor(r() * 8)];

const DISTRIBUTIONS: Array<[string, 'numeric' | 'categorical', (r: () => number) => () => number | string]> = [
  ['normal', 'numeric', normal],
  ['log-normal', 'numeric', lognormal],
  ['count, mean 0.3', 'numeric', (r) => poisson(r, 0.3)],
  ['count, mean 4', 'numeric', (r) => poisson(r, 4)],
  ['5 categories', 'categorical', category],
];
const REFERENCES = [800, 5000];
const WINDOWS = [100, 200, 500, 1000, 5000];
const TRIALS = 200;

console.log(`| distribution | reference rows | default test | ${WINDOWS.map((w) => `window ${w}`).join(' | ')} |`);
console.log(`| --- | ---: | --- | ${WINDOWS.map(() => '---:').join(' | ')} |`);
let seed = 1;
for (const [name, kind, make] of DISTRIBUTIONS) {
  for (const rows of REFERENCES) {
    const draw = make(rng(seed++));
    const profile = buildProfile(Array.from({ length: rows }, draw), kind);
    const test = defaultTest(profile);
    const rates = WINDOWS.map((w) => {
      let alarms = 0;
      for (let t = 0; t < TRIALS; t++) if (runTest(profile, Array.from({ length: w }, draw), test).drifted) alarms++;
      return `${Math.round((100 * alarms) / TRIALS)}%`;
    });
    console.log(`| ${name} | ${rows} | ${test.statistic} ${test.op} ${test.threshold} | ${rates.join(' | ')} |`);
  }
}
