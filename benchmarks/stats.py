"""Benchmark: statistics on Series frames (targets from issue 4).

Not a test. Run ``.venv/bin/python benchmarks/stats.py [--repeat K]``. It prints, for each
workload, the median wall time over ``--repeat`` runs (after one warm-up run) and the peak
memory of one run (tracemalloc: Python and NumPy allocations, not the Kalman filter's own C
buffers, which are small here):

* ``smooth(method="local_level")`` on one source over 5,000 days, 10 % of them silent
  (target: under 1 s);
* ``fuse`` on 10 sources × 3,000 days, each reporting 70 % of days, two with long gaps
  (target: under 15 s), with the biases' recovery (largest |z| against the simulated truth);
* for reference, the other smoothing methods and ``disagreement`` (45 pairs) on the same
  series.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casualties.stats import disagreement, fuse, smooth  # noqa: E402
from casualties.stats.simulate import simulate_sources  # noqa: E402


def measure(function: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median seconds over ``repeat`` runs (after a warm-up) and peak MiB of one run."""
    result = function()  # warm-up: imports, caches
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, result


def report(name: str, seconds: float, peak: float, target: float | None = None) -> None:
    verdict = ""
    if target is not None:
        verdict = f"  target < {target:g} s: {'ok' if seconds < target else 'MISSED'}"
    print(f"{name:<44} median {seconds:7.3f} s   peak {peak:7.1f} MiB{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per workload")
    args = parser.parse_args()

    one, _ = simulate_sources(
        n_days=5000, biases={"sohr": 0.0}, report_prob=0.9, level_sigma=0.02, seed=1
    )
    seconds, peak, _ = measure(lambda: smooth(one, "local_level"), args.repeat)
    report("smooth local_level, 5,000 days", seconds, peak, target=1.0)

    rng = np.random.default_rng(0)
    ids = ["sohr"] + [f"source_{i}" for i in range(1, 10)]
    biases = {s: (0.0 if s == "sohr" else float(rng.normal(0, 0.3))) for s in ids}
    sigmas = {s: float(rng.uniform(0.15, 0.4)) for s in ids}
    many, _ = simulate_sources(
        n_days=3000,
        biases=biases,
        sigmas=sigmas,
        report_prob=0.7,
        level_sigma=0.02,
        gaps={"source_1": (500, 800), "source_2": (1000, 1060)},
        seed=1,
    )
    seconds, peak, result = measure(lambda: fuse(many, reference="sohr"), args.repeat)
    report(f"fuse, 10 sources x 3,000 days ({len(many):,} rows)", seconds, peak, target=15.0)
    table = result.bias.set_index("source_id")
    z = [(table.loc[s, "bias"] - biases[s]) / table.loc[s, "se"] for s in ids if s != "sohr"]
    print(
        f"{'':<44} converged={result.converged}, max |bias - truth| / se = "
        f"{max(abs(v) for v in z):.2f}, median se = {table['se'][table['se'] > 0].median():.4f}"
    )

    for method in ("rolling", "lowess", "stl", "gam"):
        seconds, peak, _ = measure(lambda m=method: smooth(one, m), max(1, args.repeat // 2))
        report(f"smooth {method}, 5,000 days", seconds, peak)
    seconds, peak, _ = measure(lambda: disagreement(many), max(1, args.repeat // 2))
    report("disagreement, 10 sources x 3,000 days", seconds, peak)


if __name__ == "__main__":
    main()
