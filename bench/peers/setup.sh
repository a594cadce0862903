#!/bin/sh
# Installs the Debian packages the benchmarks measure against (their "peers"), so that every
# ratio in `npm run bench` has its baseline. Says what it installs; installs nothing else.
#   bash bench/peers/setup.sh          (as root, or with sudo available)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
packages=$(node "$here/peers.mjs" packages | tr '\n' ' ')
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "bench peers: installing Debian packages: $packages"
$sudo apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y $packages
echo "bench peers: installed $packages"
