"""bench.requestlog: the per-request log processor.js writes."""
import gzip

import pytest

from bench.results.errors import InputError
from bench.results.requestlog import Exchange, LiveReader, compact, files, percentile, read, read_compact


def test_reads_every_file_of_a_prefix_in_send_order(tmp_path):
    (tmp_path / "fault.100-0.ndjson").write_text(
        '{"t": 3, "s": "API-1", "c": 200, "ms": 12, "o": "ok"}\n'
        '{"t": 1, "s": "API-2", "c": 0, "ms": 2, "o": "no-response", "e": "ECONNREFUSED"}\n')
    (tmp_path / "fault.100-1.ndjson").write_text('{"t": 2, "s": "API-3", "c": 200, "ms": 40, "o": "partial"}\n')
    (tmp_path / "clean.100-0.ndjson").write_text('{"t": 0, "s": "API-1", "c": 200, "ms": 1, "o": "ok"}\n')
    exchanges = read(tmp_path / "fault")
    assert [e.sent_ms for e in exchanges] == [1, 2, 3]
    assert exchanges[0] == Exchange(1, "API-2", 0, 2, "no-response", "ECONNREFUSED", 0)


def test_a_corrupt_line_names_file_and_line(tmp_path):
    (tmp_path / "fault.1-0.ndjson").write_text('{"t": 1, "s": "API-1", "c": 200, "ms": 1, "o": "ok"}\n{"t":\n')
    with pytest.raises(InputError, match=r"fault.1-0.ndjson:2"):
        read(tmp_path / "fault")


@pytest.mark.parametrize("exchange, words", [
    (Exchange(0, "API-1", 502, 3, "error"), "HTTP 502"),
    (Exchange(0, "API-2", 200, 3, "partial"), "HTTP 200: partial data + errors"),
    (Exchange(0, "API-1", 200, 3, "error"), "HTTP 200: data null + errors"),
    (Exchange(0, "API-1", 0, 3, "no-response", "ECONNREFUSED"), "no response (ECONNREFUSED)"),
])
def test_surface_says_how_a_failure_reached_the_client(exchange, words):
    assert exchange.surface() == words


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.99) == 99
    assert percentile(values, 0.5) == 50
    assert percentile([], 0.5) is None


def test_body_bytes_are_read_and_default_to_zero(tmp_path):
    (tmp_path / "run.1-0.ndjson").write_text(
        '{"t": 1, "s": "API-1", "c": 200, "ms": 12, "o": "ok", "b": 14535}\n'
        '{"t": 2, "s": "API-1", "c": 200, "ms": 12, "o": "ok"}\n')
    assert [e.body_bytes for e in read(tmp_path / "run")] == [14535, 0]


def test_compact_keeps_every_line_in_send_order_and_removes_the_raw_files(tmp_path):
    (tmp_path / "run.100-0.ndjson").write_text(
        '{"t": 3, "s": "API-1", "c": 200, "ms": 12, "o": "ok", "b": 5}\n'
        '{"t": 1, "s": "API-2", "c": 0, "ms": 10004, "o": "no-response", "b": 0, "e": "ERR_SOCKET_TIMEOUT"}\n')
    (tmp_path / "run.100-1.ndjson").write_text('{"t": 2, "s": "API-3", "c": 200, "ms": 40, "o": "partial", "b": 9}\n')
    before = read(tmp_path / "run")

    path = compact(tmp_path / "run")

    assert path == tmp_path / "run.requests.ndjson.gz"
    assert files(tmp_path / "run") == []
    assert read_compact(path) == before
    assert read(tmp_path / "run") == before  # the prefix still finds the compacted file
    assert gzip.decompress(path.read_bytes()).decode().splitlines()[0] == (
        '{"t":1,"s":"API-2","c":0,"ms":10004,"o":"no-response","b":0,"e":"ERR_SOCKET_TIMEOUT"}')


def test_an_empty_log_compacts_to_an_empty_file(tmp_path):
    assert read_compact(compact(tmp_path / "nothing")) == []


def test_a_missing_or_truncated_compact_log_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="per-request log not found"):
        read_compact(tmp_path / "x.requests.ndjson.gz")
    cut = tmp_path / "cut.requests.ndjson.gz"
    cut.write_bytes(gzip.compress(b'{"t": 1, "s": "API-1", "c": 200, "ms": 1, "o": "ok"}\n' * 50)[:40])
    with pytest.raises(InputError, match="not a readable gzip file"):
        read_compact(cut)


def test_live_reader_returns_each_completed_line_once(tmp_path):
    path = tmp_path / "settle.7-0.ndjson"
    reader = LiveReader(tmp_path / "settle")
    assert reader.poll() == []
    path.write_text('{"t": 1, "s": "API-1", "c": 200, "ms": 5, "o": "ok"}\n{"t": 2, "s": "API-1", "c"')
    assert [e.sent_ms for e in reader.poll()] == [1]
    with open(path, "a") as stream:
        stream.write(': 200, "ms": 6, "o": "ok"}\n')
    assert [(e.sent_ms, e.latency_ms) for e in reader.poll()] == [(2, 6)]
    assert reader.poll() == []
