#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test.
#   1. unit tests and per-service integration tests (Maven; each service on a real Liberty server)
#   2. the report and parity unit tests (pytest tests/bench)
#   3. system tests against both real stacks: NGINX + 3 Liberty REST instances and
#      Apollo Router + 3 Liberty subgraphs (pytest tests/system), and the monitoring checks
#   4. the benchmark command end to end at a low rate, including Ctrl-C (pytest tests/e2e)
# Arguments are passed to pytest (e.g. -k parity).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/toolchain.sh"
cd "$ROOT"

trap '"$ROOT/scripts/stop.sh" >/dev/null 2>&1 || true' EXIT INT TERM
install_toolchain tests
"$ROOT/scripts/stop.sh" >/dev/null

log "Maven: unit and integration tests (starts real Liberty servers)"
mkdir -p "$RUN_DIR"
set +e
mvn -B -Dstyle.color=never verify 2>&1 | tee "$RUN_DIR/maven-test.log" \
  | grep -E --line-buffered 'Tests run:|FAIL|ERROR|BUILD|Building [a-z]'
maven_status=${PIPESTATUS[0]}
set -e
((maven_status == 0)) || die "Maven tests failed (full output: $RUN_DIR/maven-test.log)"

log "Creating the Liberty servers for the system tests"
"$ROOT/scripts/build.sh"

log "pytest: runner, report, parity, monitoring and system tests (starts both stacks)"
"$ROOT/.venv/bin/python" -m pytest -q "$@"

log "pytest: the benchmark command end to end (starts and stops its own stacks)"
"$ROOT/.venv/bin/python" -m pytest -q tests/e2e "$@"
