"""The `takeup` command line: a Flask command group with takeup's own commands.

Commands that create things take --json and then print one JSON object.
Errors are one line on stderr and exit status 1, never a traceback.
"""
import csv
import functools
import json
import os
import secrets
import sqlite3
import sys

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext
from werkzeug.security import generate_password_hash

from . import auth, clock
from .sites import normalise_origin
from .storage import Conflict

COUNCIL_KINDS = ("district", "county", "unitary", "metropolitan", "london_borough", "welsh_unitary",
                 "scottish", "northern_irish")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")


def _store():
    """The store, brought up to date first, so every command works on a new file."""
    store = current_app.extensions["takeup.store"]
    store.migrate()
    return store


def _friendly(command):
    """Turn expected failures into one clear line and exit status 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (Conflict, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        except (sqlite3.Error, OSError) as exc:
            path = current_app.config["DATABASE"]
            reason = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) else str(exc)
            raise click.ClickException(f"cannot use the database {path}: {reason}") from None
    return wrapper


def _emit(as_json, data, text):
    click.echo(json.dumps(data) if as_json else text)


def snippet(site_key: str) -> str:
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return f'<script src="{base}/widget/v1/takeup.js" data-site="{site_key}" defer></script>'


@click.command("init")
@with_appcontext
@_friendly
def init_command():
    """Create the database, or upgrade it to the current schema."""
    store = current_app.extensions["takeup.store"]
    before, after = store.migrate()
    change = "created" if before == 0 else "upgraded" if before < after else "already up to date"
    click.echo(f"Database {current_app.config['DATABASE']}: {change} (schema version {after}).")


@click.group("council", cls=AppGroup)
def council_group():
    """Councils."""


@council_group.command("add")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--kind", required=True, type=click.Choice(COUNCIL_KINDS))
@click.option("--population", type=click.IntRange(min=1))
@json_option
@_friendly
def council_add(slug, name, kind, population, as_json):
    """Add a council, such as: takeup council add newham --name "London Borough of Newham" --kind london_borough"""
    if not slug.replace("-", "").replace("_", "").isalnum() or slug.lower() != slug or len(slug) > 64:
        raise click.BadParameter("use lower-case letters, digits and hyphens", param_hint="SLUG")
    _store().add_council(slug, name, kind, population, clock.iso(clock.now()))
    data = {"slug": slug, "name": name, "kind": kind, "population": population}
    _emit(as_json, data, f"Added council {slug} ({name}, {kind}).")


@click.group("site", cls=AppGroup)
def site_group():
    """Council websites that carry the survey."""


@site_group.command("add")
@click.argument("council")
@click.option("--origin", "origins", multiple=True, required=True,
              help="An origin allowed to post, such as https://www.newham.gov.uk (repeatable).")
@click.option("--sample", type=click.FloatRange(0, 1), default=0.2, show_default=True,
              help="Share of visits invited to the survey.")
@click.option("--lang", "languages", multiple=True, type=click.Choice(["en", "cy"]), default=("en", "cy"),
              show_default=True)
@json_option
@_friendly
def site_add(council, origins, sample, languages, as_json):
    """Add a website to a council and print its site key and the snippet to paste."""
    allowed = sorted({normalise_origin(origin) for origin in origins})
    site_key = secrets.token_urlsafe(12)
    _store().add_site(site_key, council, allowed, sample, list(languages), clock.iso(clock.now()))
    data = {"site_key": site_key, "council": council, "origins": allowed, "sample_rate": sample,
            "snippet": snippet(site_key)}
    _emit(as_json, data, f"Site key: {site_key}\nPaste this into every page, before </body>:\n{data['snippet']}")


@click.group("user", cls=AppGroup)
def user_group():
    """Dashboard users."""


@user_group.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["staff", "council"]))
@click.option("--council", "councils", multiple=True, help="A council the user may see (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@json_option
@_friendly
def user_add(email, role, councils, password_stdin, as_json):
    """Add a dashboard user; without --password-stdin a random password is made and printed once."""
    if "@" not in email or len(email) > 254:
        raise click.BadParameter("not an email address", param_hint="EMAIL")
    if role == "council" and not councils:
        raise click.UsageError("a council user needs at least one --council")
    if role == "staff" and councils:
        raise click.UsageError("staff see every council; leave out --council")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if len(password) < 12:
            raise click.ClickException("the password must be at least 12 characters")
    else:
        password = secrets.token_urlsafe(12)
    user_id = _store().add_user(email.lower(), generate_password_hash(password), role, list(councils),
                                clock.iso(clock.now()))
    data = {"id": user_id, "email": email.lower(), "role": role, "councils": list(councils)}
    if not password_stdin:
        data["password"] = password
    text = f"Added {role} user {email.lower()}." + ("" if password_stdin else f" Password: {password}")
    _emit(as_json, data, text)


@click.group("token", cls=AppGroup)
def token_group():
    """Bearer tokens for contact-centre systems."""


@token_group.command("create")
@click.argument("council")
@json_option
@_friendly
def token_create(council, as_json):
    """Create a bearer token for a council's systems; it is shown once and only its hash is kept."""
    token = auth.new_token()
    _store().add_token(auth.hash_token(token), council, clock.iso(clock.now()))
    _emit(as_json, {"council": council, "token": token},
          f"Token for {council} (shown once; keep it safe):\n{token}")


@click.group("ratings", cls=AppGroup)
def ratings_group():
    """Ratings from phone, face-to-face and email channels."""


@ratings_group.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--council", required=True, help="The council the ratings belong to.")
@click.option("--dry-run", is_flag=True, help="Check every row and report; import nothing.")
@json_option
@_friendly
def ratings_import(file, council, dry_run, as_json):
    """Import ratings from a CSV file, all or nothing (columns: see the README)."""
    from . import ratings_csv

    store = _store()
    if not store.get_council(council):
        raise click.ClickException(f"there is no council with the slug {council!r}")
    lines = file.readlines()
    try:
        with click.progressbar(length=max(len(lines) - 1, 0), label="Checking rows", file=sys.stderr,
                               hidden=as_json or len(lines) < 2000) as bar:
            rows, errors = ratings_csv.read(lines, council, progress=bar.update)
    except (ratings_csv.BadFile, csv.Error) as exc:
        raise click.ClickException(f"{getattr(file, 'name', 'file')}: {exc}") from None
    if errors:
        if as_json:
            click.echo(json.dumps({"imported": 0, "valid": len(rows), "bad_rows": {str(k): v for k, v in errors.items()}}))
        else:
            for line in ratings_csv.describe(errors):
                click.echo(line, err=True)
        raise click.ClickException(f"{len(errors)} bad row(s); nothing was imported")
    if dry_run:
        _emit(as_json, {"imported": 0, "valid": len(rows), "dry_run": True},
              f"{len(rows)} rows are valid; nothing was imported (dry run).")
        return
    stored = store.insert_ratings(rows)
    _emit(as_json, {"imported": stored, "valid": len(rows), "skipped_repeats": len(rows) - stored},
          f"Imported {stored} ratings for {council}" + (f" ({len(rows) - stored} already imported)" if len(rows) > stored else "") + ".")


@click.command("report")
@with_appcontext
@click.argument("council", required=False)
@click.option("--all", "all_councils", is_flag=True, help="Every council's report, into the --out folder.")
@click.option("--period", required=True, help="A half-year such as 2026-27-H1.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "csv"]), default="html", show_default=True)
@click.option("--out", type=click.Path(), help="File (default SLUG-PERIOD.FORMAT) or, with --all, folder.")
@click.option("--named-peers", is_flag=True, help="Name other councils (for umbrella-body staff only).")
@json_option
@_friendly
def report_command(council, all_councils, period, fmt, out, named_peers, as_json):
    """Write the bi-annual report for one council, or for every council with --all."""
    from dashboards import periods, report

    periods.parse_period(period)  # a bad period is one clear line before anything is written
    store = _store()
    if bool(council) == all_councils:
        raise click.UsageError("name one COUNCIL, or give --all")
    if all_councils:
        if not out:
            raise click.UsageError("--all needs --out DIR")
        os.makedirs(out, exist_ok=True)
        targets = [(c["slug"], os.path.join(out, report.filename(c["slug"], period, fmt)))
                   for c in store.list_councils()]
    else:
        if not store.get_council(council):
            raise click.ClickException(f"there is no council with the slug {council!r}")
        targets = [(council, out or report.filename(council, period, fmt))]
    written = []
    if fmt == "pdf":
        try:
            import weasyprint  # noqa: F401  (fail before writing anything)
        except (ImportError, OSError):
            raise click.ClickException(str(report.PDFUnavailable.__doc__)) from None
    with click.progressbar(targets, label=f"Writing {len(targets)} {fmt} reports", file=sys.stderr,
                           hidden=not all_councils or as_json) as bar:
        for slug, path in bar:
            content = report.render(report.report_data(store, slug, period, current_app.config, named_peers), fmt)
            with open(path, "wb") as handle:
                handle.write(content if isinstance(content, bytes) else content.encode("utf-8"))
            written.append(path)
    _emit(as_json, {"period": period, "format": fmt, "written": written},
          f"Wrote {len(written)} reports to {out}" if all_councils else f"Wrote {written[0]}")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing, successfully, when the database has data.")
@json_option
@_friendly
def demo_command(if_empty, as_json):
    """Fill an empty database with example councils, sites, users and a year of data."""
    from . import demo

    store = _store()
    if not store.is_empty():
        if if_empty:
            _emit(as_json, {"created": False, "logins": demo.LOGINS},
                  "The database has data already; demo data not added.\n" + demo.describe_logins())
            return
        raise click.ClickException("the database has data already; `takeup demo` only fills an empty one")
    summary = demo.seed(store)
    _emit(as_json, {"created": True, **summary, "logins": demo.LOGINS},
          f"Demo data: {summary['councils']} councils, {summary['responses']} responses, "
          f"{summary['ratings']} ratings.\n" + demo.describe_logins())


@click.command("serve")
@with_appcontext
@click.option("--bind", default=None, help="Address to listen on (default 127.0.0.1:8000, or TAKEUP_BIND).")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Default: twice the cores plus one.")
@_friendly
def serve_command(bind, workers):
    """Run the production server (gunicorn) on the configured database."""
    _store()
    env = dict(os.environ, TAKEUP_DATABASE=os.path.abspath(current_app.config["DATABASE"]))
    if bind:
        env["TAKEUP_BIND"] = bind
    if workers:
        env["TAKEUP_WORKERS"] = str(workers)
    argv = [sys.executable, "-m", "gunicorn", "-c", "python:collector.gunicorn_conf", "collector:create_app()"]
    os.execvpe(argv[0], argv, env)


def register(app):
    for command in (init_command, council_group, site_group, user_group, token_group, ratings_group, report_command,
                    demo_command, serve_command):
        app.cli.add_command(command)


def _create_app():
    from . import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False, load_dotenv=False,
             set_debug_flag=False)
def main():
    """takeup: website takeup, satisfaction and channel value for councils."""
