#!/usr/bin/env bash
# Entrypoint of the artillery container: one load phase against one architecture.
#   ARCH      rest (NGINX, http://nginx:8080) | graphql (router, http://router:4000); default rest
#   RATE      arrivals (= requests) per second; DURATION seconds (see artillery/README.md)
#   TARGET    overrides the gateway URL; PUSHGATEWAY_URL default http://pushgateway:9091
# The Artillery JSON output goes to /results (bind-mounted to ./results/docker by compose).
set -euo pipefail
arch=${ARCH:-rest}
case "$arch" in
  rest) target=${TARGET:-http://nginx:8080} ;;
  graphql) target=${TARGET:-http://router:4000} ;;
  *) echo "run-phase.sh: ARCH must be rest or graphql, not '$arch'" >&2; exit 2 ;;
esac
: "${RATE:?set RATE (requests per second)}" "${DURATION:?set DURATION (seconds)}"

# No depends_on in compose (the gateway may belong to a profile that is not active): wait for it
# here, so a load started together with the stacks does not hit a gateway still starting.
for attempt in $(seq 1 60); do
  if node -e "fetch(process.argv[1]).then(() => process.exit(0), () => process.exit(1))" "$target"; then
    break
  fi
  ((attempt == 60)) && { echo "run-phase.sh: $target did not answer in 120 s" >&2; exit 1; }
  sleep 2
done

mkdir -p /results
output="/results/$arch-rps$RATE-$(date -u +%Y%m%dT%H%M%SZ).json"
overrides="$(artillery-overrides.sh "$arch" "${PUSHGATEWAY_URL:-http://pushgateway:9091}")"
echo "Artillery: $arch at $RATE req/s for $DURATION s against $target -> $output"
exec npx --no-install artillery run --target "$target" --overrides "$overrides" --output "$output" "$arch.yml"
