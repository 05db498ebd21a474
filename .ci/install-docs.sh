#!/usr/bin/env bash
# Debian's Chromium for the docs browser tests (apps/docs/test/site.test.ts). Idempotent; safe to run before
# or after .ci/install-webgpu.sh. WebGPU in headless Chromium falls back to SwiftShader, so no GPU is needed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
