#!/usr/bin/env bash
# Runs on the rented GPU machine (see scripts/gpu/pack.sh): unpacks Node and Dawn, brings the
# Vulkan loader from .gl/*.deb, then times the benchmark model on WebGPU (the GPU), WASM and
# the plain JS backend, each in its own process. Everything goes to $OUT/gpu-check.txt.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"; R="$OUT/gpu-check.txt"
ROWS=${ROWS:-100000}; EPOCHS=${EPOCHS:-4}
log() { echo "$@" | tee -a "$R"; }
for f in .gl/*.deb; do dpkg -x "$f" / 2>>"$R"; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
mkdir -p /tmp/node && xz -dc .gpu/node.xz > /tmp/node/node && chmod +x /tmp/node/node
xz -dc .gpu/dawn.node.xz > .gpu/app/node_modules/webgpu/dist/linux-x64/dawn.node
log "== $(date -u) $(uname -m) $(nproc) cores; node $(/tmp/node/node --version)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | tee -a "$R"
ls /usr/local/nvidia/share/vulkan/icd.d/ 2>&1 | tee -a "$R"
for b in gpu wasm cpu; do
  rows=$ROWS; [ "$b" = cpu ] && rows=$((ROWS / 4))
  log "== $b ($rows rows, $EPOCHS epochs)"
  timeout 150 /tmp/node/node .gpu/app/train-gpu.js "$b" "$rows" "$EPOCHS" 2>>"$OUT/stderr.txt" | tee -a "$R"
done
tail -c 3000 "$OUT/stderr.txt" >> "$R" 2>/dev/null
