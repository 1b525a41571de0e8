"""``casualties dispatches``: read, validate and summarise dispatches."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from ..io import load_dispatches, write_frame
from ..io.dispatches import DISPATCH_FIELDS, ReadResult
from . import CliError

HELP = "read and validate dispatches; print counts by outlet, language and month"

EPILOG = """\
Reads .txt files (one dispatch each; metadata from a sidecar .json or a wire dateline such as
'ALEP (Syrie), 8 août 2012 (AFP) -'), .jsonl files (one dispatch a line), .csv files (the FA-KES
corpus is recognised by its header; map other columns with --column) and folders of these.
Bad items (broken JSON lines, binary or empty files, records without text) are rejected with a
reason and reported; the good records are still read.

examples:
  casualties dispatches data/seed/aleppo-2012-08-08.fr.txt
  casualties dispatches ../shared/corpora/fakes/fakes.csv -o dispatches.parquet
  casualties dispatches wires.csv --column text=body --column published=date --outlet Reuters
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dispatches",
        help=HELP,
        description=HELP[0].upper() + HELP[1:] + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the dispatches (.parquet, .csv or .jsonl)"
    )
    parser.add_argument("--outlet", help="outlet for records that do not name one")
    parser.add_argument("--language", help="ISO 639-1 code for records that do not give one")
    parser.add_argument("--published", help="publication date for records that lack one")
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="CSV column holding a dispatch field (repeatable), e.g. text=body",
    )
    parser.add_argument(
        "--rejections", metavar="FILE", help="write the rejected items (.csv, .jsonl or .parquet)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when any item is rejected"
    )
    parser.set_defaults(handler=run)


def parse_columns(pairs: list[str]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not column:
            raise CliError(f"--column expects FIELD=COLUMN, got {pair!r}")
        if field not in DISPATCH_FIELDS:
            raise CliError(
                f"--column: unknown field {field!r} (one of {', '.join(DISPATCH_FIELDS)})"
            )
        mapping[field] = column
    return mapping or None


def print_summary(result: ReadResult, out=None) -> None:
    out = out or sys.stdout
    frame = result.dispatches
    print(result.summary(), file=out)
    if len(frame):
        published = frame["published"]
        months = published.dt.strftime("%Y-%m").fillna("(no date)")
        for title, counts in (
            ("outlet", frame["outlet"].value_counts()),
            ("language", frame["language"].value_counts()),
            ("month", months.value_counts().sort_index()),
        ):
            print(f"\nby {title}:", file=out)
            width = max(len(str(k)) for k in counts.index)
            for key, n in counts.items():
                print(f"  {str(key):<{width}}  {n:>6}", file=out)
        known = published.dropna()
        if len(known):
            print(f"\npublished {known.min():%Y-%m-%d} … {known.max():%Y-%m-%d}", file=out)
    if len(result.rejections):
        print(f"\nrejected ({len(result.rejections)}):", file=out)
        for row in result.rejections.head(50).itertuples():
            where = row.file + (f":{row.line}" if pd.notna(row.line) else "")
            print(f"  {where}: {row.reason}", file=out)
        if len(result.rejections) > 50:
            print(f"  … {len(result.rejections) - 50} more (see --rejections FILE)", file=out)


def run(args: argparse.Namespace) -> int:
    meta = {k: getattr(args, k) for k in ("outlet", "language", "published") if getattr(args, k)}
    result = load_dispatches(args.paths, columns=parse_columns(args.column), **meta)
    print_summary(result)
    if args.output:
        path = write_frame(result.dispatches, args.output)
        print(f"\nwrote {len(result.dispatches)} dispatches to {path}")
    if args.rejections:
        write_frame(result.rejections, args.rejections)
    if len(result.rejections):
        print(
            f"warning: {len(result.rejections)} item(s) rejected; the rest were read",
            file=sys.stderr,
        )
        return 1 if args.strict else 0
    return 0
