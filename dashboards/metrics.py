"""The statistics behind every figure: rates, scores, intervals, quartiles.

Plain functions returning plain dicts, so the dashboards, the summary API and
the reports show the same numbers. Every rate carries its ``n`` and a 95%
interval, and says when ``n`` is too small to trust.
"""
import math
import statistics

Z95 = 1.959963984540054
SCORES = {"good": 1, "average": 0, "poor": -1}


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval for k successes out of n."""
    if n <= 0:
        return None, None
    p = k / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - margin) / denominator), min(1.0, (centre + margin) / denominator)


def rate(k: int, n: int, min_n: int) -> dict:
    """k out of n, with its 95% Wilson interval; flagged when n < min_n."""
    low, high = wilson(k, n)
    return {"value": k / n if n else None, "k": k, "n": n, "low": low, "high": high, "too_few": n < min_n}


def net_score(good: int, average: int, poor: int, min_n: int) -> dict:
    """Net satisfaction: the mean of good=+1, average=0, poor=-1, with a 95% interval.

    The interval is the normal approximation with the sample variance,
    clipped to [-1, 1]; with fewer than two ratings it is undefined.
    """
    n = good + average + poor
    if n == 0:
        return {"value": None, "n": 0, "low": None, "high": None, "too_few": True}
    mean = (good - poor) / n
    if n < 2:
        return {"value": mean, "n": n, "low": None, "high": None, "too_few": True}
    variance = ((good + poor) - n * mean * mean) / (n - 1)
    margin = Z95 * math.sqrt(max(variance, 0.0) / n)
    return {"value": mean, "n": n, "low": max(-1.0, mean - margin), "high": min(1.0, mean + margin),
            "too_few": n < min_n}


def with_change(figure: dict, previous_value, relative: bool) -> dict:
    """Add the previous period's value and the change: relative for counts, a difference for rates."""
    value = figure.get("value")
    figure["previous"] = previous_value
    if value is None or previous_value is None:
        figure["change"] = None
    elif relative:
        figure["change"] = (value - previous_value) / previous_value if previous_value else None
    else:
        figure["change"] = value - previous_value
    return figure


def count(value, previous_value) -> dict:
    return with_change({"value": value}, previous_value, relative=True)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """(lower quartile, median, upper quartile), inclusive method; one value is all three."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def position(value, q1, median, q3, higher_is_better=True) -> str | None:
    """Where a value stands among its peers, from the reader's point of view ('top' is best)."""
    if value is None:
        return None
    if not higher_is_better:
        value, q1, median, q3 = -value, -q3, -median, -q1
    if value >= q3:
        return "top quarter"
    if value >= median:
        return "above median"
    if value > q1:
        return "below median"
    return "bottom quarter"
