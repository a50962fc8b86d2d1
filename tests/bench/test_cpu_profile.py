"""The CPU profile: categories and top frames from collapsed stacks, the flame graph, and the
whole path on a real JVM (jcmd JFR.start/stop, then the JDK's consumer API)."""
import json
import subprocess
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest

from bench.harness import cpu_profile, flamegraph

STACKS = Counter({
    "java.lang.Thread.run;com.ibm.ws.http.channel.Handler.ready;org.eclipse.yasson.Serializer.write;"
    "java.util.HashMap.getNode": 6,
    "java.lang.Thread.run;com.ibm.ws.http.channel.Handler.ready;graphql.parser.Parser.parseDocument": 3,
    "java.lang.Thread.run;some.vendor.Thing.spin": 1,
})


def test_a_sample_counts_for_the_innermost_known_subsystem():
    assert cpu_profile.category("a.Root.run;com.ibm.ws.http.X.y;org.eclipse.yasson.S.w;java.util.HashMap.get") == "JSON"
    assert cpu_profile.category("graphql.execution.E.run;graphql.validation.V.check") == \
        "GraphQL parsing and validation"
    assert cpu_profile.category("some.vendor.Thing.spin") == cpu_profile.OTHER

    assert cpu_profile.categories(STACKS) == [
        {"category": "JSON", "samples": 6, "share": 0.6},
        {"category": "GraphQL parsing and validation", "samples": 3, "share": 0.3},
        {"category": "other", "samples": 1, "share": 0.1},
    ]


def test_top_frames_are_the_executing_methods():
    assert cpu_profile.top_frames(STACKS, limit=2) == [
        {"frame": "java.util.HashMap.getNode", "samples": 6, "share": 0.6},
        {"frame": "graphql.parser.Parser.parseDocument", "samples": 3, "share": 0.3},
    ]


def test_collapsed_lines_are_read_back():
    assert cpu_profile.read_collapsed("a;b 3\na;c 2\na;b 1\nbroken\n") == Counter({"a;b": 4, "a;c": 2})


def test_the_flame_graph_is_an_svg_with_one_box_per_frame_as_wide_as_its_samples():
    svg = flamegraph.render(STACKS, "test <profile>")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    widths = {g.find(f"{ns}title").text.split(" (")[0]: float(g.find(f"{ns}rect").get("width"))
              for g in root.iter(f"{ns}g")}

    assert widths["all"] == pytest.approx(flamegraph.WIDTH)
    assert widths["java.lang.Thread.run"] == pytest.approx(flamegraph.WIDTH)
    assert widths["org.eclipse.yasson.Serializer.write"] == pytest.approx(flamegraph.WIDTH * 0.6)
    assert "test &lt;profile&gt;" in svg


BUSY = """
public class Busy {
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        long sum = 0;
        while (true) { sum += spin(sum); }
    }
    static long spin(long seed) {
        long x = seed;
        for (int i = 0; i < 100_000; i++) { x = x * 6364136223846793005L + 1442695040888963407L; }
        return x & 1;
    }
}
"""


def test_a_real_jvm_is_recorded_summarised_and_drawn(tmp_path):
    source = tmp_path / "Busy.java"
    source.write_text(BUSY)
    busy = subprocess.Popen(["java", str(source)], stdout=subprocess.PIPE, text=True)
    try:
        assert busy.stdout.readline().strip() == "ready"
        logged = []
        recordings = cpu_profile.start("test", {"busy": busy.pid}, tmp_path / "profiles" / "test", 1, logged.append)
        assert [r.component for r in recordings] == ["busy"], logged
        time.sleep(3)
        written = cpu_profile.stop(recordings, logged.append)
        assert written and written[0].path.stat().st_size > 0, logged
        summary = cpu_profile.summarise(written[0], tmp_path)
    finally:
        busy.kill()
        busy.wait()

    assert summary["samples"] > 20 and summary["window_s"] > 1
    assert summary["top_frames"][0]["frame"] in ("Busy.spin", "Busy.main")
    assert (tmp_path / summary["flamegraph"]).read_text().startswith("<svg")
    assert summary["recording"] == "profiles/test/busy.jfr"
    cpu_profile.write(tmp_path, "rps300", [summary], [{"architecture": "test", "component": "nginx", "increase": {}}])
    assert cpu_profile.load(tmp_path)["components"][0]["component"] == "busy"
    assert json.loads((tmp_path / "cpu_profiles.json").read_text())["schema"] == cpu_profile.SCHEMA


def test_a_jvm_that_is_gone_is_logged_and_left_out(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()
    logged = []

    assert cpu_profile.start("test", {"user-service": gone.pid}, tmp_path, 1, logged.append) == []
    assert "CPU profile of test user-service not started" in logged[0]
