#!/bin/sh
# Install Debian's chromium (and a font to render text with) for tests/test_browser.py when
# missing.  Idempotent and quiet.  Playwright's Python package drives this system browser; it
# never downloads a browser of its own.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need="chromium"
if ! (command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -n 1)" ]); then
    need="$need fonts-liberation"
fi
[ -z "$need" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install$need by hand (the browser test skips without chromium)" >&2
    exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086 - word splitting of the package list is wanted
$SUDO apt-get install -y -qq --no-install-recommends $need fonts-liberation >/dev/null
echo "install-browser: installed$need ($(chromium --version 2>/dev/null || echo 'chromium: version unknown'))"
