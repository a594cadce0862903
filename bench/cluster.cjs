// Started by `bench/serve.ts --processes N`: runs a server script as N node:cluster worker
// processes sharing one listening socket (Node's default scheduling: the primary accepts and
// hands connections round-robin), and prints `listening on URL` once all N listen. Usage:
//   node bench/cluster.cjs N SCRIPT [ARGS...]   (the workers run `node SCRIPT ARGS...`)
// Each worker's `listen(0)` gets the same port in a cluster. SIGTERM stops the workers (each
// closes as on its own), then this process.
'use strict';
const cluster = require('node:cluster');
const [n, exec, ...args] = process.argv.slice(2);
const count = Number(n);
if (!(count >= 1) || !exec) {
  console.error('usage: node bench/cluster.cjs N SCRIPT [ARGS...]');
  process.exit(2);
}
// The workers' own `listening on` lines go to a pipe nobody reads; this process prints the one that counts.
cluster.setupPrimary({ exec, args, silent: true });
cluster.on('fork', (worker) => {
  worker.process.stdout.resume();
  worker.process.stderr.pipe(process.stderr);
});
let up = 0;
cluster.on('listening', (_worker, address) => {
  if (++up === count) console.log(`listening on http://127.0.0.1:${address.port}`);
});
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}) during the benchmark`);
    process.exit(1);
  }
});
let stopping = false;
process.on('SIGTERM', () => {
  stopping = true;
  let left = Object.keys(cluster.workers).length;
  if (left === 0) process.exit(0);
  for (const w of Object.values(cluster.workers)) {
    w.process.once('exit', () => {
      if (--left === 0) process.exit(0);
    });
    w.process.kill('SIGTERM');
    // A worker's IPC channel keeps its event loop alive after the server closed: let it go.
    w.disconnect();
  }
});
for (let i = 0; i < count; i++) cluster.fork();
