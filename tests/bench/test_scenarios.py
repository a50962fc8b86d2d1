"""The scenario files: same connection policy and mix for both architectures (fairness)."""

import re
from pathlib import Path

import pytest

from bench.results.requestlog import CLIENT_TIMEOUT_MS
from bench.scenarios import TRAFFIC_MIX, mix_with

ARTILLERY = Path(__file__).resolve().parents[2] / "artillery"


def config_block(name: str) -> str:
    text = (ARTILLERY / name).read_text()
    block = text[text.index("\nconfig:"):text.index("\nscenarios:")]
    return re.sub(r'\n  target: "[^"]+"', "", block)


def weights(name: str) -> dict:
    text = (ARTILLERY / name).read_text()
    return {m[0]: int(m[1]) / 100 for m in re.findall(r"- name: (API-\d)\n    weight: (\d+)", text)}


def test_both_files_share_one_config_apart_from_the_target():
    assert config_block("rest.yml") == config_block("graphql.yml")
    assert "pool: 1000" in config_block("rest.yml")
    assert "timeout: 10" in config_block("rest.yml")


def test_targets_are_the_spec_ports():
    assert 'target: "http://127.0.0.1:8080"' in (ARTILLERY / "rest.yml").read_text()
    assert 'target: "http://127.0.0.1:4000"' in (ARTILLERY / "graphql.yml").read_text()


@pytest.mark.parametrize("name", ["rest.yml", "graphql.yml"])
def test_weights_match_the_traffic_mix(name):
    assert weights(name) == TRAFFIC_MIX


@pytest.mark.parametrize("name", ["rest.yml", "graphql.yml"])
def test_every_request_is_named_after_its_scenario(name):
    text = (ARTILLERY / name).read_text()

    assert re.findall(r"\n          name: (API-\d)", text) == ["API-1", "API-2", "API-3", "API-4"]


def test_mix_with_raises_one_scenario_and_scales_the_rest():
    mix = mix_with("API-3", 0.30)

    assert mix["API-3"] == 0.30
    assert sum(mix.values()) == pytest.approx(1.0)
    assert mix["API-1"] / mix["API-2"] == pytest.approx(50 / 30)


def test_the_client_timeout_failures_count_at_is_artillerys():
    assert "timeout: 10\n" in config_block("rest.yml")
    assert CLIENT_TIMEOUT_MS == 10 * 1000
