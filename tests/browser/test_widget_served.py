"""The collector serves the committed build, compressed, cacheable and within 6 KB."""
import gzip
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.browser

BUILD = Path(__file__).resolve().parents[2] / "widget" / "dist" / "takeup.min.js"


def test_served_script_is_the_build_gzipped_within_6_kb(collector):
    response = requests.get(collector.url + "/widget/v1/takeup.js", headers={"Accept-Encoding": "gzip"},
                            stream=True, timeout=10)
    sent = response.raw.read()  # the bytes on the wire, still compressed
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Type"].startswith("text/javascript")
    assert len(sent) <= 6144
    assert gzip.decompress(sent) == BUILD.read_bytes()
    assert "max-age=" in response.headers["Cache-Control"]
