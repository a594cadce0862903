#!/usr/bin/env bash
# Runs on the rented GPU machine (see scripts/gpu/pack.sh): unpacks Node and Dawn, brings the
# Vulkan loader from .gl/*.deb, then, for the benchmark's two shapes (100k x 20 with layers 64-32,
# and 1M x 50 with layers 256-128), times the WebGPU engine (mlpipe's fused WGSL kernels, twice:
# the second run's weights must be bitwise the first's), the wasm engine on one thread and on
# every core, and records what `auto` chooses for the model and why, each in its own process.
# Each run's JSON line also goes to $OUT/SHAPE-RUN.json; summary.js prints the speed-ups against
# the issue's targets (5x and 20x), the loss-curve gap to wasm and the repeat check at the end.
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
BUDGET=${BUDGET:-480} # seconds: the whole script stays under the 10-minute limit of one command
run() { # TAG BACKEND ROWS COLS LAYERS THREADS LIMIT_S
  if [ "$SECONDS" -gt "$BUDGET" ]; then log "!! $1 skipped: past the ${BUDGET}s budget at ${SECONDS}s"; return; fi
  log "== $2 ($3 x $4, layers $5, $6 threads, $EPOCHS epochs)"
  timeout "$7" /tmp/node/node .gpu/app/train-gpu.js "$2" "$3" "$EPOCHS" "$4" "$5" "$6" 2>>"$OUT/stderr.txt" | tee "$OUT/$1.json" | tee -a "$R"
}
for shape in "small $ROWS 20 64,32" "wide $WIDE_ROWS 50 256,128"; do
  set -- $shape
  run "$1-gpu" gpu "$2" "$3" "$4" 1 90
  run "$1-gpu2" gpu "$2" "$3" "$4" 1 90
  run "$1-wasmN" wasm "$2" "$3" "$4" "$CORES" 90
  run "$1-auto" auto "$2" "$3" "$4" "$CORES" 90
  run "$1-wasm1" wasm "$2" "$3" "$4" 1 150
done
log "== summary"
/tmp/node/node .gpu/app/summary.js "$OUT" 2>&1 | tee -a "$R"
tail -c 3000 "$OUT/stderr.txt" >> "$R" 2>/dev/null
