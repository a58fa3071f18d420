#!/usr/bin/env bash
# Prints the path of a Chromium for Playwright. Order: $CHROMIUM_PATH, /usr/bin/chromium;
# as root on Debian, installs Debian's `chromium` package; otherwise says how to get one.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ -x "$CHROMIUM_PATH" ]; then echo "$CHROMIUM_PATH"; exit 0; fi
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2; exit 1
fi
if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi
if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the end-to-end tests..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2
  if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi
fi
echo "No Chromium found: install Debian's 'chromium' package (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1
