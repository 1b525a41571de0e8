"""``casualties evaluate GOLD.jsonl…``: measure extraction against gold files (DESIGN §10)."""

from __future__ import annotations

import argparse
import json

HELP = "score claim extraction against gold files (precision, recall, F1, attribute accuracy)"

EPILOG = """\
A gold file is JSON Lines, one dispatch a line with its coded claims (DESIGN §10). The
dispatches are extracted again; a predicted (claim, category) row matches a gold row of the
same dispatch on outcome, category, low and high. On matched rows the accuracy of source_id,
event dates, place and kind is reported, overall, per language and per file.

examples:
  casualties evaluate tests/gold/seed.gold.jsonl
  casualties evaluate tests/gold/*.gold.jsonl --json
  casualties evaluate tests/gold/fakes-dev-a.gold.jsonl --details
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the sub-command's parser to the ``casualties`` command line."""
    parser = subparsers.add_parser(
        "evaluate",
        help=HELP,
        description=HELP[0].upper() + HELP[1:] + ".",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("gold", nargs="+", metavar="GOLD", help="gold JSON Lines files")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--details", action="store_true", help="also list missed and spurious rows")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="processes to use")
    parser.set_defaults(handler=run)


def _show(frame, title: str) -> None:
    if frame is None or not len(frame):
        return
    print(f"\n{title} ({len(frame)}):")
    for row in frame.to_dict("records"):
        low = row.get("low")
        high = row.get("high")
        print(
            f"  {row['dispatch_id']}: {row['outcome']} {row['category']} "
            f"{low}–{high} source={row.get('source_id')}"
        )


def run(args: argparse.Namespace) -> int:
    """Run the sub-command; return the exit status."""
    from ..evaluate import evaluate, format_table

    evaluation = evaluate(args.gold, workers=args.workers)
    if args.json:
        print(json.dumps(evaluation.as_dict(), indent=2))
    else:
        print(format_table(evaluation))
    if args.details:
        _show(evaluation.missed, "missed gold rows")
        _show(evaluation.spurious, "spurious predicted rows")
    return 0
