"""``casualties extract PATH… -o claims.parquet``: dispatches → casualty claims."""

from __future__ import annotations

import argparse
import sys

from ..io import load_dispatches, write_frame
from . import CliError

HELP = "extract casualty claims (who said how many were killed or wounded) from dispatches"

EPILOG = """\
Reads the same inputs as 'casualties dispatches' (.txt, .jsonl, .csv, FA-KES, folders), extracts
one row per (claim, category) following the coding rules of DESIGN §5, and writes them as
Parquet or CSV (chosen by the extension). Every dispatch ends with claims, none, or a reason
(e.g. a language without a lexicon); unreadable items are reported by the reader.

examples:
  casualties extract data/seed/aleppo-2012-08-08.fr.txt -o claims.csv
  casualties extract data/fakes/fakes.dispatches.jsonl -o claims/fakes.parquet --workers 4
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the sub-command's parser to the ``casualties`` command line."""
    parser = subparsers.add_parser(
        "extract",
        help=HELP,
        description=HELP[0].upper() + HELP[1:] + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="claims file (.parquet or .csv)"
    )
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="processes to use (default 1)"
    )
    parser.add_argument("--outlet", help="outlet for records that do not name one")
    parser.add_argument("--language", help="ISO 639-1 code for records that do not give one")
    parser.add_argument("--published", help="publication date for records that lack one")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run the sub-command; return the exit status."""
    from ..extract import extract_dispatches

    if not str(args.output).lower().endswith((".parquet", ".csv")):
        raise CliError(f"--output must end in .parquet or .csv, got {args.output!r}")
    if args.workers < 1:
        raise CliError(f"--workers must be at least 1, got {args.workers}")
    meta = {k: getattr(args, k) for k in ("outlet", "language", "published") if getattr(args, k)}
    read = load_dispatches(args.paths, **meta)
    if read.files == 0 or (len(read.dispatches) == 0 and len(read.rejections)):
        first = read.rejections["reason"].iloc[0] if len(read.rejections) else "nothing to read"
        raise CliError(f"no dispatches read ({first})")
    bar = None
    if not args.quiet:
        from tqdm import tqdm

        bar = tqdm(total=len(read.dispatches), unit="dispatch", desc="extract", file=sys.stderr)
    try:
        result = extract_dispatches(
            read.dispatches, workers=args.workers, progress=bar.update if bar else None
        )
    finally:
        if bar is not None:
            bar.close()
    path = write_frame(result.claims, args.output)
    print(result.summary())
    if len(read.rejections):
        print(f"{len(read.rejections)} item(s) could not be read: {read.summary()}")
    print(f"wrote {len(result.claims)} claim rows to {path}")
    return 0
