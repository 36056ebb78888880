#!/usr/bin/env bash
# Installs Debian's `chromium` package for the HTML catalog browser test
# (test/browser/catalog.test.ts drives /usr/bin/chromium with playwright-core).
# Does nothing when /usr/bin/chromium already exists. Needs root (or sudo) and apt-get.
# Says what it does, one line per step, on stderr; apt's own output goes to a log file that is
# shown (its last lines) only when a step fails (scripts/lib/apt.sh).
set -euo pipefail
# shellcheck source=lib/apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
APT_WHO=install-chromium

if [ -x /usr/bin/chromium ]; then
  apt_say "Chromium is installed ($(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)): nothing to do"
  exit 0
fi

apt_install "for the browser test of the HTML catalog (test/browser/)" chromium fonts-liberation
apt_say "done: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium) installed"
