#!/usr/bin/env bash
# HAProxy from Debian's packages, for the replica tests (tests/deploy/replicas.test.ts)
# and a local load-balanced deployment: installs the package if missing.
#   scripts/haproxy.sh install
#   scripts/haproxy.sh check FILE      validate a configuration file
set -euo pipefail
install() {
  command -v haproxy >/dev/null 2>&1 && return 0
  echo "Installing Debian's haproxy..." >&2
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends haproxy >&2
  # Debian's package enables a system service; the tests run their own instances.
  command -v systemctl >/dev/null 2>&1 && { $sudo systemctl disable --now haproxy >/dev/null 2>&1 || true; }
}
case "${1:-}" in
  install) install ;;
  check) install; haproxy -c -q -f "$2" ;;
  *) echo "usage: scripts/haproxy.sh install | check FILE" >&2; exit 2 ;;
esac
