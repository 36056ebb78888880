#!/usr/bin/env bash
# Installs Debian's `chromium` package for the HTML catalog browser test
# (test/browser/catalog.test.ts drives /usr/bin/chromium with playwright-core).
# Does nothing when /usr/bin/chromium already exists. Needs root (or sudo) and apt-get.
# Says what it does, one line per step, on stderr; apt's own output goes to a log file that is
# shown (its last lines) only when a step fails.
set -euo pipefail

say() { echo "install-chromium: $*" >&2; }

if [ -x /usr/bin/chromium ]; then
  say "Chromium is installed ($(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)): nothing to do"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  say "apt-get not found; install Chromium so that /usr/bin/chromium exists"
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    say "must run as root (or with sudo available) to install chromium"
    exit 1
  fi
fi

LOG="$(mktemp "${TMPDIR:-/tmp}/msp-install-chromium.XXXXXX")"
# Runs one apt step quietly; on failure shows the end of its output and stops.
step() {
  local what="$1"
  shift
  say "$what"
  if ! "$@" >>"$LOG" 2>&1; then
    say "failed: $what; the last lines of apt's output ($LOG):"
    tail -n 20 "$LOG" >&2
    exit 1
  fi
}

export DEBIAN_FRONTEND=noninteractive
say "installing the Debian packages chromium and fonts-liberation, for the browser test of the HTML catalog (test/browser/)"
step "apt-get update (refreshing the package lists)" $SUDO apt-get update
step "apt-get install chromium fonts-liberation (a few minutes the first time)" \
  $SUDO apt-get install -y --no-install-recommends chromium fonts-liberation
rm -f "$LOG"
say "done: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium) installed"
