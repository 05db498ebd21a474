#!/usr/bin/env bash
# WebGPU for the @isostep/webgpu tests on Debian 12 (bookworm), idempotent:
#  - Mesa's Vulkan drivers from bookworm-backports (lavapipe: Vulkan on the CPU). Debian 12's own Mesa 22
#    is rejected by Dawn ("Vulkan shaderUniform*ArrayDynamicIndexing required"); backports has Mesa 25.
#  - Chromium from Debian (its SwiftShader runs WebGPU in the browser test; playwright-core drives
#    /usr/bin/chromium, no browser is ever downloaded by playwright).
# Tests also need XDG_RUNTIME_DIR to be a 0700 directory; the package creates one under the temp dir
# when it is unset.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

have_mesa_backports() {
  dpkg-query -W -f='${Status} ${Version}\n' mesa-vulkan-drivers 2>/dev/null | grep -q 'install ok installed .*bpo12'
}
have_chromium() {
  [ -x /usr/bin/chromium ]
}

if have_mesa_backports && have_chromium; then
  echo "install-webgpu: Mesa (backports) and Chromium already installed"
  exit 0
fi

# Reuse the mirror the system already uses for bookworm (deb822 or one-line sources).
MIRROR="$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -oE 'https?://[^ ]+' | grep -E '/debian/?$' | grep -v security | head -n1 | sed 's:/*$::' || true)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
BACKPORTS=/etc/apt/sources.list.d/bookworm-backports.list
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "deb ${MIRROR} bookworm-backports main" | $SUDO tee "$BACKPORTS" >/dev/null
fi

$SUDO apt-get update -qq
if ! have_mesa_backports; then
  $SUDO apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers
fi
if ! have_chromium; then
  $SUDO apt-get install -y -qq chromium
fi
echo "install-webgpu: $(dpkg-query -W -f='mesa-vulkan-drivers ${Version}' mesa-vulkan-drivers), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?')"
