/**
 * Where a full check's time and bytes go, rule by rule: each round parses and binds the shape
 * afresh, then runs every rule alone on a context of its own (so a rule pays for what it asks
 * first: the check's type inference, the time reads, a plan). Prints the least CPU ms and bytes
 * of each over the rounds. CPU time counts the collector's and compiler's threads too, so run
 * with a semi-space large enough that no collection falls inside a rule's step:
 *   node --import tsx --max-semi-space-size=512 --min-semi-space-size=512 bench/checker/rules.ts SHAPE [LINES] [ROUNDS]
 * Rules share work through the context in a real check, so these do not add up to one.
 */
import { bind } from '../../server/mlpipe/binder.js';
import { CheckContext } from '../../server/mlpipe/checker/context.js';
import { RULES } from '../../server/mlpipe/checker/rules/index.js';
import { runRules } from '../../server/mlpipe/checker/walk.js';
import { LineMap } from '../../server/mlpipe/syntax/lineMap.js';
import { parse } from '../../server/mlpipe/syntax/parser.js';
import { cachedHost } from './host.js';
import { cpuMs } from './measure.js';
import { driverArgs, generateShape } from './shapes.js';

const { shape, lines, count: rounds } = driverArgs({ lines: 5000, count: 8 });
const text = generateShape(shape, lines);
const host = cachedHost();
const least = new Map<string, { ms: number; bytes: number }>();

function step<T>(name: string, f: () => T): T {
  const c = cpuMs();
  const h = process.memoryUsage().heapUsed;
  const out = f();
  const ms = cpuMs() - c;
  const bytes = process.memoryUsage().heapUsed - h;
  const last = least.get(name);
  least.set(name, { ms: Math.min(last?.ms ?? Infinity, ms), bytes: Math.min(last?.bytes ?? Infinity, bytes) });
  return out;
}

for (let r = 0; r < rounds; r++) {
  const file = step('(parse)', () => parse(text));
  const binding = step('(bind)', () => bind(file));
  const map = new LineMap(text);
  for (const rule of RULES) step(rule.name, () => runRules([rule], file, new CheckContext(file, binding, map, host)));
}

console.log(`${shape} ${lines} lines, least of ${rounds} rounds: CPU ms, MB allocated`);
for (const [name, { ms, bytes }] of [...least].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
  console.log(`${ms.toFixed(2).padStart(8)} ${(bytes / 1e6).toFixed(2).padStart(7)}  ${name}`);
