"""Checks for the staff forms: each takes the posted form and returns (values, errors).

``errors`` maps a field's name to one message written as GOV.UK writes them
("Enter the council's name"); the page shows them in an error summary at the
top and beside each field. The same rules as the command line.
"""
import re

from collector.cli import COUNCIL_KINDS
from collector.sites import normalise_origin

from .auth import MIN_PASSWORD_LENGTH, ROLES

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
LANGUAGES = ("en", "cy")
NAME_MAX = 200
EMAIL_MAX = 254
ORIGINS_MAX = 20


def council(form, *, new: bool) -> tuple[dict, dict]:
    values = {"slug": (form.get("slug") or "").strip().lower(), "name": (form.get("name") or "").strip(),
              "kind": form.get("kind") or "", "population": (form.get("population") or "").strip().replace(",", "")}
    errors = {}
    if new and not SLUG.fullmatch(values["slug"]):
        errors["slug"] = "Enter a short name of lower-case letters, digits and hyphens, such as newham"
    if not values["name"]:
        errors["name"] = "Enter the council's name"
    elif len(values["name"]) > NAME_MAX:
        errors["name"] = f"The name must be {NAME_MAX} characters or fewer"
    if values["kind"] not in COUNCIL_KINDS:
        errors["kind"] = "Select the kind of council"
    if values["population"]:
        if not values["population"].isdigit() or not 1 <= int(values["population"]) <= 100_000_000:
            errors["population"] = "Population must be a whole number, such as 351000"
        else:
            values["population"] = int(values["population"])
    else:
        values["population"] = None
    return values, errors


def site(form) -> tuple[dict, dict]:
    raw_origins = [line.strip() for line in (form.get("origins") or "").splitlines() if line.strip()]
    values = {"origins_text": "\n".join(raw_origins), "sample_rate_text": (form.get("sample_rate") or "").strip(),
              "languages": [lang for lang in form.getlist("languages") if lang in LANGUAGES]}
    errors = {}
    origins = []
    for line in raw_origins:
        try:
            origins.append(normalise_origin(line))
        except ValueError:
            errors["origins"] = f"{line[:80]} is not a web address such as https://www.newham.gov.uk"
            break
    if not raw_origins:
        errors["origins"] = "Enter at least one web address the survey may run on"
    elif len(raw_origins) > ORIGINS_MAX:
        errors["origins"] = f"Enter {ORIGINS_MAX} web addresses or fewer"
    values["origins"] = sorted(set(origins))
    try:
        rate = float(values["sample_rate_text"].rstrip("%")) / (100 if values["sample_rate_text"].endswith("%") else 1)
        if not 0 <= rate <= 1:
            raise ValueError
        values["sample_rate"] = rate
    except ValueError:
        errors["sample_rate"] = "Enter a sample rate from 0 to 1, such as 0.2 for one visitor in five"
    if not values["languages"]:
        errors["languages"] = "Select at least one language"
    return values, errors


def password(form, field="password", *, required=True) -> tuple[str, dict]:
    value = form.get(field) or ""
    if not value and not required:
        return "", {}
    if len(value) < MIN_PASSWORD_LENGTH:
        return value, {field: f"Enter a password of at least {MIN_PASSWORD_LENGTH} characters"}
    return value, {}


def user(form, known_councils, *, new: bool) -> tuple[dict, dict]:
    values = {"email": (form.get("email") or "").strip().lower(), "role": form.get("role") or "",
              "councils": [slug for slug in form.getlist("councils") if slug in known_councils]}
    errors = {}
    if new and ("@" not in values["email"] or len(values["email"]) > EMAIL_MAX or " " in values["email"]):
        errors["email"] = "Enter an email address in the correct format, like name@example.gov.uk"
    if values["role"] not in ROLES:
        errors["role"] = "Select what the user may see"
    elif values["role"] == "council" and not values["councils"]:
        errors["councils"] = "Select at least one council for a council user"
    elif values["role"] == "staff":
        values["councils"] = []  # staff see every council
    if new:
        values["password"], password_errors = password(form, required=False)
        errors.update(password_errors)
    return values, errors
