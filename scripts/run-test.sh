#!/usr/bin/env bash
# The benchmark command. On a fresh machine it installs and builds what is missing (Debian
# packages, npm and Python packages, the Liberty runtime, the Apollo Router: about 20 minutes
# once), then runs the benchmark (bench run, bench/runner.py) and writes results/<timestamp>/.
#   scripts/run-test.sh                      standard profile, REST (naive dashboard) then GraphQL
#   scripts/run-test.sh --profile quick      short phases, for a smoke run
#   scripts/run-test.sh --help               every option
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/toolchain.sh"
cd "$ROOT"

if [[ " $* " != *" -h "* && " $* " != *" --help "* ]]; then
  # Compose mode (containers) needs Docker Compose and, where podman is the engine, the local images.
  if [[ " $* " == *" --deploy compose "* || " $* " == *" --deploy=compose "* ]]; then
    install_toolchain benchmark images
  else
    install_toolchain
  fi
  "$ROOT/scripts/build.sh"
else
  # The option list needs only the runner's Python packages, not the one-time builds.
  mkdir -p "$INSTALL_LOG_DIR"
  install_python_packages
fi
exec "$ROOT/.venv/bin/bench" run "$@"
