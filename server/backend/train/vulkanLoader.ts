/**
 * Whether the Vulkan loader (libvulkan.so.1) is where Linux's dynamic linker looks: the
 * directories of LD_LIBRARY_PATH, the linker's cache (/etc/ld.so.cache, what `ldconfig -p`
 * lists) and the usual library folders. Without it Dawn cannot find a hardware adapter, and
 * asking anyway printed "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared
 * object file" with a path into Dawn's C++ sources, from native code, in the middle of every
 * `auto` run's output on a machine without a GPU. Other platforms' Dawn uses Metal or D3D12.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VULKAN_LOADER = 'libvulkan.so.1';

const LIBRARY_FOLDERS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib'];

export interface LoaderLookup {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exists(path: string): boolean;
  /** The linker cache's bytes, or undefined where there is none. */
  linkerCache(): Buffer | undefined;
}

const here: LoaderLookup = {
  platform: process.platform,
  env: process.env,
  exists: existsSync,
  linkerCache: () => {
    try {
      return readFileSync('/etc/ld.so.cache');
    } catch {
      return undefined;
    }
  },
};

export function vulkanLoaderFound(look: LoaderLookup = here): boolean {
  if (look.platform !== 'linux') return true;
  const folders = [...(look.env.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d.length > 0), ...LIBRARY_FOLDERS];
  if (folders.some((d) => look.exists(join(d, VULKAN_LOADER)))) return true;
  return look.linkerCache()?.includes(VULKAN_LOADER, 0, 'latin1') ?? false;
}
