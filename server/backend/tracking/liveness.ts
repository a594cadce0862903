import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * Whether the process that owns a `running` run is still that process. A pid alone is not
 * enough: after a crash the number may have been given to an unrelated process. On Linux
 * the boot id plus the process start time (in clock ticks since boot) names one process
 * for good; elsewhere we fall back to "some process has that pid".
 */

/** `<boot id>:<start ticks>` for a pid on this host, or undefined where /proc is absent. */
export function processIdentity(pid: number): string | undefined {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = fields[19]; // field 22 overall
    return startTicks ? `${boot}:${startTicks}` : undefined;
  } catch {
    return undefined;
  }
}

export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process, as a run (its columns) or an alert of the prediction log (this, as JSON) names it. */
export const ownerSchema = z.object({ pid: z.number().int().positive(), hostname: z.string(), identity: z.string().nullable() });
export type Owner = z.infer<typeof ownerSchema>;

/** An owner stored as JSON text, or null for none or one this code cannot read (read as unknown). */
export function ownerFromJson(text: string | null | undefined): Owner | null {
  if (typeof text !== 'string') return null;
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface LivenessProbe {
  hostname: string;
  exists(pid: number): boolean;
  identity(pid: number): string | undefined;
}

export const systemProbe: LivenessProbe = { hostname: hostname(), exists: pidExists, identity: processIdentity };

export function currentOwner(): Owner {
  return { pid: process.pid, hostname: systemProbe.hostname, identity: processIdentity(process.pid) ?? null };
}

/**
 * 'dead' when the owner is certainly gone, 'alive' when it may still be working, 'unknown'
 * when it ran on another host (a shared folder): we cannot see its processes, so we leave it.
 */
export function ownerState(owner: Owner, probe: LivenessProbe = systemProbe): 'alive' | 'dead' | 'unknown' {
  if (owner.hostname !== probe.hostname) return 'unknown';
  if (!probe.exists(owner.pid)) return 'dead';
  if (owner.identity) {
    const now = probe.identity(owner.pid);
    if (now !== undefined && now !== owner.identity) return 'dead'; // pid reused
  }
  return 'alive';
}
