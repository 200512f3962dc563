"""Signing in and out, the start page, and changing one's own password."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from .. import auth
from .common import store

bp = Blueprint("account", __name__)

WRONG_CREDENTIALS = "The email address or password is not right. Check them and try again."


def _home_for(user) -> str:
    if auth.is_staff(user):
        return url_for("staff.overview")
    if len(user["councils"]) == 1:
        return url_for("council.dashboard", slug=user["councils"][0])
    return url_for("council.index")


@bp.get("/")
@auth.login_required
def home():
    """Staff start at the overview; a council user at their council (or the list of theirs)."""
    return redirect(_home_for(g.user))


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = auth.safe_next(request.values.get("next"))
    if request.method == "GET":
        if g.user:
            return redirect(next_url or _home_for(g.user))
        return render_template("account/login.html", next=next_url, email="", errors={})

    email = (request.form.get("email") or "").strip()
    password = request.form.get("password") or ""
    errors = {}
    if not email:
        errors["email"] = "Enter your email address"
    if not password:
        errors["password"] = "Enter your password"
    if errors:
        return render_template("account/login.html", next=next_url, email=email, errors=errors), 400

    wait = auth.login_attempt_wait(email)
    if wait:
        minutes = max(1, -(-wait // 60))
        errors["email"] = (f"Too many sign-in attempts. Wait {minutes} minute{'s' if minutes != 1 else ''}, "
                           "then try again.")
        response = render_template("account/login.html", next=next_url, email=email, errors=errors,
                                   summary_only=True)
        return response, 429, {"Retry-After": str(wait)}

    user = auth.authenticate(email, password)
    if user is None:
        # One message for a wrong email and a wrong password, so the form does not reveal who has an account.
        errors["email"] = WRONG_CREDENTIALS
        return render_template("account/login.html", next=next_url, email=email, errors=errors,
                               summary_only=True), 400
    auth.sign_in(user)
    return redirect(next_url or _home_for(g.user))


@bp.post("/logout")
def logout():
    auth.sign_out()
    flash("You have signed out.")
    return redirect(url_for("account.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@auth.login_required
def change_password():
    errors = {}
    if request.method == "POST":
        current = request.form.get("current_password") or ""
        new = request.form.get("new_password") or ""
        confirm = request.form.get("confirm_password") or ""
        user = store().get_user(g.user["id"])
        if not check_password_hash(user["password_hash"], current):
            errors["current_password"] = "Your current password is not right"
        if len(new) < auth.MIN_PASSWORD_LENGTH:
            errors["new_password"] = f"Enter a new password of at least {auth.MIN_PASSWORD_LENGTH} characters"
        elif new != confirm:
            errors["confirm_password"] = "The two new passwords are not the same"
        if not errors:
            password_hash = generate_password_hash(new)
            store().set_password_hash(user["id"], password_hash)
            # The new hash ends every other session; keep this one.
            auth.sign_in({**user, "password_hash": password_hash})
            flash("Your password has been changed.")
            return redirect(url_for("account.home"))
    return render_template("account/password.html", errors=errors), (400 if errors else 200)
