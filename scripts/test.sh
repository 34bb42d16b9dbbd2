#!/usr/bin/env bash
# The whole test suite on a fresh machine of this kind: installs what the tests need (root, apt),
# then runs every module's tests with Maven.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

export PATH="$PATH:/usr/sbin:/sbin"
need=()
command -v prometheus >/dev/null || need+=(prometheus)
# Response measurement tests: a real Alertmanager posting to the server's webhook.
[ -x /usr/bin/prometheus-alertmanager ] || need+=(prometheus-alertmanager)
command -v python3 >/dev/null || need+=(python3)
# Host attack tests: nftables rules and tc qdiscs inside network namespaces the tests create.
command -v nft >/dev/null || need+=(nftables)
command -v ip >/dev/null && command -v tc >/dev/null || need+=(iproute2)
# Server persistence tests: a real PostgreSQL the tests start on a free loopback port.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
# Web console tests: Debian's Chromium, driven by playwright-core from npm (which downloads no browser).
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null && command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# A Debian install may start its own Prometheus on :9090; tests start their own on free ports.
export FAULTLINE_REQUIRE_PROMETHEUS=1
# playwright-core at the version package-lock.json pins; the browser test fails (not skips) without it.
(cd faultline-server/src/test/e2e && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
export FAULTLINE_REQUIRE_BROWSER=1
exec mvn -B -ntp verify "$@"
