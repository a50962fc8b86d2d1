#!/usr/bin/env bash
# Builds the three services and creates their Liberty servers (runtime from Maven Central).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

command -v mvn >/dev/null || die "Maven is required (Debian package maven)"
command -v java >/dev/null || die "Java 17 is required"
# Maven 3.8 writes ANSI reset codes even in batch mode.
strip_colors() { sed -u 's/\x1b\[[0-9;]*m//g'; }

cd "$ROOT"
log "Building the services (mvn install)"
mvn -B -q install -DskipTests -Dliberty.skip=true 2>&1 | strip_colors
log "Creating the Liberty servers (the runtime is downloaded from Maven Central once)"
mvn -B -q -pl "$(IFS=,; echo "${SERVICES[*]}")" liberty:create liberty:deploy 2>&1 | strip_colors
log "Build done"
