"""The geometry of the server-drawn SVG charts.

Each function turns figures into plain numbers (positions, widths, labels)
that a small Jinja SVG macro in templates/macros/charts.html draws. No
JavaScript and no chart library: the page is complete as sent, works with
the strict Content Security Policy, and every chart has a text description
and the same data as a table beside it.
"""
import math

WIDTH = 640
LABEL_WIDTH = 250   # room for the longest row label in the horizontal charts
VALUE_WIDTH = 80    # room for the value written after a horizontal bar
ROW_HEIGHT = 28


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Round axis ticks from 0 to at least ``maximum``: 0, 2,000, 4,000 ..."""
    if not maximum or maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < maximum:
        ticks.append(ticks[-1] + step)
    return ticks


def column_chart(items, *, height: int = 220, fmt=str) -> dict:
    """Vertical bars, one per item: items are (label, value) pairs, such as months and visits."""
    left, bottom, top = 64, 28, 12
    plot_w, plot_h = WIDTH - left - 8, height - bottom - top
    values = [v or 0 for _, v in items]
    ticks = nice_ticks(max(values, default=0))
    scale = plot_h / ticks[-1]
    slot = plot_w / max(len(items), 1)
    bar_w = min(48.0, slot * 0.7)
    bars = []
    for i, (text, value) in enumerate(items):
        h = (value or 0) * scale
        x = left + i * slot + (slot - bar_w) / 2
        bars.append({"x": round(x, 1), "y": round(top + plot_h - h, 1), "w": round(bar_w, 1), "h": round(h, 1),
                     "label": text, "label_x": round(x + bar_w / 2, 1), "value": fmt(value)})
    return {"width": WIDTH, "height": height, "left": left, "top": top, "plot_w": plot_w, "plot_h": plot_h,
            "baseline": top + plot_h, "bars": bars,
            "ticks": [{"y": round(top + plot_h - t * scale, 1), "text": fmt(t)} for t in ticks]}


def bar_chart(items, *, fmt=str, maximum=None) -> dict:
    """Horizontal bars, one row per item: (label, value) pairs, such as services or devices."""
    top = 4
    plot_w = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = maximum if maximum is not None else max((v or 0 for _, v in items), default=0)
    scale = plot_w / largest if largest else 0
    rows = []
    for i, (text, value) in enumerate(items):
        y = top + i * ROW_HEIGHT
        w = (value or 0) * scale
        rows.append({"y": y, "bar_y": y + 5, "bar_h": ROW_HEIGHT - 10, "text_y": y + ROW_HEIGHT / 2 + 5,
                     "label": text, "w": round(w, 1), "value": fmt(value),
                     "value_x": round(LABEL_WIDTH + w + 6, 1)})
    return {"width": WIDTH, "height": top * 2 + ROW_HEIGHT * len(items), "label_x": LABEL_WIDTH - 8,
            "bar_x": LABEL_WIDTH, "rows": rows}


def stacked_chart(rows, keys) -> dict:
    """100% stacked horizontal bars: rows are (label, {key: count}); keys give the segments' order.

    Each segment carries its share, written inside it when there is room, so the chart reads
    without telling the colours apart.
    """
    top, plot_w = 4, WIDTH - LABEL_WIDTH - 60
    drawn = []
    for i, (text, counts) in enumerate(rows):
        y = top + i * ROW_HEIGHT
        total = sum(counts.get(k) or 0 for k in keys)
        x, segments = float(LABEL_WIDTH), []
        for k in keys:
            n = counts.get(k) or 0
            share = n / total if total else 0
            w = share * plot_w
            segments.append({"key": k, "x": round(x, 1), "w": round(w, 1), "n": n, "share": share,
                             "text_x": round(x + w / 2, 1), "show_text": w >= 40})
            x += w
        drawn.append({"y": y, "bar_y": y + 4, "bar_h": ROW_HEIGHT - 8, "text_y": y + ROW_HEIGHT / 2 + 5,
                      "label": text, "total": total, "segments": segments, "total_x": LABEL_WIDTH + plot_w + 6})
    return {"width": WIDTH, "height": top * 2 + ROW_HEIGHT * len(rows), "label_x": LABEL_WIDTH - 8,
            "rows": drawn, "keys": list(keys)}


def benchmark_strip(entry: dict) -> dict | None:
    """Where a council stands among its peers: the peers as dots on a line, the middle half as a box,
    the median as a line, and the council itself as a larger, labelled mark."""
    values = [p["value"] for p in entry.get("peer_values") or [] if p["value"] is not None]
    own = entry.get("value")
    if own is not None:
        values.append(own)
    if not values or entry.get("median") is None:
        return None
    left, right, height = 24, WIDTH - 24, 64
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1 if abs(low) >= 1 else low - 0.05, high + 1 if abs(high) >= 1 else high + 0.05
    pad = (high - low) * 0.05
    low, high = low - pad, high + pad

    def x(value):
        return round(left + (value - low) / (high - low) * (right - left), 1)

    peers = [{"x": x(p["value"]), "label": p["label"]} for p in entry["peer_values"]
             if p["value"] is not None and not p.get("is_self")]
    return {"width": WIDTH, "height": height, "line_y": 36, "left": left, "right": right,
            "q1_x": x(entry["q1"]), "q3_x": x(entry["q3"]), "median_x": x(entry["median"]),
            "own_x": x(own) if own is not None else None, "peers": peers}
