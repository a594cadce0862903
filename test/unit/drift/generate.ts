/**
 * The oracle's sample generator (test/fixtures/drift/make_oracle.py), step for step: mulberry32
 * and only +, -, *, / and floor, which Python and JavaScript compute identically, so the fixture
 * names its samples instead of storing them.
 */
import { Mulberry32 } from '../../../server/mlpipe/data/prng.js';

export interface SampleSpec {
  seed: number;
  n: number;
  dist: 'normal' | 'int' | 'const' | 'zeros' | 'cat';
  missing?: number;
  mean?: number;
  sd?: number;
  k?: number;
  offset?: number;
  value?: number;
  p0?: number;
  labels?: string[];
  weights?: number[];
}

function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.float();
}

export function generate(spec: SampleSpec): (number | string | null)[] {
  const next = mulberry32(spec.seed);
  const twelve = () => {
    let s = 0;
    for (let i = 0; i < 12; i++) s += next();
    return s;
  };
  const out: (number | string | null)[] = [];
  for (let i = 0; i < spec.n; i++) {
    if (spec.missing && next() < spec.missing) {
      out.push(null);
      continue;
    }
    switch (spec.dist) {
      case 'normal':
        out.push(spec.mean! + spec.sd! * (twelve() - 6));
        break;
      case 'int':
        out.push(Math.floor(next() * spec.k!) + spec.offset!);
        break;
      case 'const':
        out.push(spec.value!);
        break;
      case 'zeros': {
        const u = next();
        const s = twelve();
        out.push(u < spec.p0! ? 0 : spec.mean! + spec.sd! * (s - 6));
        break;
      }
      case 'cat': {
        const u = next();
        let acc = 0;
        let pick = spec.labels![spec.labels!.length - 1]!;
        for (let j = 0; j < spec.labels!.length; j++) {
          acc += spec.weights![j]!;
          if (u < acc) {
            pick = spec.labels![j]!;
            break;
          }
        }
        out.push(pick);
        break;
      }
    }
  }
  return out;
}

export function checksum(values: (number | string | null)[]): number {
  let s = 0;
  for (const v of values) if (typeof v === 'number') s += v;
  return s;
}
