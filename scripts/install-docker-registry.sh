#!/usr/bin/env bash
# Installs Debian's `docker-registry` package (the CNCF distribution registry, 2.8) for the
# real-registry test of `msp resolve-images` (test/images/registry.test.ts starts its own
# throwaway registry on 127.0.0.1 with a config it writes; the package's system service is
# never started). Does nothing when the package is already installed. Needs root (or sudo) and
# apt-get. Says what it does, one line per step, on stderr (scripts/lib/apt.sh).
set -euo pipefail
# shellcheck source=lib/apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
APT_WHO=install-docker-registry

installed() { dpkg -s docker-registry >/dev/null 2>&1 && command -v docker-registry >/dev/null 2>&1; }

if installed; then
  apt_say "docker-registry is installed ($(docker-registry --version 2>/dev/null || echo docker-registry)): nothing to do"
  exit 0
fi

apt_install "for the real-registry test of msp resolve-images (test/images/)" docker-registry
installed || { apt_say "docker-registry still missing after apt-get install"; exit 1; }
apt_say "done: $(docker-registry --version 2>/dev/null || echo docker-registry) installed"
