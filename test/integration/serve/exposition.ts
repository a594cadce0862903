/**
 * A strict reader of Prometheus' text exposition format 0.0.4, as a scraper reads `/metrics`, and
 * the naming rules `promtool check metrics` (client_golang's promlint) applies: every problem it
 * finds, as lines; none for a valid exposition.
 */
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_PAIR = new RegExp(`^(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{([^}]*)\\})? (\\S+)(?: (-?\\d+))?$`);
const COMMENT = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]Inf|NaN)$/i;

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function readExposition(text: string): { problems: string[]; types: Map<string, string>; samples: Sample[] } {
  const problems: string[] = [];
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  if (!text.endsWith('\n')) problems.push('the exposition does not end with a line feed');
  let family: string | undefined;
  const familyOf = (name: string): string => {
    for (const suffix of ['_bucket', '_sum', '_count']) {
      const base = name.slice(0, -suffix.length);
      if (name.endsWith(suffix) && ['histogram', 'summary'].includes(types.get(base) ?? '')) return base;
    }
    return name;
  };
  text
    .split('\n')
    .slice(0, -1)
    .forEach((line, i) => {
      const at = `line ${i + 1}`;
      if (line.trim() === '') return;
      if (line.startsWith('#')) {
        const m = COMMENT.exec(line);
        if (!m) return; // any other comment is ignored by the format
        if (m[1] === 'TYPE') {
          if (types.has(m[2])) problems.push(`${at}: a second TYPE for ${m[2]}`);
          if (!TYPES.has(m[3] ?? '')) problems.push(`${at}: unknown type '${m[3]}'`);
          types.set(m[2], m[3] ?? '');
          family = m[2];
        }
        return;
      }
      const m = SAMPLE.exec(line);
      if (!m) return void problems.push(`${at}: not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      let rest = m[2] ?? '';
      while (rest !== '') {
        const l = LABEL_PAIR.exec(rest);
        if (!l) return void problems.push(`${at}: bad labels {${m[2]}}`);
        if (Object.hasOwn(labels, l[1])) problems.push(`${at}: label ${l[1]} twice`);
        labels[l[1]] = l[2];
        rest = rest.slice(l[0].length).replace(/^,/, '');
      }
      if (!VALUE.test(m[3])) problems.push(`${at}: '${m[3]}' is not a sample value`);
      const base = familyOf(m[1]);
      if (!types.has(base)) problems.push(`${at}: ${m[1]} has no TYPE line`);
      else if (base !== family) problems.push(`${at}: ${m[1]} is not grouped under its TYPE line`);
      samples.push({ name: m[1], labels, value: Number(m[3].replace(/inf/i, 'Infinity')) });
    });
  for (const [name, type] of types) {
    if (type === 'counter' && !name.endsWith('_total')) problems.push(`${name}: counter metrics should have "_total" suffix`);
    if (type !== 'counter' && name.endsWith('_total')) problems.push(`${name}: non-counter metrics should not have "_total" suffix`);
  }
  // A histogram's buckets per series: le ascending to +Inf, counts cumulative, +Inf equal to _count.
  const series = new Map<string, { les: number[]; counts: number[]; count?: number }>();
  for (const s of samples) {
    const base = familyOf(s.name);
    if (types.get(base) !== 'histogram') continue;
    const key = base + JSON.stringify(Object.entries(s.labels).filter(([k]) => k !== 'le').sort());
    const h = series.get(key) ?? { les: [], counts: [] };
    series.set(key, h);
    if (s.name.endsWith('_bucket')) {
      h.les.push(s.labels.le === '+Inf' ? Infinity : Number(s.labels.le));
      h.counts.push(s.value);
    } else if (s.name.endsWith('_count')) h.count = s.value;
  }
  for (const [key, h] of series) {
    if (h.les.some((le, i) => i > 0 && !(le > h.les[i - 1])) || h.les.at(-1) !== Infinity) problems.push(`${key}: buckets not ascending to +Inf`);
    if (h.counts.some((c, i) => i > 0 && c < h.counts[i - 1])) problems.push(`${key}: bucket counts not cumulative`);
    if (h.counts.at(-1) !== h.count) problems.push(`${key}: the +Inf bucket is not _count`);
  }
  return { problems, types, samples };
}
