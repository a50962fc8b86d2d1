#!/usr/bin/env bash
# Builds the three services and creates their Liberty servers (runtime from Maven Central).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

command -v mvn >/dev/null || die "Maven is required (Debian package maven)"
command -v java >/dev/null || die "Java 17 is required"
cd "$ROOT"
log "Building the services (mvn install)"
mvn -B -q -Dstyle.color=never install -DskipTests -Dliberty.skip=true
log "Creating the Liberty servers (the runtime is downloaded from Maven Central once)"
mvn -B -q -Dstyle.color=never -pl "$(IFS=,; echo "${SERVICES[*]}")" liberty:create liberty:deploy
log "Build done"
