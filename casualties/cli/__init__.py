"""The ``casualties`` command line.

Each sub-command lives in its own module of this package and exposes ``register(subparsers)``,
which adds its parser and sets ``handler``; add a module name to ``COMMANDS`` to add a command.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .._version import __version__

__all__ = ["main", "build_parser", "CliError"]

COMMANDS = ("dispatches", "extract", "evaluate", "report", "demo", "import_")

DESCRIPTION = """\
Casualty claims from conflict dispatches: read wire stories and bulletins, extract who said
how many were killed or wounded, and turn the claims into validated time series and reports.
"""

EPILOG = """\
examples:
  casualties dispatches data/seed/aleppo-2012-08-08.fr.jsonl
  casualties dispatches ../shared/corpora/fakes/fakes.csv -o dispatches.parquet

Run 'casualties COMMAND --help' for the options of one command.
"""


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casualties",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"casualties {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except (CliError, FileNotFoundError, ValueError) as err:
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        print(f"casualties {args.command}: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: stop quietly, as Unix tools do.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("casualties: interrupted", file=sys.stderr)
        return 130
