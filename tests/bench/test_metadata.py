import json
from pathlib import Path

import pytest

from bench.results.errors import InputError
from bench.results.metadata import load_metadata

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def write(tmp_path, document):
    (tmp_path / "metadata.json").write_text(json.dumps(document))
    return tmp_path


def quick_metadata():
    return json.loads((FIXTURES / "quick/metadata.json").read_text())


def test_recorded_metadata_loads():
    metadata = load_metadata(FIXTURES / "quick")

    assert [a.id for a in metadata.architectures] == ["rest", "graphql"]
    assert [p.name for p in metadata.measured_phases] == ["rps20", "rps50"]
    assert metadata.phase("warmup").warmup
    assert len(metadata.runs) == 12
    assert metadata.runs[0].file == "runs/rest/warmup.rep1.json"


def test_missing_metadata(tmp_path):
    with pytest.raises(InputError, match="metadata.json: not found"):
        load_metadata(tmp_path)


def test_wrong_schema(tmp_path):
    with pytest.raises(InputError, match="expected 'bench.metadata/1'"):
        load_metadata(write(tmp_path, {**quick_metadata(), "schema": "other"}))


def test_run_naming_an_unknown_architecture(tmp_path):
    document = quick_metadata()
    document["runs"][0]["architecture"] = "soap"

    with pytest.raises(InputError, match="unknown architecture 'soap'"):
        load_metadata(write(tmp_path, document))


def test_phase_without_target(tmp_path):
    document = quick_metadata()
    del document["phases"][1]["target_rps"]

    with pytest.raises(InputError, match="phase 'rps20' lacks 'target_rps'"):
        load_metadata(write(tmp_path, document))


def test_unknown_kind(tmp_path):
    document = quick_metadata()
    document["architectures"][0]["kind"] = "grpc"

    with pytest.raises(InputError, match="kind 'grpc'"):
        load_metadata(write(tmp_path, document))


def test_two_architectures_with_one_id_are_refused(tmp_path):
    document = quick_metadata()
    document["architectures"][1]["id"] = "rest"

    with pytest.raises(InputError, match="two architectures share an id"):
        load_metadata(write(tmp_path, document))


def test_a_repeated_architecture_names_its_base(tmp_path):
    document = quick_metadata()
    document["architectures"].append({"id": "graphql-2", "label": "GraphQL #2", "kind": "graphql", "base": "graphql"})
    assert load_metadata(write(tmp_path, document)).architectures[-1].base == "graphql"

    document["architectures"][-1]["base"] = "soap"
    with pytest.raises(InputError, match="repeats unknown architecture 'soap'"):
        load_metadata(write(tmp_path, document))


def test_warm_up_until_steady_and_its_verdict_are_read(tmp_path):
    document = quick_metadata()
    document["phases"].insert(1, {"name": "settle", "target_rps": 20, "duration_s": 60, "warmup": True,
                                  "until_steady": True})
    document["runs"].insert(1, {"architecture": "rest", "phase": "settle", "repeat": 1, "file": "runs/rest/settle.json",
                                "stopped_early": True, "cpu_steal": 0.01, "steady": {"steady": True, "steady_after_s": 30}})

    metadata = load_metadata(write(tmp_path, document))

    assert metadata.phase("settle").until_steady and not metadata.phase("warmup").until_steady
    settle = metadata.runs[1]
    assert settle.stopped_early and settle.cpu_steal == 0.01 and settle.steady["steady_after_s"] == 30
