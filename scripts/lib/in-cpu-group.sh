#!/usr/bin/env bash
# in-cpu-group.sh GROUP COMMAND...: runs COMMAND in its own CPU cgroup, as a container runtime
# runs each container, then execs it (the pid stays the command's).
#
# Why: Linux's scheduler shares a core between threads, not processes. Three Liberty JVMs with
# hundreds of busy threads on one core left a JVM's single stop-the-world GC thread a sliver of
# the core: a young collection of 30 MB took 1-3 s, a full one 7-13 s. In its own group each
# component gets an equal share of the contended core first, and only then do its threads share
# that. It is not the default: measured, it helped REST at 300 req/s and broke GraphQL, whose
# executors grew past 1000 threads (docs/methodology.md, "CPU groups per component").
#
# SUT_CPU_GROUPS=shared (default: the command stays in the caller's group) or per-component.
# Groups live under $CPU_GROUP_ROOT/<GROUP>; scripts/stop.sh removes them.
set -euo pipefail
source "$(dirname "$0")/cpu-groups.sh"
group=$1
shift
if [[ "${SUT_CPU_GROUPS:-shared}" == per-component ]]; then
  join_cpu_group "$group"
fi
exec "$@"
