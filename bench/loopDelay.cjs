// Preloaded into a server by `bench/serve.ts --loop-delay` (node --require): samples the main
// thread's event-loop delay with perf_hooks.monitorEventLoopDelay, forgets what came before
// SIGUSR2 (the start of the measured seconds), and prints one line on SIGTERM (then exits
// unless the server handles SIGTERM itself, as mlpipe serve does to close gracefully).
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
process.on('SIGUSR2', () => h.reset());
process.on('SIGTERM', () => {
  const ms = (ns) => (ns / 1e6).toFixed(2);
  process.stderr.write(`event-loop delay: p50 ${ms(h.percentile(50))} p99 ${ms(h.percentile(99))} max ${ms(h.max)} ms over ${h.count} samples\n`);
  if (process.listenerCount('SIGTERM') === 1) process.exit(0);
});
