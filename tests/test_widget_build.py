"""The committed widget build is the one its source produces, and it stays small."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build_module():
    spec = importlib.util.spec_from_file_location("widget_build", ROOT / "widget" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()


def test_committed_build_is_current():
    assert build.DIST.exists(), "widget/dist/takeup.min.js is missing: run python widget/build.py"
    assert build.DIST.read_text(encoding="utf-8") == build.build(), (
        "widget/dist/takeup.min.js is stale: run python widget/build.py and commit it")


def test_build_fits_the_gzip_budget():
    size = build.gzip_size(build.DIST.read_bytes())
    assert size <= 6144, f"the widget is {size} bytes gzipped, over the 6 KB budget"


def test_build_is_ascii_so_the_host_page_charset_cannot_garble_it():
    build.DIST.read_bytes().decode("ascii")


def test_build_inlines_the_stylesheet():
    out = build.build()
    assert "__CSS__" not in out
    assert ":host{" in out and "prefers-reduced-motion" in out


def test_css_minifier_keeps_descendant_selectors_and_value_lists():
    css = "/* note */\n.o label {\n  padding: 4px 0 4px 8px;\n}\n@media (min-width: 34em) { .p { left: auto; } }"
    assert build.minify_css(css) == ".o label{padding:4px 0 4px 8px}@media (min-width:34em){.p{left:auto}}"


def test_check_mode_reports_a_stale_build(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "takeup.min.js"
    stale.write_text("/* old */\n")
    monkeypatch.setattr(build, "DIST", stale)
    assert build.main(["--check"]) == 1
    stale.write_text(build.build())
    assert build.main(["--check"]) == 0
