# shellcheck shell=bash
# Installing Debian packages for the tests, shared by scripts/install-chromium.sh,
# scripts/install-docker-registry.sh and scripts/test-services.sh (sourced, not run).
#
# The caller sets APT_WHO (the name its messages start with) before calling apt_install.
#
#   apt_say TEXT...             one line on stderr: "<APT_WHO>: TEXT"
#   apt_install WHY PACKAGE...  installs the packages (see below); returns 1 after saying why when
#                               it cannot
#
# apt_install needs apt-get and root, or sudo (each apt step then runs through sudo). It says what
# it does, one line per step, on stderr; apt's own output goes to a log file whose last lines are
# shown only when the install fails. The package lists are refreshed only when apt does not know
# one of the packages yet, and once more before a single retry when the install fails (a stale
# list gives 404 on a superseded .deb). The packages' maintainer scripts may not start system-wide
# daemons (a temporary /usr/sbin/policy-rc.d that answers 101, the documented hook, removed
# afterwards): the tests start their own throwaway servers on 127.0.0.1. APT_POLICY_RC_D names
# another path for that hook (test/repo/apt-install.test.ts runs this file with a fake apt-get).

apt_say() { echo "${APT_WHO:-apt}: $*" >&2; }

# Runs a command as root: directly when we are root, else through sudo. The environment is set
# with `env` so that it survives sudo's reset of the environment.
_apt_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    env DEBIAN_FRONTEND=noninteractive "$@"
  else
    sudo env DEBIAN_FRONTEND=noninteractive "$@"
  fi
}

# Runs one apt step with its output appended to the log; returns apt's status.
_apt_step() {
  local log="$1"
  shift
  _apt_as_root "$@" >>"$log" 2>&1
}

apt_install() {
  local why="$1"
  shift
  local packages="$*"
  if ! command -v apt-get >/dev/null 2>&1; then
    apt_say "apt-get not found; install $packages ($why) with this system's package manager"
    return 1
  fi
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    apt_say "must run as root (or with sudo available) to install $packages"
    return 1
  fi

  local log
  log="$(mktemp "${TMPDIR:-/tmp}/msp-${APT_WHO:-apt}.XXXXXX")"
  local policy="${APT_POLICY_RC_D:-/usr/sbin/policy-rc.d}" created_policy=0
  if [ ! -e "$policy" ]; then
    _apt_as_root sh -c 'printf "#!/bin/sh\nexit 101\n" >"$1" && chmod 755 "$1"' sh "$policy" &&
      created_policy=1
  fi

  apt_say "installing the Debian packages $packages, $why"
  local status=0
  # shellcheck disable=SC2086 # the package names are words
  if ! apt-cache show $packages >/dev/null 2>&1; then
    apt_say "apt-get update (the package lists do not know $packages yet)"
    _apt_step "$log" apt-get update -q || status=$?
  fi
  if [ "$status" -eq 0 ]; then
    apt_say "apt-get install $packages (a few minutes the first time)"
    # shellcheck disable=SC2086
    _apt_step "$log" apt-get install -y -q --no-install-recommends $packages || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    apt_say "the install failed; refreshing the package lists once and retrying"
    status=0
    # shellcheck disable=SC2086
    _apt_step "$log" apt-get update -q &&
      _apt_step "$log" apt-get install -y -q --no-install-recommends $packages || status=$?
  fi

  if [ "$created_policy" -eq 1 ]; then _apt_as_root rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then
    apt_say "failed: apt-get install $packages; the last lines of apt's output ($log):"
    tail -n 20 "$log" >&2
    return 1
  fi
  rm -f "$log"
  return 0
}
