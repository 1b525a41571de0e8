"""Rebuild ``data/`` from ``../shared`` (run from the repository root).

Copies the seed dispatch, writes the FA-KES articles that are not held out as a dispatch JSONL
(with the crowd codes under ``crowd``), and keeps the UCDP-AEC events located in Syria. The
output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pandas as pd

from casualties.io.encoding import decode_bytes
from casualties.io.fakes import fakes_records

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = Path(__file__).resolve().parents[1] / "data"


def holdout_ids(shared: Path) -> set[str]:
    lines = (shared / "corpora/fakes/HOLDOUT").read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def bundle_seed(shared: Path) -> None:
    for name in (
        "aleppo-2012-08-08.fr.txt",
        "aleppo-2012-08-08.fr.jsonl",
        "aleppo-2012-08-08.gold.jsonl",
    ):
        shutil.copyfile(shared / "seed" / name, DATA / "seed" / name)
    record = json.loads((shared / "seed/aleppo-2012-08-08.fr.jsonl").read_text())
    sidecar = {
        k: record[k] for k in ("dispatch_id", "published", "outlet", "language", "title", "url")
    }
    (DATA / "seed/aleppo-2012-08-08.fr.json").write_text(
        json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def bundle_fakes(shared: Path) -> int:
    text = decode_bytes((shared / "corpora/fakes/fakes.csv").read_bytes()).text
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    held = holdout_ids(shared)
    frame = frame[~frame["unit_id"].str.strip().isin(held)]
    records, _ = fakes_records(frame)
    seen: dict[str, int] = {}
    with (DATA / "fakes/fakes.dispatches.jsonl").open("w", encoding="utf-8", newline="\n") as out:
        for record in records:
            base = record["dispatch_id"]
            seen[base] = seen.get(base, 0) + 1
            if seen[base] > 1:
                record["dispatch_id"] = f"{base}-{seen[base]}"
            record["published"] = (
                record["published"].strftime("%Y-%m-%d")
                if record["published"] is not None
                else None
            )
            record["text"] = record["text"].strip()
            crowd = record.pop("crowd")
            for key in ("nb_children", "nb_civilians", "nb_noncivilians", "nb_women", "label"):
                crowd[key] = int(crowd[key]) if str(crowd.get(key, "")).strip() else None
            record["crowd"] = crowd
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
    return len(records)


def bundle_ucdp(shared: Path) -> int:
    frame = pd.read_csv(
        shared / "corpora/ucdp-aec/ucdp_aec_events.csv", dtype=str, keep_default_na=False
    )
    syria = frame[frame["location_root_name"] == "Syria"]
    syria.to_csv(DATA / "ucdp/ucdp_aec_syria.csv", index=False, lineterminator="\n")
    return len(syria)


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    bundle_seed(shared)
    print("fakes:", bundle_fakes(shared), "articles")
    print("ucdp:", bundle_ucdp(shared), "Syria events")


if __name__ == "__main__":
    main()
