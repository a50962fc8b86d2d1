import pytest

from bench.report.capacity import AT_REST_SHARE, SATURATED_SHARE, row, sut_cores
from bench.results.resources import Cost, ResourceUsage


def usage(cpu):
    return ResourceUsage(cpu, None, None, None)


def test_capacity_is_the_spare_cpu_over_the_net_cost_per_success():
    # 60 % of one core at 100 req/s, 10 % of it idle cost: 6 ms per success, 5 ms net;
    # (1000 - 100) ms of spare CPU per second / 5 ms = 180 req/s.
    result = row("rest", 100, 1, usage(60.0), usage(10.0), Cost(6.0, None))

    assert result.net_cpu_ms_per_success == pytest.approx(5.0)
    assert result.capacity_rps == pytest.approx(180.0)
    assert result.load_share == pytest.approx(100 / 180)
    assert result.saturated is False


def test_without_an_idle_figure_the_whole_cost_counts():
    result = row("graphql", 300, 2, usage(120.0), None, Cost(4.0, None))

    assert result.net_cpu_ms_per_success is None
    assert result.capacity_rps == pytest.approx(500.0)
    assert result.load_share == pytest.approx(0.6)


def test_a_stack_still_busy_with_no_load_has_no_idle_cost_subtracted():
    # As GraphQL in containers on 2026-12-07: a subgraph left spinning after 500 req/s made the
    # "idle" reading 100 % of the core, which left a net cost of zero and no capacity at all.
    busy_idle = row("graphql", 500, 1, usage(97.6), usage(100.3), Cost(3.98, None))

    assert busy_idle.idle_at_rest is False
    assert busy_idle.net_cpu_ms_per_success is None
    assert busy_idle.capacity_rps == pytest.approx(1000 / 3.98)
    assert busy_idle.saturated is True
    at_rest = row("graphql", 100, 1, usage(40.0), usage(AT_REST_SHARE * 100), Cost(4.0, None))
    assert at_rest.idle_at_rest is True and at_rest.net_cpu_ms_per_success == pytest.approx(3.0)


def test_a_level_is_saturated_by_its_share_of_capacity_or_by_busy_cores():
    assert row("rest", 300, 1, usage(80.0), usage(0.0), Cost(3.0, None)).saturated is True  # 300 of 333 req/s
    assert row("rest", 100, 1, usage(SATURATED_SHARE * 100), None, Cost(1.0, None)).saturated is True
    assert row("rest", 100, 1, None, None, None).saturated is None


def test_the_cores_are_the_system_under_tests_cpus_else_the_hosts():
    assert sut_cores({"system_under_test_cpus": "1-3"}, 8) == 3
    assert sut_cores({"system_under_test_cpus": "any"}, 8) == 8
    assert sut_cores({}, 2) == 2
