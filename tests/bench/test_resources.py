import json

import pytest

from bench.results.errors import InputError
from bench.results.resources import Cost, ResourceUsage, cost, load_resources, system_usage


def sample(repeat, cpu, rss, component="nginx"):
    return {"architecture": "rest", "phase": "rps20", "repeat": repeat, "component": component,
            "cpu_percent": cpu, "rss_bytes": rss, "net_rx_bytes": None, "net_tx_bytes": 1000}


def test_absent_file_means_not_collected(tmp_path):
    assert load_resources(tmp_path) is None


def test_median_over_repeats_per_component(tmp_path):
    (tmp_path / "resources.json").write_text(json.dumps({
        "schema": "bench.resources/1",
        "samples": [sample(1, 10.0, 5e6), sample(2, 30.0, 7e6), sample(3, 20.0, None), sample(1, 90.0, 1e8, "router")],
    }))

    resources = load_resources(tmp_path)

    assert list(resources[("rest", "rps20")]) == ["nginx", "router"]
    nginx = resources[("rest", "rps20")]["nginx"]
    assert (nginx.cpu_percent, nginx.rss_bytes, nginx.net_rx_bytes, nginx.net_tx_bytes) == (20.0, 6e6, None, 1000)


def test_wrong_schema_is_an_input_error(tmp_path):
    (tmp_path / "resources.json").write_text('{"schema": "x", "samples": []}')

    with pytest.raises(InputError, match="bench.resources/1"):
        load_resources(tmp_path)


def test_cpu_seconds_are_summed_over_repeats_and_divided_by_their_successes(tmp_path):
    samples = [
        {**sample(1, 50.0, 5e6), "window_s": 20},                       # 10 CPU s
        {**sample(2, None, 5e6), "cpu_seconds": 14.0, "window_s": 20},  # given directly
        {**sample(1, 10.0, 1e6, "artillery"), "window_s": 20},
    ]
    (tmp_path / "resources.json").write_text(json.dumps({"schema": "bench.resources/1", "samples": samples}))

    usage = load_resources(tmp_path)[("rest", "rps20")]

    assert usage["nginx"].cpu_seconds == 24.0 and usage["nginx"].cpu_repeats == ((1, 1), (2, 1))
    result = cost(usage["nginx"], {(1, 1): 4000, (2, 1): 8000})
    assert result == Cost(cpu_ms_per_success=2.0, successes_per_core_s=500.0)
    # Only the repeats with a CPU figure count on both sides of the ratio.
    assert cost(usage["artillery"], {(1, 1): 4000, (2, 1): 8000}).cpu_ms_per_success == 0.5


def test_the_trials_of_a_block_are_runs_of_their_own(tmp_path):
    # Interleaved design: two trials in one block; CPU and successes pair up per (block, trial).
    samples = [{**sample(1, None, 5e6), "trial": 1, "cpu_seconds": 3.0, "window_s": 10},
               {**sample(1, None, 5e6), "trial": 2, "cpu_seconds": 5.0, "window_s": 10}]
    (tmp_path / "resources.json").write_text(json.dumps({"schema": "bench.resources/1", "samples": samples}))

    usage = load_resources(tmp_path)[("rest", "rps20")]["nginx"]

    assert usage.cpu_seconds == 8.0 and usage.cpu_repeats == ((1, 1), (1, 2))
    assert cost(usage, {(1, 1): 1000, (1, 2): 3000}).cpu_ms_per_success == 2.0
    assert cost(usage, {(1, 1): 1000}).cpu_ms_per_success == 8.0  # a trial without successes counts none


def test_no_successes_or_no_cpu_means_no_cost():
    usage = ResourceUsage(10.0, None, None, None, cpu_seconds=2.0, cpu_repeats=((1, 1),))
    assert cost(usage, {(1, 1): 0}) == Cost(None, None)
    assert cost(ResourceUsage(None, None, None, None), {(1, 1): 100}) == Cost(None, None)


def test_the_system_under_test_is_every_component_but_the_generator():
    parts = {name: ResourceUsage(cpu, None, None, None, cpu_seconds=cpu / 10, cpu_repeats=(1,))
             for name, cpu in (("nginx", 10.0), ("user-service", 30.0), ("artillery", 95.0))}

    system = system_usage(parts)

    assert system.cpu_percent == 40.0 and system.cpu_seconds == 4.0
    assert system_usage({"artillery": parts["artillery"]}) is None
    # A component measured in fewer repeats would mix runs into one sum.
    uneven = {**parts, "router": ResourceUsage(5.0, None, None, None, cpu_seconds=1.0, cpu_repeats=(1, 2))}
    assert system_usage(uneven) is None


def test_queue_figures_are_kept_per_component(tmp_path):
    liberty = {**sample(1, 20.0, 1e8, "user-service"), "threads_active_peak": 41, "threads_active_mean": 12.5,
               "pool_size_peak": 44, "pool_size_mean": 30.0, "outgoing_active_peak": 20, "outgoing_size_peak": 24}
    (tmp_path / "resources.json").write_text(json.dumps({"schema": "bench.resources/1", "samples": [liberty]}))

    usage = load_resources(tmp_path)[("rest", "rps20")]["user-service"]

    assert (usage.threads_active_peak, usage.threads_active_mean, usage.pool_size_peak) == (41, 12.5, 44)
    assert (usage.outgoing_active_peak, usage.outgoing_size_peak, usage.outgoing_active_mean) == (20, 24, None)
    assert usage.inflight_peak is None
