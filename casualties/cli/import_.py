"""``casualties import {ucdp,ibc,acled} FILE -o claims.parquet``: structured datasets → claims."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..io import write_frame
from ..io._structured import ImportResult
from . import CliError

HELP = "import a structured dataset (UCDP GED, Iraq Body Count, ACLED) as claims"

EPILOG = """\
datasets:
  ucdp   UCDP GED events: the full GED CSV or the UCDP-AEC event records (source 'ucdp')
  ibc    Iraq Body Count incidents, ESOC export, latin-1 (source 'ibc'; civilians only)
  acled  an ACLED export CSV with codebook columns (source 'acled')

Every row becomes claim rows (one per category, flag 'structured') or a rejection with its
row number and reason; the summary counts rows read, mapped, skipped and rejected.

examples:
  casualties import ucdp data/ucdp/ucdp_aec_syria.csv -o claims/ucdp.parquet
  casualties import ibc ../shared/corpora/ibc-esoc-iraq/Civilian-Casualty-Data.csv -o ibc.parquet
  casualties import acled acled_export.csv -o acled.csv --rejections rejected.csv
"""


def _loaders() -> dict[str, Callable[[Path], ImportResult]]:
    from ..io.acled import load_acled
    from ..io.ibc import load_ibc
    from ..io.ucdp import load_ucdp_ged

    return {"ucdp": load_ucdp_ged, "ibc": load_ibc, "acled": load_acled}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help=HELP,
        description=HELP[0].upper() + HELP[1:] + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dataset", choices=("ucdp", "ibc", "acled"), help="the dataset's layout")
    parser.add_argument("file", metavar="FILE", help="the dataset's CSV file")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the claims (.parquet, .csv or .jsonl)"
    )
    parser.add_argument(
        "--rejections", metavar="FILE", help="write the rejected rows (.csv, .jsonl or .parquet)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when any row is rejected"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress indicator")
    parser.set_defaults(handler=run)


def _with_progress(label: str, work: Callable[[], ImportResult], quiet: bool) -> ImportResult:
    """Run ``work``; after two seconds show an elapsed-time indicator on stderr."""
    if quiet or not sys.stderr.isatty():
        return work()
    from tqdm import tqdm

    done = threading.Event()

    def ticker() -> None:
        if done.wait(2.0):
            return
        with tqdm(desc=label, unit="s", bar_format="{desc}: {elapsed}", leave=False) as bar:
            while not done.wait(0.5):
                bar.update(0)
                bar.refresh()

    thread = threading.Thread(target=ticker, daemon=True)
    thread.start()
    try:
        return work()
    finally:
        done.set()
        thread.join(timeout=1.0)


def print_summary(result: ImportResult, seconds: float, out=None) -> None:
    out = out or sys.stdout
    claims = result.claims
    print(result.summary(), file=out)
    print(
        f"\nrows read {result.rows_read:>9}\nmapped    {result.events:>9}\n"
        f"skipped   {sum(result.skipped.values()):>9}\nrejected  {len(result.rejections):>9}",
        file=out,
    )
    if len(claims):
        print(f"\nclaim rows {len(claims)} in {seconds:.1f} s; best total by category:", file=out)
        totals = claims.groupby("category", observed=True)["best"].sum()
        for category, total in totals.items():
            print(f"  {category:<12} {int(total):>10}", file=out)
        start, end = claims["event_start"].min(), claims["event_end"].max()
        print(f"events {start:%Y-%m-%d} … {end:%Y-%m-%d}", file=out)
    if len(result.rejections):
        reasons = result.rejections["reason"].value_counts()
        print(f"\nrejected ({len(result.rejections)}), by reason:", file=out)
        for reason, n in reasons.items():
            print(f"  {n:>6}  {reason}", file=out)
        print("first rejected rows:", file=out)
        for row in result.rejections.head(20).itertuples():
            record = f" ({row.record})" if isinstance(row.record, str) else ""
            print(f"  row {row.row}{record}: {row.reason}", file=out)
        if len(result.rejections) > 20:
            print(f"  … {len(result.rejections) - 20} more (see --rejections FILE)", file=out)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.exists():
        raise CliError(f"no such file: {path}")
    loader = _loaders()[args.dataset]
    began = time.perf_counter()
    result = _with_progress(f"importing {path.name}", lambda: loader(path), args.quiet)
    print_summary(result, time.perf_counter() - began)
    if args.output:
        written = write_frame(result.claims, args.output)
        print(f"\nwrote {len(result.claims)} claim rows to {written}")
    if args.rejections:
        write_frame(result.rejections, args.rejections)
    if len(result.rejections):
        print(
            f"warning: {len(result.rejections)} row(s) rejected; the rest were imported",
            file=sys.stderr,
        )
        return 1 if args.strict else 0
    return 0
