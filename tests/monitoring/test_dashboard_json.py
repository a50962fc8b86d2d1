"""Grafana provisioning as code: the two dashboards load as Grafana dashboard JSON, carry the
panels SPEC section 6 names, and every panel query is valid PromQL (checked by promtool)."""
import json
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


GRAFANA = ROOT / "monitoring/grafana"
DASHBOARDS = {"Performance Overview": GRAFANA / "dashboards/performance-overview.json",
              "Resource Utilization": GRAFANA / "dashboards/resource-utilization.json"}
# SPEC section 6: what each dashboard must show (matched against panel titles, case-insensitive).
REQUIRED = {
    "Performance Overview": ["requests per second: rest vs graphql", "latency p50 / p95 / p99",
                             "success and error rate", "active virtual users"],
    "Resource Utilization": ["gateway cpu: nginx vs router", "gateway memory", "per-service cpu",
                             "network i/o", "liberty thread pool", "gateway requests in flight"],
}
DATASOURCE = yaml.safe_load((GRAFANA / "provisioning/datasources/prometheus.yml").read_text())["datasources"][0]


def load(title):
    return json.loads(DASHBOARDS[title].read_text())


def all_targets():
    for title in DASHBOARDS:
        for panel in load(title)["panels"]:
            for target in panel["targets"]:
                yield title, panel, target


@pytest.mark.parametrize("title", sorted(DASHBOARDS))
def test_dashboard_is_grafana_json(title):
    dashboard = load(title)
    assert dashboard["title"] == title
    assert dashboard["uid"] and isinstance(dashboard["schemaVersion"], int)
    # Provisioned dashboards must not pin a database id.
    assert dashboard.get("id") is None
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        assert panel["type"] == "timeseries" and panel["title"] and panel["description"]
        assert {"h", "w", "x", "y"} <= panel["gridPos"].keys()
        assert panel["datasource"] == {"type": "prometheus", "uid": DATASOURCE["uid"]}
        assert panel["targets"], f"panel '{panel['title']}' has no query"
        for target in panel["targets"]:
            assert target["expr"].strip() and target["refId"] and target["legendFormat"]
            assert target["datasource"]["uid"] == DATASOURCE["uid"]


def test_dashboard_uids_are_unique():
    assert len({load(title)["uid"] for title in DASHBOARDS}) == len(DASHBOARDS)


@pytest.mark.parametrize("title", sorted(DASHBOARDS))
def test_required_panels_exist(title):
    titles = [panel["title"].lower() for panel in load(title)["panels"]]
    for required in REQUIRED[title]:
        assert any(required in t for t in titles), f"{title}: no panel for '{required}' in {titles}"


def test_panels_do_not_overlap():
    for title in DASHBOARDS:
        cells = set()
        for panel in load(title)["panels"]:
            g = panel["gridPos"]
            area = {(x, y) for x in range(g["x"], g["x"] + g["w"]) for y in range(g["y"], g["y"] + g["h"])}
            assert not cells & area, f"{title}: '{panel['title']}' overlaps another panel"
            assert g["x"] + g["w"] <= 24
            cells |= area


def test_every_query_is_valid_promql(promtool, tmp_path):
    # promtool parses PromQL offline when it checks recording rules: one rule per panel query.
    rules = [{"record": f"dashboard:query_{n}", "expr": target["expr"]}
             for n, (_, _, target) in enumerate(all_targets())]
    path = tmp_path / "queries.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    result = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_queries_use_no_grafana_only_variables():
    # tests/system/test_dashboards.py runs the queries as they are against Prometheus.
    for title, panel, target in all_targets():
        assert "$__" not in target["expr"] and "${" not in target["expr"], (title, panel["title"])


def test_architecture_panels_group_by_arch():
    for _title, panel, target in all_targets():
        if "REST vs GraphQL" in panel["title"] or "NGINX vs Router" in panel["title"]:
            assert "by (arch" in target["expr"] and "{{arch}}" in target["legendFormat"], panel["title"]


def test_provisioning_takes_urls_and_paths_from_the_environment():
    assert DATASOURCE["type"] == "prometheus" and DATASOURCE["url"] == "${PROMETHEUS_URL}"
    provider = yaml.safe_load((GRAFANA / "provisioning/dashboards/benchmark.yml").read_text())["providers"][0]
    assert provider["options"]["path"] == "${GRAFANA_DASHBOARDS_DIR}"


def test_docs_list_every_panel_and_query():
    docs = (ROOT / "docs/monitoring.md").read_text()
    for _title, panel, target in all_targets():
        assert f"### {panel['title']}" in docs, panel["title"]
        assert target["expr"] in docs, f"docs/monitoring.md lacks the query of '{panel['title']}'"
