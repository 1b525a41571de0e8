"""Reading what comes in: dispatches (text, JSONL, CSV, FA-KES) and frame files."""

from .dateline import Dateline, parse_dateline
from .dispatches import ReadResult, load_dispatches, read_dispatches, stable_dispatch_id
from .encoding import decode_bytes
from .frames import read_frame, write_frame
from .language import detect_language

__all__ = [
    "Dateline",
    "ReadResult",
    "decode_bytes",
    "detect_language",
    "load_dispatches",
    "parse_dateline",
    "read_dispatches",
    "read_frame",
    "stable_dispatch_id",
    "write_frame",
]
