#!/usr/bin/env bash
# Makes sure a headless Chromium is installed for the report screenshot test
# (tests/integration/report.test.ts drives it with playwright-core). Idempotent: does nothing when
# chromium is already on the PATH (or CHROMIUM_PATH names one). Otherwise installs Debian's
# `chromium` package with apt-get — as root, or through passwordless sudo. Nothing is downloaded
# from outside the distribution's package archive. Prints the browser's path on success.
set -euo pipefail

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  if [[ -x "$CHROMIUM_PATH" ]]; then echo "$CHROMIUM_PATH"; exit 0; fi
  echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file." >&2
  exit 1
fi

if found="$(command -v chromium 2>/dev/null)"; then echo "$found"; exit 0; fi

if [[ "$(id -u)" == 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "ensure-chromium: Chromium is not installed and this user cannot install it (not root, no passwordless sudo)." >&2
  echo "Install it once as root: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
  echo "(or set CHROMIUM_PATH to a Chromium or Chrome executable)." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: Chromium is not installed and there is no apt-get here. Install Chromium with your" >&2
  echo "system's package manager, or set CHROMIUM_PATH to a Chromium or Chrome executable." >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium package (once)…" >&2
# One installer at a time: two test processes (or CI and a test) may get here together.
exec 9>/tmp/mutual-ensure-chromium.lock
if command -v flock >/dev/null 2>&1; then flock 9; fi
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if ! { "${as_root[@]}" apt-get update -qq >&2 && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >&2; }; then
    echo "ensure-chromium: apt-get could not install chromium (see the output above)." >&2
    exit 1
  fi
fi
command -v chromium
