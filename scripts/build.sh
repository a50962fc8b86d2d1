#!/usr/bin/env bash
# Builds the three services and creates their Liberty servers (runtime from Maven Central).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

command -v mvn >/dev/null || die "Maven is required (Debian package maven)"
command -v java >/dev/null || die "Java 17 is required"
# Maven 3.8 writes ANSI reset codes even in batch mode.
strip_colors() { sed -u 's/\x1b\[[0-9;]*m//g'; }

cd "$ROOT"
# One reactor build, nothing installed into the local Maven repository: each checkout's servers
# get their own packaged WARs (a second checkout on the same machine cannot change them).
log "Building the services and creating their Liberty servers (the runtime is downloaded from Maven Central once)"
mvn -B -q package liberty:create liberty:deploy -DskipTests 2>&1 | strip_colors
log "Build done"
