#!/usr/bin/env bash
# Playwright cannot download its browser here (STACK.md): use Debian's Chromium, installing it when
# missing. CHROMIUM_PATH points elsewhere on a developer's laptop.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then exit 0; fi
if [ -n "${CHROMIUM_PATH:-}" ]; then echo "CHROMIUM_PATH=$path is not executable" >&2; exit 1; fi
echo "Installing Debian's Chromium for the end-to-end tests…"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
