import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { HelloResult } from '../../server/protocol/backend.js';

/** Node majors by ABI (`process.versions.modules`), to say which Node to install. */
const NODE_OF_ABI: Record<number, number> = { 108: 18, 115: 20, 120: 21, 127: 22, 131: 23, 137: 24, 141: 25 };
export const MIN_NODE_MAJOR = 20;

export function nodeForAbi(abi: number): string {
  const major = NODE_OF_ABI[abi];
  return major ? `Node ${major}` : `a Node with ABI ${abi}`;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Nodes to try, in order: the `mlpipe.nodePath` setting alone when it is set (the user
 * chose), else every `node` on PATH (the first may be the wrong ABI, a later one may fit).
 * Never the extension host's own runtime: VS Code's Electron has another ABI.
 */
export function nodeCandidates(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  if (setting && setting.trim()) return [setting.trim()];
  const seen = new Set<string>();
  const out: string[] = [];
  const names = process.platform === 'win32' ? ['node.exe'] : ['node'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    for (const name of names) {
      const p = join(dir, name);
      if (!executable(p)) continue;
      let real = p;
      try {
        real = realpathSync(p);
      } catch {
        // A dangling link is tried as is and reported if it fails.
      }
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(p);
    }
  }
  return out;
}

/** Why a started backend cannot be used on this Node, or undefined when it fits. */
export function unfit(hello: HelloResult): string | undefined {
  const major = Number(/^v(\d+)/.exec(hello.node)?.[1] ?? 0);
  if (major < MIN_NODE_MAJOR) return `Node ${hello.node} is older than Node ${MIN_NODE_MAJOR}`;
  const bad = hello.modules.filter((m) => !m.ok);
  if (!bad.length) return undefined;
  return bad
    .map((m) =>
      m.builtForAbi !== undefined
        ? `'${m.name}' was built for ${nodeForAbi(m.builtForAbi)} (ABI ${m.builtForAbi}), this is Node ${hello.node} (ABI ${hello.abi})`
        : `'${m.name}' does not load: ${m.error}`,
    )
    .join('; ');
}

/** What the backend is doing when `mlpipe.nodePath` changes (BackendSession's state, in short). */
export interface NodePathMoment {
  kind: 'starting' | 'ready' | 'stopped';
  /** The Node it runs on, when ready. */
  node?: string;
  /** Whether it was ever started (before that, its first start reads the setting). */
  started: boolean;
  /** Whether a restart after a crash is already waiting (it reads the setting when it starts). */
  retrying: boolean;
}

/**
 * What a change of `mlpipe.nodePath` does: a backend that gave up (no Node fitted, or it crashed
 * too often) starts again on the new setting, since the message that stopped it said to set it;
 * a running one keeps its Node, and the user is told so with a restart to offer (restarting on
 * its own would stop a run or a served model); otherwise the next start reads it.
 */
export function afterNodePathChange(now: NodePathMoment, setting: string | undefined): { do: 'start' } | { do: 'offerRestart'; text: string } | { do: 'nothing' } {
  if (!now.started || now.retrying) return { do: 'nothing' };
  if (now.kind === 'stopped') return { do: 'start' };
  const wanted = setting?.trim() || undefined;
  if (now.kind === 'ready' && wanted === now.node) return { do: 'nothing' };
  const on = now.kind === 'ready' ? `runs on ${now.node}` : 'is starting on the Node the setting named before';
  const next = wanted ? `'${wanted}'` : "the first 'node' on PATH that fits";
  return { do: 'offerRestart', text: `mlpipe: the backend ${on} until it restarts; 'mlpipe.nodePath' now asks for ${next}. Restarting stops a run in progress and the models it serves.` };
}
