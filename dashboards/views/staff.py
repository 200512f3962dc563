"""Staff pages: the overview and league tables, and managing councils, sites, users and API tokens.

Everything here is for the umbrella body's staff only: the blueprint checks
the role before any view runs (403 for a council user). The command line
does the same jobs; both go through the store's methods.
"""
import secrets

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.security import generate_password_hash

from collector import auth as tokens
from collector import clock
from collector.cli import snippet
from collector.storage import Conflict

from .. import auth, summary, validation
from ..formatting import KINDS
from .common import period_from_request, store

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
def staff_only():
    if g.get("user") is None:
        return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
    if not auth.is_staff(g.user):
        abort(403)
    return None


def _now():
    return clock.iso(clock.now())


# -- overview ------------------------------------------------------------------------

# Sortable columns: the key each sorts by (None last, whichever the direction).
SORTS = {
    "name": lambda r: r["name"].lower(),
    "kind": lambda r: KINDS.get(r["kind"], r["kind"]),
    "population": lambda r: r["population"],
    "visits": lambda r: r["visits"],
    "takeup": lambda r: r["takeup_per_1000"],
    "responses": lambda r: r["responses"],
    "success": lambda r: r["success_rate"]["value"],
    "satisfaction": lambda r: r["net_satisfaction"]["value"],
    "beacon": lambda r: r["last_beacon_at"],
    "flags": lambda r: len(r["flags"]),
}


def sort_rows(rows, key: str, descending: bool):
    known = [r for r in rows if SORTS[key](r) is not None]
    unknown = [r for r in rows if SORTS[key](r) is None]
    return sorted(known, key=SORTS[key], reverse=descending) + sorted(unknown, key=SORTS["name"])


def league_tables(rows, benchmark_min_n: int) -> list[dict]:
    """Per kind of council, ranked by success rate; councils under the minimum sample listed apart."""
    tables = []
    for kind, label in KINDS.items():
        members = [r for r in rows if r["kind"] == kind]
        if not members:
            continue
        ranked = [r for r in members if r["success_rate"]["value"] is not None
                  and r["success_rate"]["n"] >= benchmark_min_n]
        ranked.sort(key=lambda r: (-r["success_rate"]["value"], r["name"]))
        unranked = sorted((r for r in members if r not in ranked), key=lambda r: r["name"])
        tables.append({"kind": kind, "label": label, "ranked": ranked, "unranked": unranked})
    return tables


@bp.get("/")
def overview():
    period = period_from_request()
    rows = summary.overview(store(), period.start, period.end, config=current_app.config)
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "name"
    order = "desc" if request.args.get("order") == "desc" else "asc"
    return render_template(
        "staff/overview.html", period=period, rows=sort_rows(rows, sort, order == "desc"), sort=sort, order=order,
        leagues=league_tables(rows, current_app.config["BENCHMARK_MIN_N"]),
    ), (400 if period.error else 200)


# -- councils ------------------------------------------------------------------------


def _council_or_404(slug):
    council = store().get_council(slug)
    if council is None:
        abort(404)
    return council


@bp.get("/councils")
def councils():
    return render_template("staff/councils.html", councils=store().list_councils(), counts=store().council_counts())


@bp.route("/councils/new", methods=["GET", "POST"])
def council_new():
    values, errors = {"slug": "", "name": "", "kind": "", "population": ""}, {}
    if request.method == "POST":
        values, errors = validation.council(request.form, new=True)
        if not errors:
            try:
                store().add_council(values["slug"], values["name"], values["kind"], values["population"], _now())
            except Conflict:
                errors["slug"] = "A council with that short name exists already"
            else:
                flash(f"Council {values['name']} added. Now add its website.")
                return redirect(url_for(".council", slug=values["slug"]))
    return render_template("staff/council_form.html", council=None, values=values, errors=errors,
                           kinds=KINDS), (400 if errors else 200)


NEW_SITE = {"origins_text": "", "sample_rate_text": "0.2", "languages": ["en", "cy"]}


def _council_page(council, values=None, errors=None, new_site=None, site_errors=None):
    """The council's page: its details form, websites with snippets, API tokens and users."""
    slug = council["slug"]
    users = [u for u in store().list_users() if slug in u["councils"]]
    sites = [{**s, "snippet": snippet(s["site_key"])} for s in store().list_sites(slug)]
    page = render_template("staff/council.html", council=council, values=values or council, errors=errors or {},
                           kinds=KINDS, sites=sites, tokens=store().list_tokens(slug), users=users,
                           new_site=new_site or NEW_SITE, site_errors=site_errors or {})
    return page, (400 if errors or site_errors else 200)


@bp.get("/councils/<slug>")
def council(slug):
    return _council_page(_council_or_404(slug))


@bp.post("/councils/<slug>")
def council_update(slug):
    council = _council_or_404(slug)
    values, errors = validation.council(request.form, new=False)
    if errors:
        return _council_page(council, values=values, errors=errors)
    store().update_council(slug, values["name"], values["kind"], values["population"])
    flash("Council details saved.")
    return redirect(url_for(".council", slug=slug))


# -- sites ------------------------------------------------------------------------------


@bp.post("/councils/<slug>/sites")
def site_new(slug):
    council = _council_or_404(slug)
    values, errors = validation.site(request.form)
    if errors:
        return _council_page(council, new_site=values, site_errors=errors)
    site_key = secrets.token_urlsafe(12)
    store().add_site(site_key, slug, values["origins"], values["sample_rate"], values["languages"], _now())
    flash("Website added. Copy the snippet below into every page of the site.")
    return redirect(url_for(".site", site_key=site_key))


def _site_or_404(site_key):
    site = store().get_site(site_key)
    if site is None:
        abort(404)
    return site


@bp.route("/sites/<site_key>", methods=["GET", "POST"])
def site(site_key):
    site = _site_or_404(site_key)
    council = store().get_council(site["council_slug"])
    values = {"origins_text": "\n".join(site["origins"]), "sample_rate_text": f"{site['sample_rate']:g}",
              "languages": site["languages"]}
    errors = {}
    if request.method == "POST":
        values, errors = validation.site(request.form)
        if not errors:
            store().update_site(site_key, values["origins"], values["sample_rate"], values["languages"])
            flash("Website settings saved. Every server picks them up within "
                  f"{current_app.config.get('SITE_CACHE_SECONDS', 30):g} seconds.")
            return redirect(url_for(".site", site_key=site_key))
    return render_template("staff/site.html", site=site, council=council, values=values, errors=errors,
                           snippet=snippet(site_key)), (400 if errors else 200)


# -- API tokens ------------------------------------------------------------------------------


@bp.get("/tokens")
def token_list():
    names = {c["slug"]: c["name"] for c in store().list_councils()}
    return render_template("staff/tokens.html", tokens=store().list_tokens(), names=names)


@bp.post("/councils/<slug>/tokens")
def token_new(slug):
    council = _council_or_404(slug)
    token = tokens.new_token()
    store().add_token(tokens.hash_token(token), slug, _now())
    # Shown in this response only, never put in a flash message (which would travel in the session cookie).
    return render_template("staff/token_created.html", council=council, token=token)


@bp.post("/tokens/revoke")
def token_revoke():
    token_hash = request.form.get("token_hash") or ""
    slug = request.form.get("council") or ""
    if not store().delete_token(token_hash):
        abort(404)
    flash("The token has been revoked: systems using it can no longer send ratings.")
    if store().get_council(slug):
        return redirect(url_for(".council", slug=slug))
    return redirect(url_for(".token_list"))


# -- users ------------------------------------------------------------------------------------


def _user_or_404(user_id):
    user = store().get_user(user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users")
def users():
    return render_template("staff/users.html", users=store().list_users(),
                           names={c["slug"]: c["name"] for c in store().list_councils()})


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    all_councils = store().list_councils()
    values = {"email": "", "role": "council", "councils": request.args.getlist("council")}
    errors = {}
    if request.method == "POST":
        values, errors = validation.user(request.form, {c["slug"] for c in all_councils}, new=True)
        if not errors:
            password = values["password"] or secrets.token_urlsafe(12)
            try:
                user_id = store().add_user(values["email"], generate_password_hash(password), values["role"],
                                           values["councils"], _now())
            except Conflict:
                errors["email"] = "A user with that email address exists already"
            else:
                return render_template("staff/user_created.html", user=store().get_user(user_id),
                                       password=None if values["password"] else password)
    return render_template("staff/user_new.html", values=values, errors=errors,
                           councils=all_councils), (400 if errors else 200)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id):
    user = _user_or_404(user_id)
    all_councils = store().list_councils()
    values, errors = {"email": user["email"], "role": user["role"], "councils": user["councils"]}, {}
    if request.method == "POST":
        values, errors = validation.user(request.form, {c["slug"] for c in all_councils}, new=False)
        values["email"] = user["email"]
        if user_id == g.user["id"] and values.get("role") != "staff":
            errors["role"] = "You cannot take away your own staff access; ask another member of staff"
        if not errors:
            store().update_user(user_id, values["role"], values["councils"])
            flash(f"Access for {user['email']} saved.")
            return redirect(url_for(".user", user_id=user_id))
    return render_template("staff/user.html", user=user, values=values, errors=errors, password_errors={},
                           councils=all_councils), (400 if errors else 200)


@bp.post("/users/<int:user_id>/password")
def user_password(user_id):
    user = _user_or_404(user_id)
    password, errors = validation.password(request.form, "new_password", required=False)
    if errors:
        return render_template("staff/user.html", user=user, values=user, errors={}, password_errors=errors,
                               councils=store().list_councils()), 400
    shown = None if password else secrets.token_urlsafe(12)
    store().set_password_hash(user_id, generate_password_hash(password or shown))
    if user_id == g.user["id"]:
        auth.sign_in({**store().get_user(user_id)})
    return render_template("staff/password_set.html", user=user, password=shown)


@bp.post("/users/<int:user_id>/delete")
def user_delete(user_id):
    user = _user_or_404(user_id)
    if user_id == g.user["id"]:
        flash("You cannot delete your own account.", "error")
        return redirect(url_for(".user", user_id=user_id))
    store().delete_user(user_id)
    flash(f"{user['email']} can no longer sign in: the account has been deleted.")
    return redirect(url_for(".users"))
