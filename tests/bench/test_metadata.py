import json
from pathlib import Path

import pytest

from bench.errors import InputError
from bench.metadata import load_metadata

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
