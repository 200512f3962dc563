"""Uploading ratings from phone systems and contact-centre tools on the dashboard: checked whole, imported whole."""
import io
import re
from html import unescape

import pytest

from collector import ratings_csv
from tests.dashboard_fixtures import CAMDEN_USER, NEWHAM_USER, STAFF, seeded, sign_in_as

__all__ = ["seeded"]

UPLOAD = "/councils/newham/ratings/upload"
GOOD = ("channel,rating,reason,service,comment,time,id\n"
        "phone,good,,council_tax,Helpful call,2025-05-01T09:30:00,7d0c7c1e-8f5e-4f63-9a59-1b2b0e6f2a10\n"
        'face_to_face,poor,hard_to_use,housing,"Waited, then ring 07700 900123 or a@b.com",2025-05-01T10:00:00,\n'
        "email,average,,,,,\n")
BAD = "channel,rating\nphone,good\nphone,excellent\nfax,good\nemail,poor\n"


def _errors(page: str) -> list[str]:
    box = re.search(r'<div class="error-summary".*?</div>', page, flags=re.S)
    return [unescape(m) for m in re.findall(r'<a href="#[^"]+">([^<]+)</a>', box.group(0))] if box else []


def _ratings(db):
    return [dict(r) for r in db.execute("SELECT council_slug, channel, rating, comment, source FROM ratings ORDER BY channel")]


@pytest.fixture
def newham(client, store, seeded):
    token = sign_in_as(client, store, NEWHAM_USER)

    def upload(text, name="calls.csv", **form):
        return client.post(UPLOAD, data={"csrf_token": token, "ratings_file": (io.BytesIO(text.encode()), name), **form},
                           content_type="multipart/form-data")
    client.upload = upload
    return client


def test_the_page_documents_every_column_and_is_linked_from_the_dashboard(newham):
    page = newham.get(UPLOAD).get_data(as_text=True)
    table = re.search(r"<table data-columns>.*?</table>", page, flags=re.S).group(0)
    for column in ratings_csv.COLUMNS:
        assert f'<th scope="row"><code>{column}</code></th>' in table
    assert 'enctype="multipart/form-data"' in page and 'name="check_only"' in page
    assert f'href="{UPLOAD}"' in newham.get("/councils/newham").get_data(as_text=True)


def test_a_good_file_is_imported_with_source_upload_and_scrubbed_comments(newham, db):
    response = newham.upload(GOOD)
    assert response.status_code == 302 and response.headers["Location"] == UPLOAD
    assert _ratings(db) == [
        {"council_slug": "newham", "channel": "email", "rating": "average", "comment": None, "source": "upload"},
        {"council_slug": "newham", "channel": "face_to_face", "rating": "poor",
         "comment": "Waited, then ring [phone] or [email]", "source": "upload"},
        {"council_slug": "newham", "channel": "phone", "rating": "good", "comment": "Helpful call", "source": "upload"}]
    assert "Imported 3 ratings from calls.csv." in newham.get(UPLOAD).get_data(as_text=True)
    # The rollups are kept: the dashboard counts them at once.
    assert db.execute("SELECT sum(good + average + poor) FROM rating_daily").fetchone()[0] == 3


def test_sending_a_file_again_skips_the_rows_with_ids_imported_before(newham, db):
    newham.upload(GOOD)
    newham.upload(GOOD)
    page = newham.get(UPLOAD).get_data(as_text=True)
    assert "Imported 2 ratings from calls.csv; 1 had been imported before and was skipped." in page
    assert len(_ratings(db)) == 5


def test_a_file_with_bad_rows_imports_nothing_and_names_each_line(newham, db):
    response = newham.upload(BAD)
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert _errors(page) == [("2 rows of calls.csv are not right, so nothing was imported: fix them and upload the "
                              "file again")]
    assert "Line 3: rating: Must be one of: good, average, poor." in page
    assert "Line 4: channel: Must be one of: web, phone, face_to_face, email." in page
    assert "Line 2:" not in page and "Line 5:" not in page
    assert _ratings(db) == []


def test_check_only_reports_and_imports_nothing(newham, db):
    response = newham.upload(GOOD, check_only="yes")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "All 3 rows of calls.csv are right. Nothing was imported" in page
    assert 'value="yes" checked' in page  # still ticked, for the next file
    bad = newham.upload(BAD, check_only="yes")
    assert bad.status_code == 400 and "Line 3: rating" in bad.get_data(as_text=True)
    assert _ratings(db) == []


@pytest.mark.parametrize("content, message", [
    ("", "The file cannot be read as ratings: the file is empty"),
    ("channel,score\nphone,good\n", "unknown column(s) score"),
    ("channel,rating\n", "The file has no ratings under its first line"),
])
def test_an_unusable_file_is_one_clear_error(newham, db, content, message):
    response = newham.upload(content)
    assert response.status_code == 400 and message in _errors(response.get_data(as_text=True))[0]
    assert _ratings(db) == []


def test_no_file_chosen_is_named(client, store, db, seeded):
    token = sign_in_as(client, store, NEWHAM_USER)
    response = client.post(UPLOAD, data={"csrf_token": token}, content_type="multipart/form-data")
    assert response.status_code == 400 and _errors(response.get_data(as_text=True)) == ["Select a CSV file of ratings"]


def test_a_too_large_upload_is_refused_clearly(newham, db):
    big = "channel,rating,comment\n" + ("phone,good," + "x" * 900 + "\n") * 6000  # over 5 MB
    response = newham.upload(big)
    assert response.status_code == 413
    assert "The file must be smaller than 5 MB" in response.get_data(as_text=True)
    assert _ratings(db) == []


def test_a_file_well_over_the_widgets_16_kib_limit_is_accepted(newham, db):
    response = newham.upload("channel,rating\n" + "phone,good\n" * 5000)  # about 55 KiB
    assert response.status_code == 302
    assert len(_ratings(db)) == 5000


def test_another_councils_user_gets_404(client, store, db, seeded):
    token = sign_in_as(client, store, CAMDEN_USER)
    assert client.get(UPLOAD).status_code == 404
    response = client.post(UPLOAD, data={"csrf_token": token, "ratings_file": (io.BytesIO(GOOD.encode()), "r.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 404
    assert _ratings(db) == []


def test_staff_upload_for_any_council(client, store, db, seeded):
    token = sign_in_as(client, store, STAFF)
    response = client.post("/councils/camden/ratings/upload", content_type="multipart/form-data",
                           data={"csrf_token": token, "ratings_file": (io.BytesIO(b"channel,rating\nphone,good\n"), "r.csv")})
    assert response.status_code == 302
    assert [r["council_slug"] for r in _ratings(db)] == ["camden"]


@pytest.mark.parametrize("token", [None, "", "a-token-from-somewhere-else"])
def test_an_upload_without_this_sessions_csrf_token_is_refused(client, store, db, seeded, token):
    sign_in_as(client, store, NEWHAM_USER)
    data = {"ratings_file": (io.BytesIO(GOOD.encode()), "r.csv"), **({} if token is None else {"csrf_token": token})}
    response = client.post(UPLOAD, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "not sent from a page of this service" in response.get_data(as_text=True)
    assert _ratings(db) == []
