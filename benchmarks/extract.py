"""Extraction throughput on the FA-KES corpus (not a test).

Reads the bundled, HOLDOUT-free FA-KES dispatches (``data/fakes/fakes.dispatches.jsonl``; the
full CSV in ``../shared/corpora`` also holds the HOLDOUT articles, which are never read here),
extracts claims from all of them several times and prints, per run and as medians: wall-clock
MB/s and dispatches/s, CPU-time MB/s (the per-core rate, unaffected by other load on the
machine), and peak RSS.

    .venv/bin/python benchmarks/extract.py                # one process
    .venv/bin/python benchmarks/extract.py --workers 2    # a process pool of two
    .venv/bin/python benchmarks/extract.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casualties.extract import extract_dispatches  # noqa: E402
from casualties.schema import DispatchSchema, validate  # noqa: E402

CORPUS = ROOT / "data" / "fakes" / "fakes.dispatches.jsonl"
FIELDS = ("dispatch_id", "published", "outlet", "language", "title", "text", "url")


def load(path: Path) -> pd.DataFrame:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    frame = pd.DataFrame([{k: r.get(k) for k in FIELDS} for r in records])
    frame["published"] = pd.to_datetime(frame["published"], utc=True)
    return validate(frame, DispatchSchema)


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    dispatches = load(args.corpus)
    megabytes = dispatches["text"].str.encode("utf-8").str.len().sum() / 1e6
    print(
        f"corpus: {len(dispatches)} dispatches, {megabytes:.2f} MB of text "
        f"({args.corpus.relative_to(ROOT) if args.corpus.is_relative_to(ROOT) else args.corpus})"
    )
    print(
        f"workers: {args.workers}; load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    extract_dispatches(dispatches.head(20))  # lexicons, gazetteer, first-use caches
    walls, cpus = [], []
    for run in range(1, args.repeat + 1):
        cpu0, wall0 = cpu_seconds(), time.perf_counter()
        result = extract_dispatches(dispatches, workers=args.workers)
        wall, cpu = time.perf_counter() - wall0, cpu_seconds() - cpu0
        walls.append(wall)
        cpus.append(cpu)
        print(
            f"run {run}: {wall:.2f} s wall = {megabytes / wall:.2f} MB/s, "
            f"{len(dispatches) / wall:.0f} dispatches/s; {cpu:.2f} s CPU = "
            f"{megabytes / cpu:.2f} MB/s per core; {len(result.claims)} claim rows"
        )
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    own, children = peak_rss_mb()
    print(
        f"median: {megabytes / wall:.2f} MB/s wall ({len(dispatches) / wall:.0f} dispatches/s), "
        f"{megabytes / cpu:.2f} MB/s per CPU-second; peak RSS {own:.0f} MB"
        + (f" (largest worker {children:.0f} MB)" if args.workers > 1 else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
