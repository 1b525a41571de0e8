"""``casualties report``: a PDF report from claims files."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..io import read_frame
from ..schema import ClaimSchema, validate
from . import CliError

HELP = "write a PDF report (key figures, charts, disagreement, data quality, every claim)"

EPILOG = """\
CLAIMS are Parquet or CSV files (chosen by extension) with the Claim columns, as written by
'casualties extract' or 'casualties import'. Several files are read as one set of claims.

The report has a cover (scope and date range), key figures (low-high per source and
category), charts, the pairs of sources that disagree most, a data-quality section, the method
and coding rules, and an appendix listing every claim in scope with its quote. The same claims
always give the same bytes.

examples:
  casualties extract wires/ -o claims.parquet
  casualties report claims.parquet -o reports/aleppo.pdf --place Aleppo --since 2016-07-01
  casualties report claims.parquet ucdp.parquet -o reports/syria.pdf --sources sohr,sana,ucdp
"""

#: Columns a Claim frame must have (text files may not drop any).
CLAIM_COLUMNS = tuple(ClaimSchema.to_schema().columns)

#: Text columns that cannot be null: an empty CSV cell means the empty string there.
_TEXT_NOT_NULL = ("source_name", "quote", "flags", "outlet")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help=HELP,
        description="Write a multi-page PDF report of casualty claims.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("claims", nargs="+", metavar="CLAIMS", help="claims files (.parquet, .csv)")
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the PDF to write, e.g. reports/x.pdf"
    )
    parser.add_argument("--title", default=None, help="the report's title")
    parser.add_argument(
        "--place", help="keep claims about this place, governorate or country (e.g. Aleppo, Syria)"
    )
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="keep claims from this day on")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="keep claims up to this day")
    parser.add_argument(
        "--outcome", choices=("killed", "wounded"), default="killed", help="default: killed"
    )
    parser.add_argument(
        "--sources", metavar="ID,ID…", help="keep only these source ids (comma-separated)"
    )
    parser.add_argument(
        "--rejections",
        metavar="FILE",
        help="items rejected while reading (as written by 'casualties dispatches --rejections')",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the PDF's path")
    parser.set_defaults(handler=run)


def read_claims(paths: Sequence[str | Path]) -> pd.DataFrame:
    """Read and validate claims files (Parquet or CSV); name the file and columns at fault."""
    frames = []
    for path in paths:
        source = Path(path)
        if source.suffix.lower() not in (".parquet", ".csv"):
            raise CliError(f"{source}: claims files must be .parquet or .csv")
        if source.is_dir():
            raise CliError(f"{source} is a folder; give the claims files themselves")
        frame = read_frame(source)
        missing = [c for c in CLAIM_COLUMNS if c not in frame.columns]
        if missing:
            raise CliError(f"{source}: not a claims file: missing column(s) {', '.join(missing)}")
        extra = [c for c in frame.columns if c not in CLAIM_COLUMNS]
        if extra:
            raise CliError(
                f"{source}: unexpected column(s) {', '.join(map(str, extra))}; a claims file "
                "has exactly the Claim columns"
            )
        for column in _TEXT_NOT_NULL:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
        try:
            frames.append(validate(frame, ClaimSchema))
        except ValueError as err:
            raise CliError(f"{source}: {err}") from None
    claims = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    duplicated = claims.duplicated(["claim_id", "category"])
    if duplicated.any():
        first = claims.loc[duplicated, "claim_id"].iloc[0]
        raise CliError(
            f"claim {first!r} appears in more than one file ({int(duplicated.sum())} repeated "
            "rows); give each claims file once"
        )
    return validate(claims, ClaimSchema)


def _progress(quiet: bool):
    start = time.perf_counter()
    tty = sys.stderr.isatty()

    def say(message: str) -> None:
        if quiet:
            return
        line = f"[{time.perf_counter() - start:5.1f}s] {message}"
        if tty and message.startswith("laying out pages"):
            end = "\n" if "100%" in message else ""
            print(f"\r{line}", end=end, file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    return say


def run(args: argparse.Namespace) -> int:
    from ..report import build_report

    output = Path(args.output)
    if output.suffix.lower() != ".pdf":
        raise CliError(f"-o {output}: the report is a PDF; name it *.pdf")
    say = _progress(args.quiet)
    claims = read_claims(args.claims)
    say(f"read {claims['claim_id'].nunique():,} claims from {len(args.claims)} file(s)")
    rejections = read_frame(args.rejections) if args.rejections else None
    title = args.title or f"Casualty claims: {', '.join(Path(p).stem for p in args.claims)}"
    path = build_report(
        claims,
        output,
        title=title,
        place=args.place,
        since=args.since,
        until=args.until,
        outcome=args.outcome,
        sources=args.sources,
        rejections=rejections,
        progress=say,
    )
    print(path)
    return 0
