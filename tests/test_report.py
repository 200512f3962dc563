"""The bi-annual report: each format, the same figures as the summary API, access, and --all."""
import csv
import io
import json
import subprocess
from datetime import date

import pytest
from flask import g

from collector import auth, clock, create_app, demo
from dashboards import periods

PERIOD = "2026-27-H1"


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    app = create_app({"DATABASE": str(tmp_path_factory.mktemp("report") / "demo.db"), "RATE_LIMIT": "off"})
    store = app.extensions["takeup.store"]
    store.migrate()
    demo.seed(store, today=date(2026, 12, 4))
    viewer = {}

    @app.before_request
    def sign_in():  # stands in for the dashboard's sign-in
        if "user" in viewer:
            g.user = viewer["user"]

    app.config["viewer"] = viewer
    return app


def csv_figures(text):
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    return {(r["section"], r["item"], r["measure"]): r for r in rows}


def test_csv_report_has_the_same_figures_as_the_summary_api(demo_app, tmp_path):
    store = demo_app.extensions["takeup.store"]
    token = auth.new_token()
    store.add_token(auth.hash_token(token), "newham", clock.iso(clock.now()))
    api = demo_app.test_client().get(f"/api/v1/councils/newham/summary?period={PERIOD}",
                                     headers={"Authorization": f"Bearer {token}"}).get_json()
    out = tmp_path / "newham.csv"
    result = demo_app.test_cli_runner().invoke(args=["report", "newham", "--period", PERIOD, "--format", "csv",
                                                     "--out", str(out)])
    assert result.exit_code == 0, result.output
    figures = csv_figures(out.read_text(encoding="utf-8"))
    for name in ("visits", "page_views", "responses"):
        assert float(figures[("headline", name, "value")]["value"]) == api["headline"][name]["value"]
    for name in ("success_rate", "failed_visit_rate", "response_rate", "net_satisfaction"):
        row, figure = figures[("headline", name, "value")], api["headline"][name]
        assert float(row["value"]) == pytest.approx(figure["value"])
        assert int(row["n"]) == figure["n"]
        assert float(row["low"]) == pytest.approx(figure["low"]) and float(row["high"]) == pytest.approx(figure["high"])
    assert float(figures[("headline", "avoidable_contacts", "cost")]["value"]) == pytest.approx(
        api["headline"]["avoidable_contacts"]["cost"])
    assert any(section == "highlights" for section, _, _ in figures)


def test_html_report_shows_the_figures_with_n_and_intervals(demo_app):
    from dashboards import report

    with demo_app.app_context():
        data = report.report_data(demo_app.extensions["takeup.store"], "newham", PERIOD, demo_app.config)
        html = report.render_html(data)
    headline = data["summary"]["headline"]
    assert "London Borough of Newham" in html and "April to September 2026" in html
    assert f"{headline['visits']['value']:,}" in html
    success = headline["success_rate"]
    assert f"{success['value'] * 100:.0f}%" in html and f"{success['n']:,}" in html
    assert f"({success['low'] * 100:.0f}% to {success['high'] * 100:.0f}%)" in html
    for section in ("Highlights", "Website takeup", "Web survey results", "Satisfaction by channel",
                    "Channel costs and mix", "Avoidable contact", "Benchmarks against", "What visitors said"):
        assert section in html
    assert "<svg" in html and "<title" in html  # charts, each with a text alternative
    # Peers are anonymised in a report for a council.
    assert "Council A" not in html or "London Borough of Camden" not in html
    assert "London Borough of Camden" not in html


def test_pdf_report_carries_the_same_figures(demo_app, tmp_path):
    # pdftotext comes with Debian's poppler-utils, which .ci/run installs.
    out = tmp_path / "newham.pdf"
    result = demo_app.test_cli_runner().invoke(args=["report", "newham", "--period", PERIOD, "--format", "pdf",
                                                     "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    from dashboards import summary

    start, end = periods.parse_period(PERIOD)
    headline = summary.council_summary(demo_app.extensions["takeup.store"], "newham", start, end,
                                       named_peers=False, config=demo_app.config, period_id=PERIOD)["headline"]
    assert "London Borough of Newham" in text and "Highlights" in text
    assert f"{headline['visits']['value']:,}" in text
    assert f"{headline['success_rate']['value'] * 100:.0f}%" in text
    assert f"£{headline['avoidable_contacts']['cost']:,.0f}" in text


def test_report_all_writes_one_file_per_council(demo_app, tmp_path):
    result = demo_app.test_cli_runner().invoke(args=["report", "--all", "--period", PERIOD, "--format", "csv",
                                                     "--out", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.output.splitlines()[-1])["written"]
    slugs = {c["slug"] for c in demo_app.extensions["takeup.store"].list_councils()}
    assert {p.name for p in (tmp_path / "out").iterdir()} == {f"{slug}-{PERIOD}.csv" for slug in slugs}
    assert len(written) == len(slugs)


@pytest.mark.parametrize("args, message", [
    (["report", "newham", "--period", "2026-27-H9"], "is not a period"),
    (["report", "--period", PERIOD], "name one COUNCIL"),
    (["report", "nowhere", "--period", PERIOD], "no council"),
    (["report", "--all", "--period", PERIOD], "--all needs --out"),
])
def test_report_command_errors_are_one_line(demo_app, args, message):
    result = demo_app.test_cli_runner().invoke(args=args)
    assert result.exit_code != 0 and message in result.output


def test_report_download_only_for_the_councils_own_users(demo_app):
    client, viewer = demo_app.test_client(), demo_app.config["viewer"]
    viewer.pop("user", None)
    assert client.get(f"/councils/newham/report.csv?period={PERIOD}").status_code == 401
    viewer["user"] = {"id": 9, "email": "w@cardiff.example", "role": "council", "councils": ["cardiff"]}
    assert client.get(f"/councils/newham/report.pdf?period={PERIOD}").status_code == 404
    own = client.get(f"/councils/cardiff/report.csv?period={PERIOD}")
    assert own.status_code == 200 and "attachment" in own.headers["Content-Disposition"]
    assert client.get(f"/councils/cardiff/report.exe?period={PERIOD}").status_code == 404
    viewer["user"] = {"id": 1, "email": "staff@takeup.example", "role": "staff", "councils": []}
    html = client.get(f"/councils/newham/report.html?period={PERIOD}")
    assert html.status_code == 200 and "London Borough of Camden" in html.get_data(as_text=True)  # staff: named
    viewer.pop("user")
