"""The runner's progress lines, read from Artillery's real console output (fixtures/console,
recorded by fixtures/recording/record.py)."""
from pathlib import Path

from bench.harness.progress import ConsoleReader, PhaseProgress, load_lines
from bench.report.aggregate import check_run
from bench.results.artillery_output import parse_artillery_output
from bench.results.metadata import Phase

FIXTURES = Path(__file__).parent / "fixtures"
CONSOLE = FIXTURES / "console"


def progress_lines(name, target_rps, duration_s, text=None, label="rest rps40 2/4"):
    progress = PhaseProgress(label, target_rps, duration_s)
    lines = []
    for line in (text if text is not None else (CONSOLE / name).read_text()).splitlines(keepends=True):
        lines += progress.feed(line)
    return lines + progress.finish()


def test_a_phase_with_errors_gives_one_labelled_line_per_window_and_one_for_its_totals():
    # 40 req/s for 25 s against a misbehaving stand-in: 500s, dropped connections and 10 s
    # timeouts that keep arriving after the last request was sent.
    assert progress_lines("rest-faulty-rps40-full-phase.log", 40, 25) == [
        "  [rest rps40 2/4] 00:08 of 00:25 | sent 40.2 req/s (target 40) | last 8 s: p95 7.9 ms (slowest: API-2), "
        "errors 43.9 % (116 of 264 completed) | phase so far: 116 errors",
        "  [rest rps40 2/4] 00:18 of 00:25 | sent 40.1 req/s (target 40) | last 10 s: p95 7.9 ms (slowest: API-1), "
        "errors 54.7 % (209 of 382 completed) | phase so far: 325 errors",
        "  [rest rps40 2/4] 00:28 (arrivals ended at 00:25) | last 10 s: p95 7.0 ms (slowest: API-2), "
        "errors 53.8 % (164 of 305 completed) | phase so far: 489 errors | 49 requests in flight",
        "  [rest rps40 2/4] 00:35 (arrivals ended at 00:25) | last 7 s: p95 -, errors 100.0 % (49 of 49 completed) "
        "| phase so far: 538 errors",
        "  [rest rps40 2/4] phase done, totals: 1,000 requests sent "
        "| errors 538 = 53.8 % of 1,000 completed | p95 API-1 6.0 ms, API-2 7.9 ms",
    ]


def test_the_summary_report_is_not_printed_as_one_more_window():
    # The old line printed Artillery's final summary like a 10 s window: the same elapsed time
    # as the last window but the whole phase's p95 and errors, which contradicted it.
    lines = progress_lines("rest-faulty-rps40-full-phase.log", 40, 25)
    windows = [line for line in lines if "last " in line]
    totals = [line for line in lines if "phase done" in line]
    assert len(windows) == 4 and len(totals) == 1
    assert lines[-1] == totals[0]
    # Cumulative errors of the windows add up to the summary's total.
    assert windows[-1].endswith("phase so far: 538 errors") and "errors 538 " in totals[0]


def test_a_generator_that_falls_behind_is_warned_about():
    # 2500 req/s is more than one Artillery process sends on this machine: the 15 s of
    # arrivals took 36 s.
    lines = progress_lines("rest-overload-rps2500-full-phase.log", 2500, 15, label="rest rps2500 1/1")
    warnings = [line for line in lines if "WARNING" in line]
    assert warnings == [
        "  [rest rps2500 1/1] WARNING: the generator is behind: it sent 589 req/s in the last 5 s, "
        "24 % of the 2,500 req/s target",
        "  [rest rps2500 1/1] WARNING: the generator is behind: it sent 907 req/s in the last 10 s, "
        "36 % of the 2,500 req/s target",
        "  [rest rps2500 1/1] WARNING: the generator is behind: it sent 1,227 req/s in the last 10 s, "
        "49 % of the 2,500 req/s target",
        "  [rest rps2500 1/1] WARNING: arrivals are running past the planned 00:15: the generator cannot "
        "send at the target rate",
        # the window that ended just before Artillery's "Phase completed" line
        "  [rest rps2500 1/1] WARNING: the generator is behind: it sent 1,184 req/s in the last 10 s, "
        "47 % of the 2,500 req/s target",
        "  [rest rps2500 1/1] WARNING: arrivals are running past the planned 00:15: the generator cannot "
        "send at the target rate",
    ]
    assert lines[-1].startswith("  [rest rps2500 1/1] phase done, totals: 37,500 requests sent | ")


def test_after_the_phase_the_request_log_is_judged_by_the_reports_rule():
    # The whole phase's arrival window, rate and late sends come from its request log, through
    # the same check the report applies (bench.aggregate.check_run), so the warning says exactly
    # what the report will mark. Recorded: 2500 req/s for 5 s, more than the generator sends.
    out = FIXTURES / "overload/runs/rest"
    check, _ = check_run(parse_artillery_output(out / "rps2500.json"), out / "rps2500.requests.ndjson.gz",
                         Phase("rps2500", 2500, 5, warmup=False), 0.001)
    assert check.generator_limited
    lines = load_lines("rest rps2500 1/1", check)
    assert lines[0].startswith(f"  [rest rps2500 1/1] request log: {check.requests:,} requests sent in ")
    assert " req/s (target 2,500 for 5 s) | sends behind schedule: p50 " in lines[0]
    assert lines[0].endswith(" | CPU steal 0.1 %")
    assert lines[1].startswith("  [rest rps2500 1/1] WARNING: the generator did not keep up with this phase (")
    assert "1 % of sends were over " in lines[1] and lines[1].endswith("): the report marks it generator-limited")
    assert load_lines("rest warmup 1/4", check, measured=False)[1].endswith("): a warm-up: not measured")


def test_a_phase_the_generator_kept_up_with_gets_one_load_line_and_no_warning():
    out = FIXTURES / "quick/runs/rest"
    check, _ = check_run(parse_artillery_output(out / "rps20.rep1.json"), out / "rps20.rep1.requests.ndjson.gz",
                         Phase("rps20", 20, 10, warmup=False), None)
    assert not check.generator_limited
    lines = load_lines("rest rps20 2/3", check)
    assert len(lines) == 1 and " req/s (target 20 for 10 s) | sends behind schedule: p50 " in lines[0]
    assert "CPU steal" not in lines[0]


def test_a_generator_that_keeps_up_gets_no_warning():
    assert not [line for line in progress_lines("rest-faulty-rps40-full-phase.log", 40, 25) if "WARNING" in line]


def test_a_window_rate_is_its_requests_over_its_own_width():
    # Artillery's http.request_rate divides by at least one second, so a first period cut after
    # 0.2 s read 59 req/s in a 300 req/s phase. The same recorded first period, cut to 0.2 s:
    text = (CONSOLE / "graphql-rps100-first-period.log").read_text()
    assert "(width: 6.355s)" in text and "vusers.created: " in text
    full = progress_lines(None, 100, 30, text=text)
    assert "sent 100 req/s (target 100)" in full[0]  # 637 requests / 6.355 s
    short = progress_lines(None, 300, 30, text=text.replace("(width: 6.355s)", "(width: 0.2s)"))
    assert "sent 637 requests (target 300 req/s)" in short[0] and "WARNING" not in "".join(short)


def test_p95_is_the_slowest_scenario_of_the_window_and_error_statuses_count():
    # A window recorded mid-phase (no "Phase started" line before it, and cut before its end).
    lines = progress_lines("rest-rps300-second-period.log", 300, 300)
    assert lines == ["  [rest rps40 2/4] sent 302 req/s (target 300) | last 10 s: p95 6,570 ms (slowest: API-4), "
                     "errors 27.0 % (647 of 2,400 completed) | phase so far: 647 errors"]  # 503s and 504s


def test_graphql_errors_count_as_errors():
    text = (CONSOLE / "graphql-rps100-first-period.log").read_text()
    with_errors = text.replace("vusers.completed:", "graphql.errors.API-1: ..... 12\nvusers.completed:")
    assert "errors 2.0 % (12 of 595 completed)" in progress_lines(None, 100, 30, text=with_errors)[0]


def test_colour_codes_and_a_phase_over_midnight():
    text = (CONSOLE / "rest-faulty-rps40-full-phase.log").read_text()
    text = text.replace("Phase started: load", "Phase started: \x1b[32mload\x1b[39m")
    for before, after in [("09:18:12", "23:59:52"), ("09:18:20", "00:00:00"), ("09:18:30", "00:00:10"),
                          ("09:18:37", "00:00:17"), ("09:18:40", "00:00:20")]:
        text = text.replace(before, after)
    lines = progress_lines(None, 40, 25, text=text)
    assert lines[0].startswith("  [rest rps40 2/4] 00:08 of 00:25 |")
    assert lines[2].startswith("  [rest rps40 2/4] 00:28 (arrivals ended at 00:25) |")


def test_artillery_rates_and_other_lines_are_not_counters():
    reader = ConsoleReader()
    events = []
    for line in (CONSOLE / "rest-faulty-rps40-full-phase.log").read_text().splitlines(keepends=True):
        events += reader.feed(line)
    blocks = [value for kind, value in events if kind == "block"]
    assert [b.kind for b in blocks] == ["period"] * 4 + ["summary"]
    assert all("http.request_rate" not in b.counters for b in blocks)
    assert [kind for kind, _ in events if kind != "block"] == ["started", "completed"]
    assert blocks[-1].summaries["bench.send_offset_ms"]["max"] == 24967


def test_every_window_line_names_what_its_figures_are():
    for line in progress_lines("rest-overload-rps2500-full-phase.log", 2500, 15):
        if "WARNING" in line or "phase done" in line:
            continue
        assert "last " in line and "p95 " in line and "errors " in line and "phase so far: " in line


def test_without_the_processor_metrics_p95_is_artillery_time_to_first_byte():
    text = (CONSOLE / "graphql-rps100-first-period.log").read_text().replace("bench.latency.", "other.latency.")
    assert "last 6 s: p95 646 ms (time to first byte, all requests)" in progress_lines(None, 100, 30, text=text)[0]
