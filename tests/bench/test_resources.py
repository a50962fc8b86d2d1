import json

import pytest

from bench.errors import InputError
from bench.resources import ResourceUsage, load_resources


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
    assert resources[("rest", "rps20")]["nginx"] == ResourceUsage(20.0, 6e6, None, 1000)


def test_wrong_schema_is_an_input_error(tmp_path):
    (tmp_path / "resources.json").write_text('{"schema": "x", "samples": []}')

    with pytest.raises(InputError, match="bench.resources/1"):
        load_resources(tmp_path)
