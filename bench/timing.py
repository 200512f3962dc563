"""Timing for the bench scripts: the median of a few runs, in milliseconds."""
import statistics
import time


def timed(function, repeat=1) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)
