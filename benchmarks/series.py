"""Benchmark: one million claim rows → daily series (target: under 2 s).

Not a test. Run ``.venv/bin/python benchmarks/series.py [--rows N] [--repeat K]``. It prints the
median wall and CPU time over ``--repeat`` runs and the peak memory (tracemalloc: Python and
NumPy allocations) of each step, for two synthetic workloads of ``--rows`` claim rows:

* ``structured``: imported events (flag ``structured``: each row its own tally, summed), from
  4 sources over 12 years, 6 % of them spanning 2–30 days (as in IBC; UCDP-AEC Syria has 4 %);
  ``--multi-day 0.3`` makes a heavier variant (about 5.5 expanded days per claim row);
* ``extracted``: claims as extraction yields them: 25 sources, places at country, governorate
  and town level (so nested places are resolved), each assertion repeated in 1–3 dispatches
  (so reconciliation merges them), 10 % multi-day periods and 5 % cumulative national tolls
  "since March 2011" from 5 of the sources (chains turned into increments).

Steps timed: ``daily(tallies)`` (Tally validation, increments, spreading, nested places,
aggregation, Series validation), ``reconcile(claims)`` (Claim validation, merging, Tally
validation) and ``daily(claims)``, the whole path.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from casualties.reconcile import reconcile  # noqa: E402
from casualties.series import daily  # noqa: E402

CATEGORIES = np.array(["civilians", "soldiers", "rebels", "unspecified"])
GOVERNORATES = [
    ("admin1:SY.09", "Aleppo Governorate"),
    ("admin1:SY.12", "Idlib Governorate"),
    ("admin1:SY.11", "Homs Governorate"),
    ("admin1:SY.10", "Hama Governorate"),
    ("admin1:SY.08", "Rif Dimashq Governorate"),
]
TOWNS = [  # (place_id, name, governorate index)
    ("geonames:170063", "Aleppo", 0),
    ("geonames:169389", "Idlib", 1),
    ("geonames:169577", "Homs", 2),
    ("geonames:170017", "Hama", 3),
    ("geonames:170654", "Damascus", 4),
    ("geonames:163345", "Ariha", 1),
    ("geonames:173334", "Al Bab", 0),
]


def _base(n: int, rng: np.random.Generator, start: str, days: int) -> dict:
    first = np.datetime64(start)
    event_start = first + rng.integers(0, days, n).astype("timedelta64[D]")
    return {
        "event_start": event_start,
        "language": "en",
        "outlet": "AFP",
        "quote": "…",
        "span_start": 0,
        "span_end": 1,
        "date_basis": "explicit",
        "outcome": np.where(rng.random(n) < 0.9, "killed", "wounded"),
    }


def structured_claims(n: int, seed: int = 1, multi_day: float = 0.06) -> pd.DataFrame:
    """``n`` imported event rows (one category each), flagged ``structured``.

    ``multi_day`` is the share of events spanning 2–30 days (IBC: 6 %, UCDP-AEC Syria: 4 %).
    """
    rng = np.random.default_rng(seed)
    base = _base(n, rng, "2011-01-01", 12 * 365)
    length = np.where(rng.random(n) < multi_day, rng.integers(2, 31, n), 1)
    best = rng.poisson(4, n)
    low = np.maximum(best - rng.integers(0, 3, n), 0)
    high = best + rng.integers(0, 5, n)
    ids = np.char.add("ev:", np.arange(n).astype(str))
    town = rng.integers(0, len(TOWNS), n)
    return pd.DataFrame(
        {
            **base,
            "claim_id": ids,
            "dispatch_id": ids,
            "source_id": np.array(["ucdp", "ibc", "acled", "airwars"])[rng.integers(0, 4, n)],
            "source_name": "dataset",
            "category": CATEGORIES[rng.integers(0, 4, n)],
            "low": low,
            "best": best,
            "high": high,
            "qualifier": "range",
            "kind": "incident",
            "event_end": base["event_start"] + (length - 1).astype("timedelta64[D]"),
            "place_name": np.array([t[1] for t in TOWNS])[town],
            "place": np.array([t[1] for t in TOWNS])[town],
            "place_id": np.array([t[0] for t in TOWNS])[town],
            "admin1": np.array([g[1] for g in GOVERNORATES])[[TOWNS[i][2] for i in town]],
            "country": "SY",
            "published": pd.NaT,
            "flags": "structured",
        }
    )


def extracted_claims(n: int, seed: int = 2) -> pd.DataFrame:
    """About ``n`` extracted claim rows: repeated assertions, three place levels, cumulatives."""
    rng = np.random.default_rng(seed)
    n_assert = n // 4  # an assertion has ~2 category rows and is carried by ~2 dispatches
    base = _base(n_assert, rng, "2011-03-15", 8 * 365)
    level = rng.choice(3, n_assert, p=[0.2, 0.3, 0.5])
    # running totals: a few sources restate a national toll "since March 2011" now and then
    cumulative = rng.random(n_assert) < 0.05
    level = np.where(cumulative, 0, level)
    gov = rng.integers(0, len(GOVERNORATES), n_assert)
    town = rng.integers(0, len(TOWNS), n_assert)
    place_id = np.where(
        level == 0,
        "country:SY",
        np.where(
            level == 1,
            np.array([g[0] for g in GOVERNORATES])[gov],
            np.array([t[0] for t in TOWNS])[town],
        ),
    )
    gov_of_town = np.array([GOVERNORATES[t[2]][1] for t in TOWNS])[town]
    place = np.where(
        level == 0,
        "Syria",
        np.where(
            level == 1,
            np.array([g[1] for g in GOVERNORATES])[gov],
            np.array([t[1] for t in TOWNS])[town],
        ),
    )
    admin1 = np.where(
        level == 0,
        None,
        np.where(level == 1, np.array([g[1] for g in GOVERNORATES])[gov], gov_of_town),
    )
    length = np.where(rng.random(n_assert) < 0.1, rng.integers(2, 8, n_assert), 1)
    event_start = base["event_start"]
    event_end = event_start + (length - 1).astype("timedelta64[D]")
    assertions = pd.DataFrame(
        {
            "assertion": np.arange(n_assert),
            "source_id": np.array([f"src{i:02d}" for i in range(25)])[
                np.where(cumulative, rng.integers(0, 5, n_assert), rng.integers(0, 25, n_assert))
            ],
            "kind": np.where(cumulative, "cumulative", "incident"),
            "event_start": np.where(cumulative, np.datetime64("2011-03-15"), event_start),
            "event_end": event_end,
            "place": place,
            "place_id": place_id,
            "admin1": admin1,
            "outcome": base["outcome"],
            "n_cat": rng.integers(1, 4, n_assert),
            "n_disp": rng.integers(1, 4, n_assert),
            "size": np.where(
                cumulative, rng.integers(100, 5000, n_assert), rng.poisson(8, n_assert)
            ),
        }
    )
    # repeat each assertion in n_disp dispatches, each with n_cat category rows
    claims = assertions.loc[assertions.index.repeat(assertions["n_disp"])].reset_index(drop=True)
    claims["copy"] = claims.groupby("assertion").cumcount()
    claims["claim_id"] = "c" + claims["assertion"].astype(str) + "-" + claims["copy"].astype(str)
    claims["dispatch_id"] = "d" + claims["assertion"].astype(str) + "-" + claims["copy"].astype(str)
    claims["published"] = (
        pd.to_datetime(claims["event_end"]) + pd.to_timedelta(claims["copy"] * 6 + 12, unit="h")
    ).dt.tz_localize("UTC")
    rows = claims.loc[claims.index.repeat(claims["n_cat"])].reset_index(drop=True)
    rows["category"] = CATEGORIES[rows.groupby("claim_id").cumcount().to_numpy() % 4]
    drift = rng.integers(-1, 3, len(rows))
    rows["best"] = np.maximum(rows["size"].to_numpy() // rows["n_cat"].to_numpy() + drift, 0)
    at_least = rng.random(len(rows)) < 0.4
    rows["low"] = rows["best"]
    rows["high"] = pd.array(np.where(at_least, 0, rows["best"]), dtype="Int64")
    rows.loc[at_least, "high"] = pd.NA
    rows["qualifier"] = np.where(at_least, "at_least", "exact")
    rows["source_name"] = rows["source_id"]
    rows["place_name"] = rows["place"]
    rows["country"] = "SY"
    rows["flags"] = ""
    for column in ("language", "outlet", "quote", "span_start", "span_end", "date_basis"):
        rows[column] = base[column]
    rows["span_start"] = rows["copy"]
    rows["span_end"] = rows["copy"] + 1
    return rows.drop(columns=["assertion", "n_cat", "n_disp", "size", "copy"]).head(n)


def measure(label: str, func, repeat: int) -> object:
    """Run ``func`` ``repeat`` times; print median wall and CPU time, then its peak memory."""
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  {label:<30} median {statistics.median(walls):6.2f} s wall"
        f" ({statistics.median(cpus):5.2f} s CPU, min wall {min(walls):.2f}, n={repeat})"
        f"  peak memory {peak / 2**20:6.0f} MiB"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--multi-day", type=float, default=0.06, help="share of multi-day structured events"
    )
    parser.add_argument("--only", choices=("structured", "extracted"), help="run one workload only")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} (wall times suffer when it is high)")
    workloads = {
        "structured": lambda: structured_claims(args.rows, multi_day=args.multi_day),
        "extracted": lambda: extracted_claims(args.rows),
    }
    for name, make in workloads.items():
        if args.only and name != args.only:
            continue
        claims = make()
        print(f"{name}: {len(claims):,} claim rows")
        tallies = reconcile(claims)
        series = measure("daily(tallies)", lambda t=tallies: daily(t), args.repeat)
        measure("reconcile(claims)", lambda c=claims: reconcile(c), args.repeat)
        measure("daily(claims) [whole path]", lambda c=claims: daily(c), args.repeat)
        print(
            f"  → {len(tallies):,} tallies, {len(series):,} series rows, "
            f"best total {int(series['best'].sum()):,}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
