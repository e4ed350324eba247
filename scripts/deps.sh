#!/usr/bin/env bash
# Installs the system libraries image2env links against, when they are missing:
# json-c (libjson-c-dev) and zlib (zlib1g-dev). Idempotent and quiet when all is there.
set -euo pipefail

missing=()
pkg-config --exists json-c 2>/dev/null || missing+=(libjson-c-dev)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "image2env: need ${missing[*]} but am not root and have no sudo; install them and retry" >&2
    exit 1
  fi
fi
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}"
fi
