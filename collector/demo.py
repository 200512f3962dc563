"""`takeup demo`: example councils, sites, users and a year of realistic data.

Deterministic (a fixed random seed), so screenshots and tests see the same
figures each time. Comments go through the same scrubber as real ones.
"""
import random
import uuid
from datetime import date, datetime, time, timedelta

from werkzeug.security import generate_password_hash

from . import clock, survey
from .scrub import scrub

# (slug, name, kind, population, how well its website works: 0 poor .. 1 good)
COUNCILS = [
    ("newham", "London Borough of Newham", "london_borough", 351_000, 0.55),
    ("camden", "London Borough of Camden", "london_borough", 210_000, 0.75),
    ("hackney", "London Borough of Hackney", "london_borough", 259_000, 0.65),
    ("lewisham", "London Borough of Lewisham", "london_borough", 300_000, 0.45),
    ("islington", "London Borough of Islington", "london_borough", 216_000, 0.7),
    ("leeds", "Leeds City Council", "metropolitan", 812_000, 0.7),
    ("sheffield", "Sheffield City Council", "metropolitan", 556_000, 0.5),
    ("wigan", "Wigan Council", "metropolitan", 330_000, 0.6),
    ("bradford", "City of Bradford Metropolitan District Council", "metropolitan", 546_000, 0.55),
    ("cornwall", "Cornwall Council", "unitary", 570_000, 0.6),
    ("wiltshire", "Wiltshire Council", "unitary", 510_000, 0.7),
    ("bristol", "Bristol City Council", "unitary", 472_000, 0.65),
    ("york", "City of York Council", "unitary", 202_000, 0.75),
    ("cardiff", "Cardiff Council", "welsh_unitary", 372_000, 0.65),
    ("gwynedd", "Cyngor Gwynedd", "welsh_unitary", 117_000, 0.55),
    ("swansea", "Swansea Council", "welsh_unitary", 238_000, 0.6),
    ("kent", "Kent County Council", "county", 1_590_000, 0.6),
    ("essex", "Essex County Council", "county", 1_500_000, 0.5),
    ("devon", "Devon County Council", "county", 811_000, 0.65),
    ("st-albans", "St Albans City and District Council", "district", 149_000, 0.7),
    ("tewkesbury", "Tewkesbury Borough Council", "district", 95_000, 0.6),
    ("south-cambs", "South Cambridgeshire District Council", "district", 162_000, 0.65),
]
DEMO_PASSWORD = "takeup-demo-password"
LOGINS = [
    {"email": "staff@takeup.example", "password": DEMO_PASSWORD, "role": "staff", "councils": []},
    {"email": "webmaster@newham.example", "password": DEMO_PASSWORD, "role": "council", "councils": ["newham"]},
    {"email": "webmaster@cardiff.example", "password": DEMO_PASSWORD, "role": "council", "councils": ["cardiff"]},
]
COMMENTS = {
    "good": ["Found the bin collection day straight away, thanks.", "Quick and easy to pay my council tax.",
             "Much better than ringing up.", "Clear information about the library opening times."],
    "average": ["Took a while to find the right form.", "The planning search is slow.",
                "Had to log in twice. Call me on 07700 900123 if you need details.",
                "Information was there but buried at the bottom of the page."],
    "poor": ["Could not find how to report a missed bin.", "The parking permit form kept failing.",
             "Page said error, I will have to phone. My email is jo.bloggs@example.com",
             "Nothing about housing benefit for my postcode SW1A 1AA.", "Too much jargon, gave up."],
}
CHANNEL_COSTS = {"web": (0.12, 0.2), "phone": (2.4, 3.6), "face_to_face": (7.0, 10.5), "email": (2.2, 3.4)}


def describe_logins() -> str:
    lines = ["Demo logins (password for all: %s):" % DEMO_PASSWORD]
    lines += [f"  {login['email']:<28} {login['role']}" + (f" ({', '.join(login['councils'])})"
              if login["councils"] else "") for login in LOGINS]
    return "\n".join(lines)


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _response(rng, quality, site_key, council, moment):
    task = _pick(rng, {"yes": quality, "partly": (1 - quality) * 0.4, "no": (1 - quality) * 0.6})
    rating = _pick(rng, {"good": quality if task == "yes" else 0.15, "average": 0.3,
                         "poor": 0.1 if task == "yes" else 0.55})
    answers = {
        "service": rng.choice(list(survey.SERVICES)) if rng.random() < 0.9 else None,
        "task": task,
        "rating": rating if rng.random() < 0.95 else None,
        "reason": rng.choice(list(survey.REASONS)) if rating != "good" and rng.random() < 0.8 else None,
        "alternative": _pick(rng, {"phone": 0.45, "face_to_face": 0.15, "email": 0.15, "none": 0.25})
        if rng.random() < 0.85 else None,
        "comment": scrub(rng.choice(COMMENTS[rating])) if rng.random() < 0.12 else None,
    }
    return {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "site_key": site_key,
            "council_slug": council, "received_at": clock.iso(moment), "day": clock.local_day(moment),
            "lang": "cy" if council in ("gwynedd", "cardiff") and rng.random() < 0.3 else "en", "path": "/",
            "device": _pick(rng, {"mobile": 0.55, "desktop": 0.38, "tablet": 0.07}),
            "browser": rng.choice(["Chrome", "Safari", "Edge", "Firefox", "Samsung Internet"]),
            "elapsed_ms": rng.randint(6_000, 90_000), "is_test": 0, **answers}


def seed(store, today: date | None = None) -> dict:
    """Fill the store with a year and a bit of data; return how many of each thing were made."""
    rng = random.Random(20261204)
    today = today or clock.today()
    # From the start of the half-year a year ago, so the last complete half and the one before it
    # are both whole and every "change from the previous period" compares like with like.
    start = periods_start(today)
    days = (today - start).days
    now = clock.iso(clock.now())
    for slug, name, kind, population, _ in COUNCILS:
        store.add_council(slug, name, kind, population, now)
    site_keys = {}
    for slug, *_ in COUNCILS:
        site_keys[slug] = f"demo-{slug}-site"
        store.add_site(site_keys[slug], slug, [f"https://www.{slug}.gov.uk", "http://127.0.0.1:8000"],
                       0.2, ["en", "cy"], now)
    password_hash = generate_password_hash(DEMO_PASSWORD)
    for login in LOGINS:
        store.add_user(login["email"], password_hash, login["role"], login["councils"], now)

    responses, counters, ratings = [], [], []
    for slug, _name, _kind, population, quality in COUNCILS:
        for offset in range(days):
            day = start + timedelta(days=offset)
            weekday_factor = 0.6 if day.weekday() >= 5 else 1.0
            visits = int(population * 0.0009 * weekday_factor * rng.uniform(0.8, 1.2))
            for device, share in (("mobile", 0.55), ("desktop", 0.38), ("tablet", 0.07)):
                device_visits = int(visits * share)
                invites = int(device_visits * 0.2)
                for kind, n in (("visit", device_visits), ("pageview", int(device_visits * rng.uniform(2.5, 3.5))),
                                ("invite", invites), ("open", int(invites * 0.3)), ("dismiss", int(invites * 0.6))):
                    counters.append({"site_key": site_keys[slug], "day": day.isoformat(), "device": device,
                                     "kind": kind, "count": n})
            for _ in range(max(1, int(visits * 0.2 * 0.3 * 0.3))):
                moment = datetime.combine(day, time(rng.randint(7, 22), rng.randint(0, 59)), clock.LONDON)
                responses.append(_response(rng, quality, site_keys[slug], slug, moment))
            for channel in ("phone", "face_to_face", "email"):
                for _ in range(rng.randint(0, 3)):
                    moment = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), clock.LONDON)
                    ratings.append({
                        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "council_slug": slug,
                        "channel": channel, "rating": _pick(rng, {"good": 0.6, "average": 0.25, "poor": 0.15}),
                        "reason": None, "service": rng.choice(list(survey.SERVICES)), "comment": None,
                        "rated_at": clock.iso(moment), "day": clock.local_day(moment), "source": "demo",
                        "received_at": now})
    store.bulk_insert("responses", responses)
    store.bulk_insert("takeup_daily", counters)
    store.bulk_insert("ratings", ratings)
    store.bulk_insert("channel_costs", list(_channel_costs(rng, today, now)))
    store.rebuild_rollups()
    return {"councils": len(COUNCILS), "sites": len(site_keys), "users": len(LOGINS),
            "responses": len(responses), "ratings": len(ratings)}


def periods_start(today: date) -> date:
    year = today.year - 1 if today.month >= 4 else today.year - 2
    return date(year, 10, 1) if today.month >= 10 or today.month < 4 else date(year, 4, 1)


def _channel_costs(rng, today, now):
    from dashboards.periods import period_for, previous_period

    # The last two complete half-years, for every council but one (to show the default costs in use).
    last_complete = previous_period(period_for(today))
    periods = [previous_period(last_complete), last_complete]
    for slug, _name, _kind, population, _ in COUNCILS[:-1]:
        for period in periods:
            for channel, (low, high) in CHANNEL_COSTS.items():
                contacts = int(population * {"web": 1.2, "phone": 0.5, "face_to_face": 0.08, "email": 0.15}[channel]
                               * rng.uniform(0.8, 1.2))
                yield {"council_slug": slug, "period": period, "channel": channel, "contacts": contacts,
                       "cost_pounds": round(contacts * rng.uniform(low, high), 2), "updated_at": now}
