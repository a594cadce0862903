#!/usr/bin/env bash
# Runs on the rented GPU machine (see scripts/gpu/pack.sh): unpacks Node and Dawn, brings the
# Vulkan loader from .gl/*.deb, then, for the benchmark's two shapes (100k x 20 with layers 64-32,
# and 1M x 50 with layers 256-128), times WebGPU (the GPU), the wasm engine on one thread and on
# every core, and records what `auto` chooses for the model and why, each in its own process.
# Everything goes to $OUT/gpu-check.txt. ROWS, WIDE_ROWS and EPOCHS override the sizes.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"; R="$OUT/gpu-check.txt"
ROWS=${ROWS:-100000}; WIDE_ROWS=${WIDE_ROWS:-1000000}; EPOCHS=${EPOCHS:-3}
log() { echo "$@" | tee -a "$R"; }
for f in .gl/*.deb; do dpkg -x "$f" / 2>>"$R"; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
mkdir -p /tmp/node && xz -dc .gpu/node.xz > /tmp/node/node && chmod +x /tmp/node/node
xz -dc .gpu/dawn.node.xz > .gpu/app/node_modules/webgpu/dist/linux-x64/dawn.node
CORES=$(nproc)
log "== $(date -u) $(uname -m) $CORES cores; node $(/tmp/node/node --version)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | tee -a "$R"
ls /usr/local/nvidia/share/vulkan/icd.d/ 2>&1 | tee -a "$R"
run() { # BACKEND ROWS COLS LAYERS THREADS LIMIT_S
  log "== $1 ($2 x $3, layers $4, $5 threads, $EPOCHS epochs)"
  timeout "$6" /tmp/node/node .gpu/app/train-gpu.js "$1" "$2" "$EPOCHS" "$3" "$4" "$5" 2>>"$OUT/stderr.txt" | tee -a "$R"
}
for shape in "$ROWS 20 64,32" "$WIDE_ROWS 50 256,128"; do
  set -- $shape
  run auto "$1" "$2" "$3" "$CORES" 200
  run gpu "$1" "$2" "$3" 1 200
  run wasm "$1" "$2" "$3" "$CORES" 200
  run wasm "$1" "$2" "$3" 1 200
done
tail -c 3000 "$OUT/stderr.txt" >> "$R" 2>/dev/null
