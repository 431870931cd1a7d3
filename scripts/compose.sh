#!/usr/bin/env bash
# Checks a compose file with the Compose client that is installed: the Docker
# CLI's `docker compose` plugin when present, else Debian's docker-compose
# (installed when missing). Neither needs a Docker engine for `config`.
#   scripts/compose.sh config FILE
set -euo pipefail
[ "${1:-}" = config ] || { echo "usage: scripts/compose.sh config FILE" >&2; exit 2; }
if docker compose version >/dev/null 2>&1; then exec docker compose -f "$2" config; fi
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "Installing Debian's docker-compose..." >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends docker-compose >&2
fi
exec docker-compose -f "$2" config
