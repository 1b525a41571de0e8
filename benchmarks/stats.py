"""Benchmark: statistics on Series frames (targets from issue 4).

Not a test. Run ``.venv/bin/python benchmarks/stats.py [--repeat K]``. It prints, for each
workload, the median wall time and the median CPU time of this process over ``--repeat`` runs
(after one warm-up run) and the peak memory of one run (tracemalloc: Python and NumPy
allocations, not the Kalman filter's own C buffers, which are small here). The machine's load
average is printed first: on a shared machine wall times grow with it (a multithreaded BLAS
suffers most), CPU times much less.

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
import os
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

Measured = tuple[float, float, float, object]


def measure(function: Callable[[], object], repeat: int) -> Measured:
    """Median wall and CPU seconds over ``repeat`` runs (after a warm-up), peak MiB of one run."""
    result = function()  # warm-up: imports, caches
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    gc.collect()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(walls), statistics.median(cpus), peak / 2**20, result


def report(name: str, measured: Measured, target: float | None = None) -> None:
    wall, cpu, peak, _ = measured
    verdict = ""
    if target is not None:
        verdict = f"  target < {target:g} s: {'ok' if wall < target else 'MISSED'}"
    print(f"{name:<44} wall {wall:7.3f} s  cpu {cpu:7.3f} s  peak {peak:6.1f} MiB{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per workload")
    args = parser.parse_args()

    one, _ = simulate_sources(
        n_days=5000, biases={"sohr": 0.0}, report_prob=0.9, level_sigma=0.02, seed=1
    )
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}; medians of {args.repeat} runs")
    report(
        "smooth local_level, 5,000 days",
        measure(lambda: smooth(one, "local_level"), args.repeat),
        target=1.0,
    )

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
    measured = measure(lambda: fuse(many, reference="sohr"), args.repeat)
    report(f"fuse, 10 sources x 3,000 days ({len(many):,} rows)", measured, target=15.0)
    result = measured[3]
    table = result.bias.set_index("source_id")
    z = [(table.loc[s, "bias"] - biases[s]) / table.loc[s, "se"] for s in ids if s != "sohr"]
    print(
        f"{'':<44} converged={result.converged}, max |bias - truth| / se = "
        f"{max(abs(v) for v in z):.2f}, median se = {table['se'][table['se'] > 0].median():.4f}"
    )

    fewer = max(1, args.repeat // 2)
    for method in ("rolling", "lowess", "stl", "gam"):
        report(f"smooth {method}, 5,000 days", measure(lambda m=method: smooth(one, m), fewer))
    report("disagreement, 10 sources x 3,000 days", measure(lambda: disagreement(many), fewer))
    print(f"load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
