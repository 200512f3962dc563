"""The takeup command line: creating things, --json, and one-line errors."""
import json
import sqlite3

from collector import auth


def invoke(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input, catch_exceptions=False)


def test_init_creates_and_then_leaves_the_database(tmp_path):
    from collector import create_app

    runner = create_app({"DATABASE": str(tmp_path / "fresh.db")}).test_cli_runner()
    assert "created" in invoke(runner, "init").output
    assert "already up to date" in invoke(runner, "init").output


def test_council_site_user_and_token_with_json(runner, store):
    out = invoke(runner, "council", "add", "camden", "--name", "Camden", "--kind", "london_borough",
                 "--population", "210000", "--json")
    assert json.loads(out.output) == {"slug": "camden", "name": "Camden", "kind": "london_borough",
                                      "population": 210000}
    site = json.loads(invoke(runner, "site", "add", "camden", "--origin", "https://WWW.Camden.gov.uk/home",
                             "--origin", "http://localhost:8080", "--sample", "0.5", "--json").output)
    assert len(site["site_key"]) >= 12
    assert site["origins"] == ["http://localhost:8080", "https://www.camden.gov.uk"]
    assert f'data-site="{site["site_key"]}"' in site["snippet"] and "/widget/v1/takeup.js" in site["snippet"]
    assert store.get_site(site["site_key"])["sample_rate"] == 0.5

    user = json.loads(invoke(runner, "user", "add", "Web@Camden.gov.uk", "--role", "council", "--council",
                             "camden", "--password-stdin", "--json", input="a long enough password\n").output)
    assert user["email"] == "web@camden.gov.uk" and "password" not in user
    stored_user = store.get_user_by_email("web@camden.gov.uk")
    assert stored_user["councils"] == ["camden"]
    assert "a long enough password" not in stored_user["password_hash"]

    token = json.loads(invoke(runner, "token", "create", "camden", "--json").output)["token"]
    assert store.council_for_token(auth.hash_token(token)) == "camden"
    conn = sqlite3.connect(store.path)
    assert token not in "\n".join(conn.iterdump())  # only the hash is kept


def test_user_without_password_stdin_gets_a_random_password_once(runner, site):
    data = json.loads(invoke(runner, "user", "add", "boss@lga.example", "--role", "staff", "--json").output)
    assert len(data["password"]) >= 12


def test_errors_are_one_line_and_exit_non_zero(runner, site):
    cases = [
        ("council", "add", "newham", "--name", "Again", "--kind", "unitary"),
        ("council", "add", "Bad Slug", "--name", "X", "--kind", "unitary"),
        ("council", "add", "x", "--name", "X", "--kind", "parish"),
        ("site", "add", "nowhere", "--origin", "https://x.gov.uk"),
        ("site", "add", "newham", "--origin", "not a url"),
        ("site", "add", "newham", "--origin", "https://x.gov.uk", "--sample", "2"),
        ("user", "add", "someone@x.gov.uk", "--role", "council"),
        ("user", "add", "someone@x.gov.uk", "--role", "council", "--council", "nowhere"),
        ("token", "create", "nowhere"),
    ]
    for args in cases:
        result = runner.invoke(args=list(args))
        assert result.exit_code != 0, args
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception,
                                                                                          SystemExit), args
        assert "Error" in result.output, args


def test_a_short_password_is_refused(runner, site):
    result = runner.invoke(args=["user", "add", "a@b.gov.uk", "--role", "staff", "--password-stdin"], input="short\n")
    assert result.exit_code == 1 and "at least 12" in result.output


def test_demo_fills_an_empty_database_once(runner, store):
    data = json.loads(invoke(runner, "demo", "--json").output)
    assert data["created"] and data["councils"] >= 10 and data["responses"] > 1000
    kinds = {c["kind"] for c in store.list_councils()}
    assert len(kinds) >= 4
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT count(*) FROM takeup_daily").fetchone()[0] > 0
    assert conn.execute("SELECT count(DISTINCT channel) FROM ratings").fetchone()[0] >= 3
    assert conn.execute("SELECT count(*) FROM responses WHERE comment LIKE '%@%'").fetchone()[0] == 0
    assert runner.invoke(args=["demo"]).exit_code == 1
    again = json.loads(invoke(runner, "demo", "--if-empty", "--json").output)
    assert again["created"] is False and again["logins"]
