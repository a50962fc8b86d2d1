#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test.
#   1. unit tests and per-service integration tests (Maven; each service on a real Liberty server)
#   2. the report and parity unit tests (pytest tests/bench)
#   3. system tests against both real stacks: NGINX + 3 Liberty REST instances and
#      Apollo Router + 3 Liberty subgraphs (pytest tests/system)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/toolchain.sh"
cd "$ROOT"

trap '"$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true' EXIT INT TERM
install_toolchain
"$ROOT/scripts/stop.sh" >/dev/null

log "Maven: unit and integration tests (starts real Liberty servers)"
mvn -B verify 2>&1 | grep -E --line-buffered 'Tests run:|FAIL|ERROR|BUILD|Building [a-z]' | grep -v '^\[INFO\] *$'
[[ ${PIPESTATUS[0]} -eq 0 ]] || die "Maven tests failed"

log "Creating the Liberty servers for the system tests"
"$ROOT/scripts/build.sh"

log "pytest: report, parity and system tests (starts both stacks)"
"$ROOT/.venv/bin/python" -m pytest -q tests "$@"
