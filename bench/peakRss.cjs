// Preloaded by bench/runMemory.ts: prints the process's peak resident set (bytes) as it exits.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss ${process.resourceUsage().maxRSS * 1024}\n`);
});
