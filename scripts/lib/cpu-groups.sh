# CPU cgroups (v1 cpu controller), one per component of the system under test. Sourced.

CPU_GROUP_ROOT="${CPU_GROUP_ROOT:-/sys/fs/cgroup/cpu/rest-vs-graphql}"

# cpu_shares_variable GROUP: the variable holding a component's CPU weight, the one
# docker-compose.yml reads too: rest/nginx -> NGINX_CPU_SHARES, graphql/router -> ROUTER_CPU_SHARES,
# rest/user-service -> REST_USER_SERVICE_CPU_SHARES.
cpu_shares_variable() {
  local name
  case "$1" in
    */nginx | */router) name=${1#*/} ;;
    *) name=${1/\//_} ;;
  esac
  name=${name^^}
  echo "${name//-/_}_CPU_SHARES"
}

# join_cpu_group GROUP: moves the calling shell (and so what it execs) into CPU_GROUP_ROOT/GROUP,
# creating it, with the component's CPU weight when its variable is set (the default 1024 is an
# equal share, as a container engine gives). Without a writable controller it warns and leaves
# the process where it is.
join_cpu_group() {
  local dir="$CPU_GROUP_ROOT/$1" shares_variable
  shares_variable=$(cpu_shares_variable "$1")
  if mkdir -p "$dir" 2>/dev/null && echo "${!shares_variable:-1024}" >"$dir/cpu.shares" 2>/dev/null \
    && echo $$ >"$dir/cgroup.procs" 2>/dev/null; then
    return 0
  fi
  printf '[%s] WARNING: cannot use the CPU cgroup %s (needs root and the cgroup v1 cpu controller): %s shares the CPU with the other components\n' \
    "$(date +%H:%M:%S)" "$dir" "$1" >&2
}

# remove_cpu_groups PREFIX: removes the groups under CPU_GROUP_ROOT/PREFIX that no process uses
# any more, then the root itself when it is empty.
remove_cpu_groups() {
  local dir="$CPU_GROUP_ROOT/$1" child
  [[ -d "$dir" ]] || return 0
  for child in "$dir"/*/; do
    [[ -d "$child" ]] && { rmdir "$child" 2>/dev/null || true; }
  done
  rmdir "$dir" 2>/dev/null || true
  rmdir "$CPU_GROUP_ROOT" 2>/dev/null || true
}
