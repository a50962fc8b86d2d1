"""A container's figures as the kernel counts them (bench.harness.deployments.cgroups), read from
cgroup v1 and v2 trees laid out as on a real host, and how they join Prometheus' samples in
resources.json (bench.results.resources)."""
import pytest

from bench.harness.deployments.cgroups import (
    ContainerCgroup,
    cgroup_paths,
    established,
    interface_bytes,
    oom_kills_in_kernel_log,
)
from bench.results.resources import _usage, overlay, system_usage

# /proc/<pid>/net/dev of a container: loopback and its eth0 (the bridge side).
NET_DEV = """Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    9000      10    0    0    0     0          0         0     9000      10    0    0    0     0       0          0
  eth0: 1500000    1200    0    0    0     0          0         0  7200000     900    0    0    0     0       0          0
"""
V1_CGROUP = """12:pids:/libpod_parent/libpod-abc
4:cpu,cpuacct:/libpod_parent/libpod-abc
3:memory:/libpod_parent/libpod-abc
1:name=systemd:/libpod_parent/libpod-abc
0::/
"""
PATH = "/libpod_parent/libpod-abc"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def proc_of(tmp_path, pid, cgroup_text):
    proc = tmp_path / "proc"
    write(proc / str(pid) / "cgroup", cgroup_text)
    write(proc / str(pid) / "net/dev", NET_DEV)
    return proc


def test_v1_counters_come_from_the_container_cgroups_and_its_interface(tmp_path):
    root = tmp_path / "cgroup"
    write(root / "cpu,cpuacct" / PATH.lstrip("/") / "cpuacct.usage", "2500000000\n")
    write(root / "cpu,cpuacct" / PATH.lstrip("/") / "cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 30000000\n")
    memory = root / "memory" / PATH.lstrip("/")
    write(memory / "memory.usage_in_bytes", "300000000\n")
    write(memory / "memory.max_usage_in_bytes", "400000000\n")
    write(memory / "memory.limit_in_bytes", "536870912\n")
    write(memory / "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n")

    cgroup = ContainerCgroup(7, proc=proc_of(tmp_path, 7, V1_CGROUP), root=root)
    counters = cgroup.read()

    assert (counters.cpu_ns, counters.throttled_ns) == (2_500_000_000, 30_000_000)
    assert (counters.memory_bytes, counters.memory_limit_bytes, counters.oom_kills) == (300000000, 536870912, 1)
    assert (counters.net_rx_bytes, counters.net_tx_bytes) == (1500000, 7200000), "loopback is not the bridge"
    assert cgroup.memory_path() == PATH
    assert cgroup.reset_memory_peak() and cgroup.memory_peak() == 0


def test_v1_without_a_memory_limit_says_none(tmp_path):
    root = tmp_path / "cgroup"
    write(root / "memory" / PATH.lstrip("/") / "memory.limit_in_bytes", "9223372036854771712\n")
    counters = ContainerCgroup(7, proc=proc_of(tmp_path, 7, V1_CGROUP), root=root).read()
    assert counters.memory_limit_bytes is None and counters.cpu_ns is None


def test_v2_counters_come_from_the_unified_hierarchy(tmp_path):
    root = tmp_path / "cgroup"
    group = root / "system.slice/docker-abc.scope"
    write(group / "cpu.stat", "usage_usec 1500000\nuser_usec 1000000\nthrottled_usec 250\n")
    write(group / "memory.current", "123\n")
    write(group / "memory.max", "max\n")
    write(group / "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")

    counters = ContainerCgroup(9, proc=proc_of(tmp_path, 9, "0::/system.slice/docker-abc.scope\n"), root=root).read()

    assert (counters.cpu_ns, counters.throttled_ns, counters.memory_bytes) == (1_500_000_000, 250_000, 123)
    assert counters.memory_limit_bytes is None and counters.oom_kills == 1


def test_cgroup_paths_leave_named_hierarchies_and_the_hybrid_v2_line_out():
    assert cgroup_paths(V1_CGROUP) == {"pids": PATH, "cpu,cpuacct": PATH, "memory": PATH}
    assert cgroup_paths("0::/x\n") == {"": "/x"}


def test_interface_bytes_of_a_container_without_eth0_are_zero():
    assert interface_bytes(NET_DEV.split("  eth0")[0]) == (0, 0)


def test_oom_kills_are_counted_from_the_kernel_log_per_cgroup():
    log = ("[ 10.0] java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
           "[ 10.1] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=libpod-abc,mems_allowed=0,"
           f"oom_memcg={PATH},task_memcg={PATH},task=java,pid=4242,uid=1001\n"
           "[ 10.2] Memory cgroup out of memory: Killed process 4242 (java)\n"
           "[ 20.0] oom-kill:constraint=CONSTRAINT_MEMCG,oom_memcg=/libpod_parent/libpod-other,task=nginx\n")
    assert oom_kills_in_kernel_log([PATH, "/libpod_parent/libpod-none"], log) == {
        PATH: 1, "/libpod_parent/libpod-none": 0}


def test_container_figures_replace_the_process_figures_of_the_same_component():
    prometheus = [{"architecture": "rest", "phase": "rps100", "repeat": 1, "component": "nginx", "window_s": 30,
                   "cpu_percent": 5.0, "cpu_seconds": 1.5, "rss_bytes": 9e6, "inflight_peak": 4.0},
                  {"architecture": "rest", "phase": "rps100", "repeat": 1, "component": "artillery",
                   "window_s": 30, "cpu_percent": 60.0, "cpu_seconds": 18.0}]
    figures = {"nginx": {"window_s": 32.0, "cpu_seconds": 1.6, "memory_peak_bytes": 2e7, "memory_limit_bytes": 268435456,
                         "net_rx_bytes": 10, "net_tx_bytes": 20, "oom_kills": 0, "restarts": 0},
               "user-service": {"window_s": 32.0, "cpu_seconds": 3.2, "net_rx_bytes": 5, "net_tx_bytes": 6}}

    merged = {s["component"]: s for s in overlay(prometheus, figures, "rest", "rps100", 1, "t0", "t1")}

    assert merged["nginx"]["cpu_seconds"] == 1.6 and merged["nginx"]["cpu_percent"] == 5.0
    assert merged["nginx"]["inflight_peak"] == 4.0 and merged["nginx"]["rss_bytes"] == 9e6, "Prometheus' own figures stay"
    assert merged["nginx"]["memory_limit_bytes"] == 268435456 and merged["nginx"]["window_s"] == 32.0
    assert merged["user-service"]["cpu_percent"] == 10.0, "a component only the deployment saw"
    assert merged["artillery"]["cpu_seconds"] == 18.0, "the generator is not a container"


@pytest.mark.parametrize("field", ["oom_kills", "restarts"])
def test_an_oom_kill_in_any_repeat_is_reported(field):
    usage = _usage([{"repeat": 1, field: 0}, {"repeat": 2, field: 1}, {"repeat": 3, field: 0}])
    assert getattr(usage, field) == 1, "a median would hide it"


def test_the_system_row_adds_limits_and_kills_of_its_containers():
    parts = {name: _usage([{"repeat": 1, "cpu_seconds": 1.0, "memory_limit_bytes": limit, "oom_kills": kills,
                            "memory_peak_bytes": 100}])
             for name, limit, kills in (("nginx", 256, 0), ("user-service", 512, 1))}
    parts["artillery"] = _usage([{"repeat": 1, "cpu_seconds": 9.0}])
    system = system_usage(parts)
    assert (system.cpu_seconds, system.memory_limit_bytes, system.oom_kills) == (2.0, 768, 1)
    assert system.memory_peak_bytes is None, "peaks of different moments do not add up"


def test_a_restarted_container_leaves_the_systems_cpu_unknown_and_its_kill_counted():
    parts = {"nginx": _usage([{"repeat": 1, "cpu_seconds": 1.0, "memory_limit_bytes": 256, "oom_kills": 0}]),
             "user-service": _usage([{"repeat": 1, "memory_limit_bytes": 512, "oom_kills": 1, "restarts": 1}]),
             "artillery": _usage([{"repeat": 1, "cpu_seconds": 9.0}])}
    system = system_usage(parts)
    assert system.cpu_seconds is None and system.cpu_percent is None, "a partial sum would understate the cost"
    assert (system.memory_limit_bytes, system.oom_kills, system.restarts) == (768, 1, 1)


def test_established_connections_are_counted_per_local_port_in_a_namespaces_socket_table(tmp_path):
    header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
    write(tmp_path / "net/tcp", header
          + "   0: 0100007F:2378 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n"  # listening 9080
          + "   1: 0100007F:2378 0100007F:9C40 01 00000000:00000000 00:00000000 00000000 0 0 2\n"  # established
          + "   2: 0100007F:9C41 0100007F:2378 01 00000000:00000000 00:00000000 00000000 0 0 3\n")  # outgoing
    write(tmp_path / "net/tcp6", header
          + "   0: 00000000000000000000000001000000:2378 00000000000000000000000001000000:A000 01 0:0 0:0 0 0 0 4\n")
    assert established(tmp_path, 9080) == 2 and established(tmp_path, 9101) == 0
