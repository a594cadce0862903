#!/usr/bin/env bash
# One-shot GPU check for mlpipe's training engine, for a rented NVIDIA machine (x86-64, driver
# present, no internet, this repo copied with node_modules). Runs the training benchmark's model
# (100k x 20 MLP 64-32-1, batch 512, Adam) through WebGPU (Dawn's Vulkan backend on the GPU)
# and, for comparison, WASM and the plain JS cpu backend; everything goes to $OUT/gpu-check.txt.
#
#   NODE=/path/to/node OUT=/some/dir bash scripts/gpu-check.sh
#
# NODE defaults to `node` on PATH, else .node/bin/node. Vulkan/EGL loaders come from .gl/*.deb
# (Debian's libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2, carried by the
# caller) when the machine lacks them. Every step has its own time limit, a failed step is
# reported and the script goes on; the whole run stays under 5 minutes. Without a GPU (e.g. on
# a developer machine) it says so and still measures wasm and cpu.
set -u
cd "$(dirname "$0")/.."
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
REPORT="$OUT/gpu-check.txt"
: >"$REPORT"
ROWS="${ROWS:-100000}"
EPOCHS="${EPOCHS:-3}"
START=$SECONDS

say() { echo "$@" | tee -a "$REPORT"; }
step() { # step NAME SECONDS COMMAND...: runs with a time limit, records output and outcome
  local name=$1 limit=$2; shift 2
  say ""
  say "== $name (limit ${limit}s, at $((SECONDS - START))s)"
  timeout --kill-after=5 "$limit" "$@" 2>&1 | tee -a "$REPORT"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then say "!! $name: timed out after ${limit}s"
  elif [ "$rc" -ne 0 ]; then say "!! $name: failed with exit code $rc"; fi
  return 0
}

if [ -z "${NODE:-}" ]; then
  if command -v node >/dev/null 2>&1; then NODE=$(command -v node)
  elif [ -x .node/bin/node ]; then NODE=$PWD/.node/bin/node
  else say "!! no Node.js: set NODE, put node on PATH, or carry .node/bin/node"; exit 1; fi
fi

say "mlpipe GPU check, $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m), $(nproc) cores"
say "node: $NODE ($("$NODE" --version 2>&1)); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# Vulkan and EGL loaders: unpack the carried debs only when the loader is missing.
if ! ldconfig -p 2>/dev/null | grep -q libvulkan.so.1; then
  if ls .gl/*.deb >/dev/null 2>&1; then
    for f in .gl/*.deb; do dpkg -x "$f" / || say "!! could not unpack $f"; done
    ldconfig
    say "unpacked $(ls .gl/*.deb | wc -l) loader packages from .gl/"
  else
    say "no libvulkan.so.1 and no .gl/*.deb: WebGPU will find no Vulkan adapter"
  fi
fi
# Point the loaders at NVIDIA's driver files where the machine keeps them outside the usual path.
if [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ] && [ -z "${VK_DRIVER_FILES:-}" ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
if [ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ] && [ -z "${__EGL_VENDOR_LIBRARY_FILENAMES:-}" ]; then
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
say "libvulkan: $(ldconfig -p 2>/dev/null | grep -m1 libvulkan.so.1 | awk '{print $NF}')${VK_DRIVER_FILES:+; VK_DRIVER_FILES=$VK_DRIVER_FILES}"

if command -v nvidia-smi >/dev/null 2>&1; then
  step "nvidia-smi" 20 nvidia-smi --query-gpu=name,driver_version,memory.total,utilization.gpu --format=csv
else
  say "no nvidia-smi on PATH"
fi

# Software adapters must not count here: this check is about the real GPU.
unset MLPIPE_WEBGPU_ALLOW_SOFTWARE
step "backend selection for 'gpu' (adapter info)" 60 "$NODE" --import tsx scripts/gpu/probe.ts

BENCH=(--rows "$ROWS" --epochs "$EPOCHS" --no-peers --no-fit --hardware-only)
step "bench: WebGPU on the GPU, ${ROWS} rows, ${EPOCHS} epochs (first is warm-up)" 150 \
  "$NODE" --import tsx bench/train/index.ts "${BENCH[@]}" --backends webgpu --out "$OUT/bench-webgpu.json"
step "bench: wasm and cpu on this machine's CPU, same model and data" 100 \
  "$NODE" --import tsx bench/train/index.ts "${BENCH[@]}" --backends wasm,cpu --out "$OUT/bench-cpu.json"

say ""
say "== summary (s/epoch, median after warm-up)"
"$NODE" -e '
  const fs = require("fs");
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { console.log(`  ${f}: missing (the step above failed)`); continue; }
    for (const r of JSON.parse(fs.readFileSync(f, "utf8")).rows)
      console.log(`  ${r.label}: ${r.secondsPerEpoch === undefined ? r.note : r.secondsPerEpoch.toFixed(3)}`);
  }' "$OUT/bench-webgpu.json" "$OUT/bench-cpu.json" 2>&1 | tee -a "$REPORT"
say "done in $((SECONDS - START))s; report: $REPORT"
