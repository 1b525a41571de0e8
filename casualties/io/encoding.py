"""Turn the bytes of a file into text, or say why they are not text.

Wire archives arrive as UTF-8, UTF-16 with a byte-order mark, or Windows code pages (FA-KES is
cp1252 with stray undefined bytes and CRLF line ends). We try UTF-8 first because it almost
never decodes non-UTF-8 bytes by accident, then ask charset-normalizer, and reject binary data.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

__all__ = ["DecodedText", "NotText", "decode_bytes", "normalise_newlines"]

# Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in cp1252; map them as latin-1 does
# instead of failing the whole file over one stray byte.
_FALLBACK = "casualties-latin1-fallback"


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


codecs.register_error(_FALLBACK, _latin1_fallback)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = {"cp1252", "latin_1", "iso8859_1", "iso8859_15", "windows-1252", "ascii"}


class NotText(ValueError):
    """The bytes are not text (binary data or no usable encoding)."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def normalise_newlines(text: str) -> str:
    """Replace CRLF and lone CR line ends by LF.

    Examples
    --------
    >>> normalise_newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(8, len(sample) // 50)


def _mostly_latin(data: bytes) -> bool:
    """Few high bytes among letters: a Western code page with some accents, not Arabic/Cyrillic.

    Single-byte Arabic or Cyrillic text is mostly high bytes; French or English in cp1252 has
    a handful, where statistical detectors guess badly on short samples.
    """
    high = sum(1 for b in data if b >= 0x80)
    ascii_letters = sum(1 for b in data if 65 <= b <= 90 or 97 <= b <= 122)
    return high < 0.3 * (high + ascii_letters)


def decode_bytes(data: bytes) -> DecodedText:
    """Decode file content, detecting its encoding.

    Parameters
    ----------
    data
        Raw file content.

    Returns
    -------
    DecodedText
        The text (line ends normalised to ``\\n``) and the encoding used.

    Raises
    ------
    NotText
        For binary content (NUL bytes, control characters) or bytes no encoding explains.

    Examples
    --------
    >>> decode_bytes("Alep, 8 août".encode("cp1252")).text
    'Alep, 8 août'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return DecodedText(normalise_newlines(data.decode(encoding)), encoding)
    if _looks_binary(data):
        raise NotText("binary content (NUL or control bytes), not text")
    try:
        return DecodedText(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_latin(data):
        return DecodedText(normalise_newlines(data.decode("cp1252", errors=_FALLBACK)), "cp1252")
    guess = from_bytes(data).best()
    encoding = guess.encoding if guess is not None else "cp1252"
    if encoding in _WESTERN or guess is None:
        return DecodedText(normalise_newlines(data.decode("cp1252", errors=_FALLBACK)), "cp1252")
    try:
        return DecodedText(normalise_newlines(data.decode(encoding)), encoding)
    except (UnicodeDecodeError, LookupError) as err:  # pragma: no cover - guess was decodable
        raise NotText(f"no encoding explains these bytes ({err})") from None
