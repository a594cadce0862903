// What the machine's processes do while the e2e's window starts: samples every process's CPU
// time from /proc (Linux) and sums it per kind of process (Chromium, code-server, the extension
// host, the mlpipe language server, ripgrep, TypeScript's server, ...) per time slot, so that the
// extension's start-up timeline can be read against what competed with it for the two cores.
// Opt-in (MLPIPE_E2E_CPU=1): reading /proc costs a little CPU itself.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** The kind of a process, from its command line; the first rule that matches wins. */
const KINDS = [
  ['mlpipe server', /dist\/server\.js/],
  ['mlpipe backend', /dist\/backend\.js/],
  ['extension host', /bootstrap-fork|extensionHost|--type=extensionHost/],
  ['tsserver', /tsserver|typescript-language-features/],
  ['json server', /jsonServerMain|json-language-features/],
  ['ripgrep', /(^|\/)rg(\s|$)/],
  ['git', /(^|\/)git(\s|$)/],
  ['file watcher', /watcherMain|parcel|fileWatcher/],
  ['chromium', /chrom/i],
  ['code-server', /code-server|out\/server-main|vscode/],
  ['e2e driver', /scripts\/e2e\.mjs/],
];

function kindOf(cmdline) {
  for (const [kind, re] of KINDS) if (re.test(cmdline)) return kind;
  return 'other';
}

function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields follow its last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime, in ticks
  } catch {
    return undefined; // gone meanwhile
  }
}

function cmdlineOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

/**
 * Starts sampling every `everyMs`; `stop()` returns the slots: `{ at (epoch ms), cpu: {kind: ms} }`,
 * each the CPU used since the previous sample.
 */
export function sampleCpu(everyMs = 200) {
  const last = new Map(); // pid -> ticks
  const slots = [];
  const sample = () => {
    const cpu = {};
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      if (pid === process.pid) continue;
      const ticks = readProc(pid);
      if (ticks === undefined) continue;
      // Read again each time: a child forked by the extension host carries the host's command
      // line until it execs its own.
      const kind = kindOf(cmdlineOf(pid));
      const before = last.get(pid);
      last.set(pid, ticks);
      // A process first seen now: its CPU so far was spent in this slot only if it is new.
      const used = before === undefined ? (slots.length ? ticks : 0) : ticks - before;
      if (used > 0) cpu[kind] = (cpu[kind] ?? 0) + used * TICK_MS;
    }
    slots.push({ at: Date.now(), cpu });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return slots;
    },
  };
}

/** A table of the slots from `from` to `to` (epoch ms), `width` ms a row, relative to `zero`. */
export function describeCpu(slots, { zero, from = zero, to, width = 500 }) {
  const rows = new Map();
  for (const s of slots) {
    if (s.at < from || s.at > to) continue;
    const row = Math.floor((s.at - zero) / width);
    const r = rows.get(row) ?? {};
    for (const [k, ms] of Object.entries(s.cpu)) r[k] = (r[k] ?? 0) + ms;
    rows.set(row, r);
  }
  const lines = [];
  for (const [row, r] of [...rows].sort((a, b) => a[0] - b[0])) {
    const total = Object.values(r).reduce((a, b) => a + b, 0);
    const top = Object.entries(r)
      .sort((a, b) => b[1] - a[1])
      .map(([k, ms]) => `${k} ${ms}`)
      .join(', ');
    lines.push(`${String(row * width).padStart(6)} ms: ${String(total).padStart(5)} ms CPU of ${width * availableParallelism()} available (${top})`);
  }
  return lines.join('\n');
}

/** One line: the CPU each kind of process used from `from` to `to` (epoch ms), against what the cores offered. */
export function cpuShare(slots, from, to) {
  const sum = {};
  for (const s of slots) {
    // A slot holds the CPU used since the previous sample: the first one after `from` counts.
    if (s.at <= from || s.at > to + 200) continue;
    for (const [k, ms] of Object.entries(s.cpu)) sum[k] = (sum[k] ?? 0) + ms;
  }
  const total = Object.values(sum).reduce((a, b) => a + b, 0);
  const kinds = Object.entries(sum)
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${ms}`)
    .join(', ');
  return `${total} ms of CPU used of ${Math.round((to - from) * availableParallelism())} the ${availableParallelism()} cores offered in ${Math.round(to - from)} ms (${kinds})`;
}
