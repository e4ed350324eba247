#!/usr/bin/env bash
# Installs what image2env needs, when it is missing; idempotent and quiet when all is there:
#   - the system libraries it links against: json-c (libjson-c-dev) and zlib (zlib1g-dev);
#   - the resolver of the solve stage, uv (PyPI package `uv`, pinned below), into the project's
#     tool folder .tools/uv/ when IMAGE2ENV_UV is unset and no uv is on PATH.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
uv_version=0.13.9

install_uv() {
    [ -n "${IMAGE2ENV_UV:-}" ] && return 0
    command -v uv >/dev/null 2>&1 && return 0
    local tools="$repo/.tools/uv"
    if [ -x "$tools/bin/uv" ] && [ "$("$tools/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" = "$uv_version" ]; then
        return 0
    fi
    local python="${PYTHON:-python3}"
    if ! command -v "$python" >/dev/null 2>&1; then
        echo "deps: no $python to install uv with; install uv $uv_version yourself and put it on PATH (or set IMAGE2ENV_UV)" >&2
        return 0
    fi
    echo "Installing uv $uv_version into .tools/uv ..."
    rm -rf "$tools.tmp"
    if PIP_DISABLE_PIP_VERSION_CHECK=1 "$python" -m pip install -q --no-input --target "$tools.tmp" "uv==$uv_version" >/dev/null 2>&1; then
        rm -rf "$tools"
        mv "$tools.tmp" "$tools"
    else
        rm -rf "$tools.tmp"
        echo "deps: could not install uv $uv_version from PyPI; the solve stage will say \"not resolved\" until uv is on PATH" >&2
    fi
}

missing=()
pkg-config --exists json-c 2>/dev/null || missing+=(libjson-c-dev)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ ${#missing[@]} -eq 0 ]; then
    install_uv
    exit 0
fi

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
install_uv
