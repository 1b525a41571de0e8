"""Reading what comes in: dispatches (text, JSONL, CSV, FA-KES) and frame files."""

from .acled import import_acled, load_acled
from .dateline import Dateline, parse_dateline
from .dispatches import ReadResult, load_dispatches, read_dispatches, stable_dispatch_id
from .encoding import decode_bytes
from .frames import read_frame, write_frame
from .ibc import import_ibc, load_ibc
from .language import detect_language
from .ucdp import import_ucdp_ged, load_ucdp_ged

__all__ = [
    "Dateline",
    "ReadResult",
    "decode_bytes",
    "detect_language",
    "import_acled",
    "import_ibc",
    "import_ucdp_ged",
    "load_acled",
    "load_ibc",
    "load_ucdp_ged",
    "load_dispatches",
    "parse_dateline",
    "read_dispatches",
    "read_frame",
    "stable_dispatch_id",
    "write_frame",
]
