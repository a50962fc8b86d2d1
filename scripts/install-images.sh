#!/usr/bin/env bash
# Builds the container images docker-compose.yml runs on where podman is the engine and no
# registry is reachable (scripts/docker.sh, BENCH_DEPLOY=compose): a Debian bookworm base from
# debootstrap, Java 17 (Debian's OpenJDK, HotSpot), Open Liberty from the runtime zip in ~/.m2,
# NGINX (Debian's nginx-light) and the Apollo Router binary of scripts/install-router.sh, all named
# localhost/rest-vs-graphql/... (list in scripts/lib/containers.sh). Installs podman and what it
# needs with apt first. One-time: each image is skipped while its fingerprint label matches its
# Dockerfile and inputs. The service images, which change with every WAR, are built by the start
# path (refresh_service_images); --services builds them here too.
# Logs and staged build contexts: BENCH_CACHE_DIR/images (default ~/.cache/rest-vs-graphql/images).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/containers.sh"

with_services=false
case "${1:-}" in
  "") ;;
  --services) with_services=true ;;
  *) die "usage: $0 [--services]" ;;
esac

ensure_container_packages
if base_images_current && ! $with_services; then
  log "Container images already built ($DEBIAN_IMAGE, $JRE_IMAGE, $LIBERTY_BASE_IMAGE, $LOCAL_NGINX_IMAGE, $LOCAL_ROUTER_IMAGE)"
  exit 0
fi
[[ -x "$ROUTER_BIN" ]] || "$ROOT/scripts/install-router.sh"

log "Building the local container images (one-time: 1 to 3 minutes on 2 cores; logs in $IMAGE_BUILD_DIR)"
started=$(date +%s)
mkdir -p "$IMAGE_BUILD_DIR"
build_debian_image
build_jre_image
build_liberty_base_image
build_nginx_image
build_router_image
if $with_services; then
  refresh_service_images
fi
log "Container images ready in $(( $(date +%s) - started )) s"
