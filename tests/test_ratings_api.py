"""POST /api/v1/ratings: a council's bearer token, one rating or an all-or-nothing list."""
import uuid

import pytest

from tests.test_ingest_api import assert_error_shape


def post_ratings(client, body, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/ratings", json=body, headers=headers)


def stored(db):
    return [dict(r) for r in db.execute("SELECT * FROM ratings ORDER BY rated_at")]


def test_one_rating_is_stored_for_the_tokens_council(client, db, token):
    resp = post_ratings(client, {"channel": "phone", "rating": "average", "reason": "hard_to_use",
                                 "service": "council_tax", "comment": "Call me back on 020 7946 0018",
                                 "time": "2026-06-30T23:30:00+00:00"}, token)
    assert resp.status_code == 201
    assert resp.get_json() == {"ok": True, "received": 1, "stored": 1}
    (row,) = stored(db)
    assert (row["council_slug"], row["channel"], row["rating"], row["source"]) == ("newham", "phone", "average", "api")
    assert row["comment"] == "Call me back on [phone]"
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    assert row["day"] == "2026-07-01"


def test_a_time_without_an_offset_is_uk_local_time(client, db, token):
    assert post_ratings(client, {"channel": "face_to_face", "rating": "good", "time": "2026-01-15T09:00:00"},
                        token).status_code == 201
    assert stored(db)[0]["rated_at"] == "2026-01-15T09:00:00+00:00"


def test_a_batch_is_stored_and_repeated_ids_are_stored_once(client, db, token):
    batch = [{"id": str(uuid.uuid4()), "channel": channel, "rating": "good"} for channel in
             ("web", "phone", "face_to_face", "email")]
    assert post_ratings(client, batch, token).get_json() == {"ok": True, "received": 4, "stored": 4}
    again = post_ratings(client, batch + [{"channel": "phone", "rating": "poor"}], token)
    assert again.status_code == 201
    assert again.get_json() == {"ok": True, "received": 5, "stored": 1}
    assert len(stored(db)) == 5


def test_one_bad_item_rejects_the_whole_batch_naming_each_bad_item(client, db, token):
    batch = [{"channel": "phone", "rating": "good"}] * 3 + [
        {"channel": "fax", "rating": "good"}, {"channel": "phone"}, {"channel": "phone", "rating": "ok", "x": 1}]
    body = assert_error_shape(post_ratings(client, batch, token), 422)
    assert set(body["errors"]) == {"3", "4", "5"}
    assert "channel" in body["errors"]["3"] and "rating" in body["errors"]["4"]
    assert {"rating", "x"} <= set(body["errors"]["5"])
    assert "none was stored" in body["error"]
    assert stored(db) == []


@pytest.mark.parametrize("size", [0, 1001])
def test_a_batch_must_hold_1_to_1000_ratings(client, db, token, size):
    assert_error_shape(post_ratings(client, [{"channel": "phone", "rating": "good"}] * size, token), 422)
    assert stored(db) == []


def test_a_batch_of_1000_is_accepted(client, db, token):
    batch = [{"channel": "phone", "rating": "good", "comment": "fine " * 20}] * 1000
    assert post_ratings(client, batch, token).get_json()["stored"] == 1000


def test_ratings_need_a_valid_bearer_token(client, db, site):
    for token in (None, "tku_wrong"):
        resp = post_ratings(client, {"channel": "phone", "rating": "good"}, token)
        assert_error_shape(resp, 401)
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert stored(db) == []


def test_ratings_bad_json_is_400(client, token):
    resp = client.post("/api/v1/ratings", data="{oops", headers={"Authorization": f"Bearer {token}"})
    assert_error_shape(resp, 400)


@pytest.mark.parametrize("time", ["2099-01-01T00:00:00+00:00", "2001-01-01T09:00:00"])
def test_implausible_rating_times_are_refused(client, db, token, time):
    body = assert_error_shape(post_ratings(client, {"channel": "phone", "rating": "good", "time": time}, token), 422)
    assert "time" in body["errors"]["0"]
    assert stored(db) == []
