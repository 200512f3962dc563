"""Every figure for one council and period, and the staff overview, from the daily rollups.

The dashboard pages, the summary API and the reports all call these two
functions, so the numbers always agree. Conventions:

* a Rate is ``{"value", "k", "n", "low", "high", "too_few", "previous", "change"}``
  (``low``/``high``: the 95% Wilson interval; ``change``: the difference from
  the previous period, 0.03 = 3 points);
* a Score (net satisfaction, -1 to +1) has the same keys but ``k``;
* a Count is ``{"value", "previous", "change"}`` (``change`` relative, 0.12 = +12%).

Costs use the council's own cost per contact for the period where it entered
one, else the default costs in SPEC; each costed figure says which.
"""
from datetime import timedelta

from collector import clock
from collector.survey import SERVICES

from . import metrics, periods

DEFAULT_COST_PER_CONTACT = {"web": 0.15, "phone": 2.83, "face_to_face": 8.62, "email": 2.83}
CHANNELS = ("web", "phone", "face_to_face", "email")
ALTERNATIVE_CHANNELS = ("phone", "face_to_face", "email")
REASONS = ("not_found", "unclear_or_wrong", "could_not_complete", "hard_to_use")
# (metric, higher is better) for the peer benchmarks.
BENCHMARKED = (("success_rate", True), ("failed_visit_rate", False), ("net_satisfaction", True),
               ("response_rate", True), ("takeup_per_1000", True),
               *((f"satisfaction_{channel}", True) for channel in CHANNELS[1:]),
               *((f"cost_per_contact_{channel}", False) for channel in CHANNELS), ("web_share", True))
NO_DATA: dict = {}
STALE_BEACON_DAYS = 7  # no beacon for this long: the tag is probably missing from the site


def _total(totals: dict, column: str) -> int:
    return totals.get(column, 0) or 0


def _web_ratings(totals: dict, ratings: dict) -> dict:
    """The web survey's ratings plus any web ratings posted through the ratings API."""
    posted = ratings.get("web", {})
    return {grade: _total(totals, f"rating_{grade}") + (posted.get(grade) or 0) for grade in metrics.SCORES}


def core_figures(totals: dict, population, ratings: dict, min_n: int, entered_costs: dict | None = None) -> dict:
    """The figures every council has, from its rollup totals and entered costs: for it and for its peers."""
    visits = _total(totals, "visits")
    answered = sum(_total(totals, f"task_{t}") for t in ("yes", "partly", "no"))
    invites, responses = _total(totals, "invites"), _total(totals, "responses")
    web = _web_ratings(totals, ratings)
    by_channel = {"web": metrics.net_score(web["good"], web["average"], web["poor"], min_n)}
    for channel in CHANNELS[1:]:
        grades = ratings.get(channel, {})
        by_channel[channel] = metrics.net_score(grades.get("good") or 0, grades.get("average") or 0,
                                                grades.get("poor") or 0, min_n)
    return {
        "visits": visits, "page_views": _total(totals, "page_views"), "invitations": invites,
        "responses": responses,
        "takeup_per_1000": visits / population * 1000 if population and visits else None,
        # Responses can exceed invitations (takeup.open() without an invitation); the rate is capped.
        "response_rate": metrics.rate(min(responses, invites), invites, min_n),
        "success_rate": metrics.rate(_total(totals, "task_yes"), answered, min_n),
        "failed_visit_rate": metrics.rate(_total(totals, "task_no") + _total(totals, "task_partly"), answered, min_n),
        "net_satisfaction": by_channel["web"],
        "satisfaction_by_channel": by_channel,
        "rating_distribution": {"web": web, **{c: {g: (ratings.get(c, {}).get(g) or 0) for g in metrics.SCORES}
                                               for c in CHANNELS[1:]}},
        "answered": answered,
        **{f"satisfaction_{channel}": by_channel[channel] for channel in CHANNELS[1:]},
        **_cost_figures(channel_figures(entered_costs or {}, visits)),
    }


def _cost_figures(figures: dict) -> dict:
    return {**{f"cost_per_contact_{c}": figures["channels"][c]["entered_cost_per_contact"] for c in CHANNELS},
            "web_share": figures["web_share"], "channel_figures": figures}


def channel_figures(entered: dict, visits: int) -> dict:
    """Contacts, cost and cost per contact per channel, the channel mix and the web's share of contacts.

    Web contacts default to the counted visits. Cost per contact is None where the council entered no
    cost (the default costs are for estimates, not for benchmarking one council against another).
    """
    channels = {}
    for channel in CHANNELS:
        row = entered.get(channel) or {}
        contacts = row.get("contacts")
        if channel == "web" and contacts is None:
            contacts = visits or None
        cost = row.get("cost")
        channels[channel] = {"contacts": contacts, "cost": cost,
                             "entered_cost_per_contact": cost / contacts if cost is not None and contacts else None}
    known = [c for c in CHANNELS if channels[c]["contacts"]]
    total = sum(channels[c]["contacts"] for c in known)
    mix = {c: channels[c]["contacts"] / total if c in known else None for c in CHANNELS} if total else {}
    # The web's share means something only when the other channels' contacts are known too.
    web_share = mix.get("web") if total and "phone" in known else None
    return {"channels": channels, "mix": mix, "web_share": web_share}


def cost_per_contact(entered: dict, visits: int = 0) -> dict:
    """{channel: (cost per contact, "council" or "default")}: the council's own figure, else the default."""
    channels = channel_figures(entered, visits)["channels"]
    return {channel: (channels[channel]["entered_cost_per_contact"], "council")
            if channels[channel]["entered_cost_per_contact"] is not None
            else (DEFAULT_COST_PER_CONTACT[channel], "default") for channel in CHANNELS}


def _source(sources: set) -> str:
    return sources.pop() if len(sources) == 1 else "mixed" if sources else "default"


def contact_estimates(totals: dict, answered: int, visits: int, costs: dict, min_n: int) -> dict:
    """Avoidable contact and contacts avoided by the web, scaled to visits and costed."""
    web_cost = costs["web"][0]
    result = {}
    for name, prefix in (("avoidable_contacts", "failed"), ("contacts_avoided", "success")):
        k = sum(_total(totals, f"{prefix}_{c}") for c in ALTERNATIVE_CHANNELS)
        share = metrics.rate(k, answered, min_n)
        by_channel, sources, money = {}, set(), 0.0
        for channel in ALTERNATIVE_CHANNELS:
            contacts = _total(totals, f"{prefix}_{channel}") / answered * visits if answered else 0.0
            unit, source = costs[channel]
            # A contact avoided saves the other channel's cost less what the web visit cost.
            unit_value = unit if prefix == "failed" else unit - web_cost
            if contacts:
                sources.add(source)
            money += contacts * unit_value
            by_channel[channel] = {"contacts": contacts, "cost": contacts * unit_value, "cost_per_contact": unit,
                                   "cost_source": source}
        figure = {"value": share["value"] * visits if share["value"] is not None else None,
                  "low": share["low"] * visits if share["low"] is not None else None,
                  "high": share["high"] * visits if share["high"] is not None else None,
                  "share": share, "by_channel": by_channel, "cost_source": _source(sources)}
        figure["cost" if prefix == "failed" else "value_pounds"] = money
        result[name] = figure
    return result


def _benchmarks(slug, peers: dict, names: dict, named_peers: bool, benchmark_min_n: int) -> dict:
    """Peer median, quartiles and this council's position for each benchmarked metric."""
    result = {}
    for metric, higher_is_better in BENCHMARKED:
        values = {}
        for peer, figures in peers.items():
            figure = figures[metric]
            if isinstance(figure, dict):
                if figure["value"] is not None and figure["n"] >= benchmark_min_n:
                    values[peer] = figure["value"]
            elif figure is not None:
                values[peer] = figure
        own = peers[slug][metric]
        own_value = own["value"] if isinstance(own, dict) else own
        entry = {"value": own_value, "higher_is_better": higher_is_better, "peers": len(values),
                 "included": slug in values, "median": None, "q1": None, "q3": None, "position": None,
                 "peer_values": []}
        if values:
            q1, median, q3 = metrics.quartiles(sorted(values.values()))
            entry.update(q1=q1, median=median, q3=q3)
            if slug in values:
                entry["position"] = metrics.position(values[slug], q1, median, q3, higher_is_better)
            ranked = sorted(values.items(), key=lambda item: item[1], reverse=higher_is_better)
            letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            for peer, value in ranked:
                label = names[peer] if named_peers or peer == slug else _anonymous(next(letters, None))
                entry["peer_values"].append({"label": label, "value": value, "is_self": peer == slug})
        result[metric] = entry
    return result


def _anonymous(letter):
    return f"Council {letter}" if letter else "Another council"


def council_summary(store, slug, start, end, *, named_peers: bool, config, period_id=None) -> dict | None:
    """Every figure for one council and period, with peer benchmarks; None for an unknown council."""
    council = store.get_council(slug)
    if council is None:
        return None
    min_n, benchmark_min_n = config["MIN_N"], config["BENCHMARK_MIN_N"]
    prev_start, prev_end = periods.previous(start, end, period_id)
    peers = [c for c in store.list_councils() if c["kind"] == council["kind"]]
    names = {c["slug"]: c["name"] for c in peers}
    cost_period = period_id or periods.period_for(start)
    totals = store.council_totals(start, end, list(names))
    ratings = store.rating_totals(start, end, list(names))
    peer_costs = store.channel_costs_by_council(cost_period, list(names))
    peer_figures = {c["slug"]: core_figures(totals.get(c["slug"], NO_DATA), c["population"],
                                            ratings.get(c["slug"], NO_DATA), min_n, peer_costs.get(c["slug"]))
                    for c in peers}
    now = peer_figures[slug]
    before = core_figures(store.council_totals(prev_start, prev_end, [slug]).get(slug, NO_DATA),
                          council["population"], store.rating_totals(prev_start, prev_end, [slug]).get(slug, NO_DATA),
                          min_n)

    entered = peer_costs.get(slug, {})
    costs = cost_per_contact(entered, now["visits"])
    own_totals = totals.get(slug, NO_DATA)
    estimates = contact_estimates(own_totals, now["answered"], now["visits"], costs, min_n)
    previous_estimates = contact_estimates(
        store.council_totals(prev_start, prev_end, [slug]).get(slug, NO_DATA), before["answered"], before["visits"],
        cost_per_contact(store.channel_costs_for(slug, periods.period_for(prev_start)), before["visits"]), min_n)

    headline = {name: metrics.count(now[name], before[name])
                for name in ("visits", "page_views", "invitations", "responses", "takeup_per_1000")}
    for name in ("response_rate", "success_rate", "failed_visit_rate", "net_satisfaction"):
        headline[name] = metrics.with_change(dict(now[name]), before[name]["value"], relative=False)
    for name, figure in estimates.items():
        headline[name] = metrics.with_change(figure, previous_estimates[name]["value"], relative=True)

    by_service = []
    for row in store.service_totals(slug, start, end):
        answered = row["task_yes"] + row["task_partly"] + row["task_no"]
        by_service.append({
            "service": row["service"], "label": SERVICES.get(row["service"], (row["service"],))[0],
            "responses": row["responses"],
            "success_rate": metrics.rate(row["task_yes"], answered, min_n),
            "failed_visit_rate": metrics.rate(row["task_partly"] + row["task_no"], answered, min_n)})

    channel_costs = {}
    for channel in CHANNELS:
        unit, source = costs[channel]
        figures = now["channel_figures"]["channels"][channel]
        channel_costs[channel] = {"contacts": figures["contacts"], "cost": figures["cost"], "cost_per_contact": unit,
                                  "source": source, "share": now["channel_figures"]["mix"].get(channel)}

    return {
        "council": {k: council[k] for k in ("slug", "name", "kind", "population")},
        "period": {"id": period_id, "from": start.isoformat(), "to": end.isoformat()},
        "previous": {"from": prev_start.isoformat(), "to": prev_end.isoformat()},
        "thresholds": {"min_n": min_n, "benchmark_min_n": benchmark_min_n},
        "headline": headline,
        "satisfaction_by_channel": now["satisfaction_by_channel"],
        "rating_distribution": now["rating_distribution"],
        "reasons": {reason: _total(own_totals, f"reason_{reason}") for reason in REASONS},
        "by_service": by_service,
        "by_month": store.council_months(slug, start, end),
        "devices": store.device_visits(slug, start, end),
        "channel_costs": {"period": cost_period, "channels": channel_costs,
                          "web_share": now["channel_figures"]["web_share"]},
        "benchmarks": _benchmarks(slug, peer_figures, names, named_peers, benchmark_min_n),
    }


def overview(store, start, end, *, config) -> list[dict]:
    """One row per council for the staff overview, with data-quality flags."""
    min_n = config["MIN_N"]
    totals = store.council_totals(start, end)
    ratings = store.rating_totals(start, end)
    beacons = store.last_beacon_by_council()
    stale_before = clock.iso(clock.now() - timedelta(days=STALE_BEACON_DAYS))
    rows = []
    for council in store.list_councils():
        slug = council["slug"]
        figures = core_figures(totals.get(slug, NO_DATA), council["population"], ratings.get(slug, NO_DATA), min_n)
        flags = []
        if not beacons.get(slug) or beacons[slug] < stale_before:
            flags.append(f"no beacons in {STALE_BEACON_DAYS} days")
        if figures["success_rate"]["too_few"]:
            flags.append("too few responses")
        if not council["population"]:
            flags.append("no population")
        rows.append({"slug": slug, "name": council["name"], "kind": council["kind"],
                     "population": council["population"], "visits": figures["visits"],
                     "takeup_per_1000": figures["takeup_per_1000"], "responses": figures["responses"],
                     "success_rate": figures["success_rate"], "net_satisfaction": figures["net_satisfaction"],
                     "last_beacon_at": beacons.get(slug), "flags": flags})
    return rows
