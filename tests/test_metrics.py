"""The statistics, on hand-computed examples."""
import pytest

from dashboards import metrics


def approx(value, rel=1e-4):
    return pytest.approx(value, rel=rel, abs=1e-4)


def test_wilson_interval_matches_the_hand_computed_values():
    assert metrics.wilson(8, 10) == (approx(0.49016), approx(0.94332))
    assert metrics.wilson(0, 10) == (approx(0.0), approx(0.27753))
    assert metrics.wilson(10, 10) == (approx(0.72247), approx(1.0))
    assert metrics.wilson(0, 0) == (None, None)


def test_a_rate_has_its_n_interval_and_small_sample_flag():
    assert metrics.rate(8, 10, min_n=30) == {"value": 0.8, "k": 8, "n": 10, "low": approx(0.49016),
                                             "high": approx(0.94332), "too_few": True}
    assert metrics.rate(30, 30, min_n=30)["too_few"] is False
    assert metrics.rate(0, 0, min_n=30)["value"] is None


def test_net_satisfaction_is_the_mean_score_with_a_95_interval():
    # six good (+1), two average (0), two poor (-1): mean 0.4; sample variance (8 - 10 x 0.16) / 9 = 0.7111
    score = metrics.net_score(6, 2, 2, min_n=30)
    assert score["value"] == approx(0.4) and score["n"] == 10 and score["too_few"]
    assert (score["low"], score["high"]) == (approx(0.4 - 0.52266), approx(0.4 + 0.52266))


def test_net_satisfaction_interval_stays_within_minus_one_and_one():
    score = metrics.net_score(29, 0, 1, min_n=30)
    assert score["high"] <= 1.0 and score["low"] >= -1.0
    assert metrics.net_score(0, 0, 0, min_n=30)["value"] is None
    assert metrics.net_score(1, 0, 0, min_n=30) == {"value": 1.0, "n": 1, "low": None, "high": None, "too_few": True}


def test_changes_are_relative_for_counts_and_differences_for_rates():
    assert metrics.count(120, 100) == {"value": 120, "previous": 100, "change": approx(0.2)}
    assert metrics.count(5, 0)["change"] is None
    assert metrics.with_change({"value": 0.55}, 0.5, relative=False)["change"] == approx(0.05)
    assert metrics.with_change({"value": None}, 0.5, relative=False)["change"] is None


def test_quartiles_and_position():
    assert metrics.quartiles([1, 2, 3, 4, 5]) == (2, 3, 4)
    assert metrics.quartiles([7]) == (7, 7, 7)
    assert metrics.position(4.5, 2, 3, 4) == "top quarter"
    assert metrics.position(3.2, 2, 3, 4) == "above median"
    assert metrics.position(2.5, 2, 3, 4) == "below median"
    assert metrics.position(2, 2, 3, 4) == "bottom quarter"
    # Lower is better (failed visits): the lowest value is in the top quarter.
    assert metrics.position(1, 2, 3, 4, higher_is_better=False) == "top quarter"
    assert metrics.position(5, 2, 3, 4, higher_is_better=False) == "bottom quarter"
