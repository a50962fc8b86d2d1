#!/usr/bin/env bash
# Prints the Artillery `--overrides` JSON that makes a run push its metrics to the Pushgateway,
# tagged with the architecture under test, so the Grafana dashboards can compare REST and
# GraphQL on the client's own numbers (latency percentiles, errors, virtual users):
#
#   cd artillery && RATE=20 DURATION=30 ARTILLERY_DISABLE_TELEMETRY=1 \
#     npx artillery run --overrides "$(../monitoring/artillery-overrides.sh rest)" rest.yml
#
# Usage: artillery-overrides.sh ARCH [PUSHGATEWAY_URL]
#   ARCH             rest | graphql (becomes the `arch` label of every pushed series)
#   PUSHGATEWAY_URL  default $PUSHGATEWAY_URL, else http://127.0.0.1:9091 (local mode)
# The scenario files stay untouched: overrides are merged into their `config` (plugins are
# merged key by key, so metrics-by-endpoint and ensure stay on).
set -euo pipefail
arch=${1:?usage: artillery-overrides.sh rest|graphql [PUSHGATEWAY_URL]}
case "$arch" in
  rest | graphql | loadgen) ;;
  *) echo "artillery-overrides.sh: ARCH must be rest, graphql or loadgen, not '$arch'" >&2; exit 2 ;;
esac
url=${2:-${PUSHGATEWAY_URL:-http://127.0.0.1:9091}}
printf '{"config":{"plugins":{"publish-metrics":[{"type":"prometheus","pushgateway":"%s","tags":["arch:%s","component:artillery"]}]}}}\n' \
  "$url" "$arch"
