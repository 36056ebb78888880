#!/usr/bin/env bash
# Installs Debian's `docker-registry` package (the CNCF distribution registry, 2.8) for the
# real-registry test of `msp resolve-images` (test/images/registry.test.ts starts its own
# throwaway registry on 127.0.0.1 with a config it writes; the package's system service is
# never started). Does nothing when the package is already installed. Needs root (or sudo) and
# apt-get.
set -euo pipefail

log() { echo "install-docker-registry: $*" >&2; }

if dpkg -s docker-registry >/dev/null 2>&1 && command -v docker-registry >/dev/null 2>&1; then
  echo "docker-registry already installed: $(docker-registry --version 2>/dev/null || echo docker-registry)"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "apt-get not found; install the distribution registry so that \`docker-registry\` is on PATH"
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    log "must run as root (or with sudo available) to install docker-registry"
    exit 1
  fi
fi

# Keep the package's maintainer scripts from starting a system-wide registry on :5000: only the
# tests' throwaway registry should run. policy-rc.d is the documented hook; ours is removed after.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
log "installing docker-registry with apt-get"
# Refresh the package lists only when apt does not know the package yet; retry once after a
# refresh (a stale list gives 404 on a superseded .deb).
if ! apt-cache show docker-registry >/dev/null 2>&1; then $SUDO apt-get update -qq; fi
if ! $SUDO apt-get install -y -qq --no-install-recommends docker-registry >/dev/null; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
fi
docker-registry --version
