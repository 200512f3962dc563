"""`takeup ratings import`: CSV from phone systems, checked row by row, imported all or nothing."""
import json

import pytest

GOOD = """channel,rating,reason,service,comment,time,id
phone,good,,council_tax,Helpful call,2026-05-01T09:30:00,7d0c7c1e-8f5e-4f63-9a59-1b2b0e6f2a10
face_to_face,poor,hard_to_use,housing,"Waited, then ring 07700 900123",2026-05-01T10:00:00+01:00,
email,average,,,,,
"""


def run(runner, path, *extra):
    return runner.invoke(args=["ratings", "import", str(path), "--council", "newham", *extra])


def count(db):
    return db.execute("SELECT count(*) FROM ratings").fetchone()[0]


def test_a_good_file_is_imported_and_scrubbed(runner, db, site, tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text(GOOD)
    result = run(runner, path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"imported": 3, "valid": 3, "skipped_repeats": 0}
    rows = {r["channel"]: dict(r) for r in db.execute("SELECT * FROM ratings")}
    assert rows["face_to_face"]["comment"] == "Waited, then ring [phone]"
    assert rows["phone"]["rated_at"] == "2026-05-01T08:30:00+00:00"  # 09:30 BST
    assert {r["source"] for r in rows.values()} == {"csv"}
    # Re-sending the same file stores nothing new for rows with an id.
    again = json.loads(run(runner, path, "--json").output)
    assert again["skipped_repeats"] == 1 and count(db) == 5
    assert db.execute("SELECT sum(good + average + poor) FROM rating_daily").fetchone()[0] == 5


def test_one_bad_row_imports_nothing_and_names_its_line(runner, db, site, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("channel,rating\nphone,good\nphone,excellent\nfax,good\nemail,poor\n")
    result = run(runner, path)
    assert result.exit_code == 1
    assert "line 3: rating" in result.output and "line 4: channel" in result.output
    assert "nothing was imported" in result.output
    assert count(db) == 0


def test_dry_run_reports_and_imports_nothing(runner, db, site, tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text(GOOD)
    result = run(runner, path, "--dry-run")
    assert result.exit_code == 0 and "3 rows are valid" in result.output
    assert count(db) == 0
    path.write_text("channel,rating\nphone,nope\n")
    bad = run(runner, path, "--dry-run")
    assert bad.exit_code == 1 and "line 2: rating" in bad.output and count(db) == 0


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("channel,score\nphone,good\n", "unknown column(s) score"),
    ("rating\ngood\n", "missing column(s) channel"),
])
def test_unusable_files_are_one_clear_error(runner, db, site, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_text(content)
    result = run(runner, path)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_extra_cells_and_unknown_council_are_errors(runner, db, site, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("channel,rating\nphone,good,extra\n")
    assert "line 2: _row" in run(runner, path).output
    result = runner.invoke(args=["ratings", "import", str(path), "--council", "nowhere"])
    assert result.exit_code == 1 and "no council" in result.output


def test_a_large_file_shows_progress_and_imports_in_one_go(runner, db, site, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("channel,rating\n" + "phone,good\n" * 5000)
    result = run(runner, path)
    assert result.exit_code == 0 and "Imported 5000 ratings" in result.output
    assert count(db) == 5000
