"""``casualties demo``: the bundled Syrian data → ``reports/demo.pdf``."""

from __future__ import annotations

import argparse
import sys
import time

from .report import _progress

HELP = "extract the bundled dispatches, add UCDP, and write reports/demo.pdf"

EPILOG = """\
Reads the bundled FA-KES articles and the founding AFP dispatch (data/), extracts their claims,
puts them beside the bundled UCDP GED events in Syria as another source, and writes one report
comparing SOHR, the Syrian government and state media, the opposition, the UN and UCDP over the
years the dispatches cover. Prints the PDF's path and the headline figures.

examples:
  casualties demo
  casualties demo -o /tmp/demo.pdf
  casualties demo --chart docs/demo-sources.png
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help=HELP,
        description="Build the demo report from the bundled data.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="where to write the PDF (default: reports/demo.pdf)"
    )
    parser.add_argument(
        "--chart", metavar="PNG", help="also write the main chart (sources over time) as PNG"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from ..demo import run_demo

    start = time.perf_counter()
    result = run_demo(args.output, progress=_progress(args.quiet), chart=args.chart)
    print(result.summary())
    print(
        f"{result.pages} pages, {result.path.stat().st_size / 1e6:.1f} MB, "
        f"made in {time.perf_counter() - start:.1f}s",
        file=sys.stderr,
    )
    return 0
