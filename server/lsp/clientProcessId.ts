/**
 * The client's process id, as the command line gives it (`--clientProcessId N` or `=N`) and as
 * `initialize` does, checked against this machine. No import of the protocol library here: the
 * library reads `--clientProcessId` from `process.argv` when it is loaded, so the entry
 * (`main.ts`) takes out an id that names no process here before loading it.
 */

/** Whether a process with this id exists here and may be signalled, as the library's watchdog checks it. */
export function canSignal(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const FLAG = '--clientProcessId';

/**
 * The command line without a `--clientProcessId` that names no process here, and that id. The
 * protocol library checks every 3 s that the process is alive and ends the server when it cannot
 * signal it; a client in a container, a Flatpak sandbox or on another machine
 * (`ssh host mlpipe lsp --stdio --clientProcessId $$`) names its own process, none here, so its
 * server ended 3 s after starting (as `initialize`'s `processId` did, `initializeGuard.ts`). The
 * server still ends when the client closes the connection. An id that names a process here is
 * left for the library to watch.
 */
export function withoutUnseenProcessId(argv: readonly string[], signalable: (pid: number) => boolean = canSignal): { argv: string[]; unseen?: number } {
  const out: string[] = [];
  let unseen: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const separate = arg === FLAG && i + 1 < argv.length;
    const value = separate ? argv[i + 1] : arg.startsWith(`${FLAG}=`) ? arg.slice(FLAG.length + 1) : undefined;
    // As the library reads it: parseInt, so '123abc' is 123.
    const pid = value === undefined ? NaN : parseInt(value);
    if (!Number.isNaN(pid) && !signalable(pid)) {
      unseen = pid;
      if (separate) i++;
      continue;
    }
    out.push(arg);
  }
  return { argv: out, ...(unseen !== undefined ? { unseen } : {}) };
}
