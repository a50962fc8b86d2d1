#!/usr/bin/env bash
# in-cpu-group.sh GROUP COMMAND...: runs COMMAND in its own CPU cgroup, as a container runtime
# runs each container, then execs it (the pid stays the command's).
#
# Why: Linux's scheduler shares a core between threads, not processes. Three Liberty JVMs with
# hundreds of busy threads on one core left a JVM's single stop-the-world GC thread (and NGINX's
# one worker) a share of 1/N of the core: a young collection of 30 MB took 1-3 s, a full one
# 7-12 s (docs/methodology.md, "One CPU group per component"). In its own group each component
# gets an equal share of the contended core first, and only then do its threads share that.
#
# SUT_CPU_GROUPS=per-component (default) or shared (everything in the caller's group, as
# before). Groups live under $CPU_GROUP_ROOT/<GROUP>; scripts/stop.sh removes them.
set -euo pipefail
source "$(dirname "$0")/cpu-groups.sh"
group=$1
shift
if [[ "${SUT_CPU_GROUPS:-per-component}" == per-component ]]; then
  join_cpu_group "$group"
fi
exec "$@"
