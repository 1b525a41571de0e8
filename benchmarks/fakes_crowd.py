"""Agreement of extraction with the FA-KES crowd codes (not a test; issue 3's target).

The crowd coded, per article, ``nb_civilians`` and ``nb_noncivilians`` (the bundled, HOLDOUT-free
file ``data/fakes/fakes.dispatches.jsonl`` carries them under ``crowd``). For every article where
the crowd's count is above zero the script asks whether the article's killed claims hold a figure
equal to it, in two ways:

- **strict**: a row of the crowd's categories equals it (civilians; for non-civilians a soldiers
  or rebels row, or a claim's soldiers + rebels);
- **DESIGN-consistent**: the crowd coded every toll of non-combatants as civilians, "16 people"
  included, which DESIGN §5 rule 3 codes ``unspecified``; so an unspecified row, or a claim's
  total, equal to the count agrees too.

(:func:`casualties.evaluate.crowd_agreement`; ``tests/test_extract_corpus.py`` holds floors.)

    .venv/bin/python benchmarks/fakes_crowd.py              # the four rates
    .venv/bin/python benchmarks/fakes_crowd.py --misses     # and the strict civilians misses
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casualties.evaluate import crowd_agreement  # noqa: E402
from casualties.extract import extract_dispatches  # noqa: E402
from casualties.schema import DispatchSchema, validate  # noqa: E402

CORPUS = ROOT / "data" / "fakes" / "fakes.dispatches.jsonl"
FIELDS = ("dispatch_id", "published", "outlet", "language", "title", "text", "url")


def load(path: Path = CORPUS) -> tuple[list[dict], pd.DataFrame]:
    """The FA-KES records (with their crowd codes) and their Dispatch frame."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    frame = pd.DataFrame([{k: r.get(k) for k in FIELDS} for r in records])
    frame["published"] = pd.to_datetime(frame["published"], utc=True)
    return records, validate(frame, DispatchSchema)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list strict civilians misses")
    args = parser.parse_args()
    records, dispatches = load()
    crowd = {r["dispatch_id"]: r.get("crowd") or {} for r in records}
    claims = extract_dispatches(dispatches).claims
    for name, (hits, wanted) in crowd_agreement(crowd, claims).items():
        print(f"{name:<24} {hits:>4} / {wanted:<4} = {hits / wanted:.3f}")
    if args.misses:
        killed = claims[claims["outcome"].astype(str) == "killed"]
        for record in records:
            codes = {
                record["dispatch_id"]: {
                    "nb_civilians": crowd[record["dispatch_id"]].get("nb_civilians")
                }
            }
            rows = killed[killed["dispatch_id"] == record["dispatch_id"]]
            (hits, wanted) = crowd_agreement(codes, rows)["nb_civilians strict"]
            if wanted and not hits:
                shown = ", ".join(f"{r.category} {r.best}" for r in rows.itertuples()) or "none"
                value = codes[record["dispatch_id"]]["nb_civilians"]
                print(f"{record['dispatch_id']}: crowd civilians {value}; extracted {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
