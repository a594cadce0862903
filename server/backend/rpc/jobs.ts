/**
 * Training jobs in flight: one per pipeline file at a time, each cancellable by its id.
 */
export interface Job {
  id: string;
  file: string;
  root: string;
  controller: AbortController;
  runId?: string;
}

export class Jobs {
  private readonly byId = new Map<string, Job>();

  start(id: string, file: string, root: string): Job {
    if (this.byId.has(id)) throw new Error(`job '${id}' already exists`);
    for (const j of this.byId.values())
      if (j.file === file) throw new Error(`'${file}' is already training (run ${j.runId ?? 'starting'}): cancel it or wait for it to end`);
    const job: Job = { id, file, root, controller: new AbortController() };
    this.byId.set(id, job);
    return job;
  }

  end(id: string): void {
    this.byId.delete(id);
  }

  cancel(id: string): boolean {
    const job = this.byId.get(id);
    if (!job || job.controller.signal.aborted) return false;
    job.controller.abort();
    return true;
  }

  busy(root: string): boolean {
    for (const j of this.byId.values()) if (j.root === root) return true;
    return false;
  }

  cancelAll(): void {
    for (const j of this.byId.values()) j.controller.abort();
  }
}
