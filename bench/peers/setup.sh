#!/bin/sh
# Installs the Debian packages the benchmarks measure against (their "peers"), so that every
# ratio in `npm run bench` has its baseline. Says what it installs; installs nothing else.
#   bash bench/peers/setup.sh          (as root, or with sudo available)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
packages=$(node "$here/peers.mjs" packages | tr '\n' ' ')
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
missing=""
for p in $packages; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then echo "bench peers: $p is already installed"
  else missing="$missing $p"; fi
done
if [ -z "$missing" ]; then echo "bench peers: nothing to install"; exit 0; fi
echo "bench peers: installing Debian packages:$missing"
$sudo apt-get update
# --no-upgrade: a peer already here keeps its version, so earlier figures stay comparable.
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-upgrade $missing
echo "bench peers: installed$missing"
