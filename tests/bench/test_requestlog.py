"""bench.requestlog: the per-request log processor.js writes."""
import pytest

from bench.errors import InputError
from bench.requestlog import Exchange, percentile, read


def test_reads_every_file_of_a_prefix_in_send_order(tmp_path):
    (tmp_path / "fault.100-0.ndjson").write_text(
        '{"t": 3, "s": "API-1", "c": 200, "ms": 12, "o": "ok"}\n'
        '{"t": 1, "s": "API-2", "c": 0, "ms": 2, "o": "no-response", "e": "ECONNREFUSED"}\n')
    (tmp_path / "fault.100-1.ndjson").write_text('{"t": 2, "s": "API-3", "c": 200, "ms": 40, "o": "partial"}\n')
    (tmp_path / "clean.100-0.ndjson").write_text('{"t": 0, "s": "API-1", "c": 200, "ms": 1, "o": "ok"}\n')
    exchanges = read(tmp_path / "fault")
    assert [e.sent_ms for e in exchanges] == [1, 2, 3]
    assert exchanges[0] == Exchange(1, "API-2", 0, 2, "no-response", "ECONNREFUSED")


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
