import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vulkanLoaderFound, type LoaderLookup } from '../../../server/backend/train/vulkanLoader.js';

function lookup(over: Partial<LoaderLookup> & { files?: string[]; cache?: string }): LoaderLookup {
  const files = new Set(over.files ?? []);
  return {
    platform: over.platform ?? 'linux',
    env: over.env ?? {},
    exists: (p) => files.has(p),
    linkerCache: () => (over.cache === undefined ? undefined : Buffer.from(over.cache, 'latin1')),
  };
}

describe('the Vulkan loader lookup before Dawn is asked for a hardware adapter', () => {
  it('finds it in LD_LIBRARY_PATH, the usual folders or the linker cache', () => {
    assert.equal(vulkanLoaderFound(lookup({ env: { LD_LIBRARY_PATH: '/opt/a::/opt/gl/lib' }, files: ['/opt/gl/lib/libvulkan.so.1'] })), true);
    assert.equal(vulkanLoaderFound(lookup({ files: ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1'] })), true);
    assert.equal(vulkanLoaderFound(lookup({ cache: 'ld.so-1.7.0\0glibc-ld.so.cache1.1\0libvulkan.so.1\0/opt/x/libvulkan.so.1\0' })), true);
  });

  it('is absent where none of them has it: a similar name is not it', () => {
    assert.equal(vulkanLoaderFound(lookup({})), false);
    assert.equal(vulkanLoaderFound(lookup({ cache: 'libvulkan_lvp.so\0libGLESv2.so.2\0', files: ['/usr/lib/libvulkan.so'] })), false);
  });

  it('other platforms leave the adapter search to Dawn (Metal, D3D12)', () => {
    assert.equal(vulkanLoaderFound(lookup({ platform: 'darwin' })), true);
    assert.equal(vulkanLoaderFound(lookup({ platform: 'win32' })), true);
  });
});
