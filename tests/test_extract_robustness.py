"""Extraction never crashes and keeps its invariants, whatever the text (hypothesis)."""

from __future__ import annotations

import random
import string

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualties.extract import extract_dispatches
from casualties.extract.assembly import extract_one
from casualties.schema import ClaimSchema, validate

FRAGMENTS = [
    "At least 16 people were killed",
    "au moins 122 personnes ont été tuées dont 59 civils",
    "Mardi, 13 morts à Alep, selon l'OSDH.",
    "killed 8 soldiers and 12 rebels",
    "between 20 and 30",
    "6.000 ou 8.000 hommes armés",
    "including 5 children",
    "the monitor said",
    "la même source",
    "since the conflict began in March 2011",
    "قتل 13 شخصا في حلب",
    "dozens",
    "des dizaines",
    "99999999999999999999999",
    "1,5 million",
    "20 000",
    "Tuesday",
    "hier",
    "Deir ez-Zor",
    "among the dead were",
    " ",
    ".",
    "\n",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20), st.integers().map(str)),
        max_size=25,
    ).map(" ".join),
)


def _check(text: str, language: str, published) -> list[dict]:
    outcome = extract_one(
        {
            "dispatch_id": "h",
            "text": text,
            "language": language,
            "outlet": "AFP",
            "published": published,
        }
    )
    assert outcome.status in ("claims", "none", "rejected")
    for row in outcome.rows:
        assert 0 <= row["span_start"] <= row["span_end"] <= len(text)
        assert row["best"] >= 0
        assert row["low"] is None or row["low"] >= 0
        assert row["high"] is None or row["high"] >= 0
        if row["low"] is not None and row["high"] is not None:
            assert row["low"] <= row["high"]
        assert row["quote"] and row["quote"] in text
    return outcome.rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts,
    st.sampled_from(["en", "fr"]),
    st.sampled_from([None, "2016-07-05", "2012-08-08T12:00:00Z"]),
)
def test_never_crashes_and_keeps_invariants(text, language, published):
    first = _check(text, language, published)
    assert _check(text, language, published) == first  # deterministic


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10**40))
def test_huge_numbers(value):
    text = f"At least {value} people were killed and {value:,} wounded, the Observatory said."
    for row in _check(text, "en", "2016-07-05"):
        assert row["best"] <= 10**9


@settings(max_examples=20, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=200))
def test_arabic_and_mixed_scripts(text):
    _check(text, "ar", None)  # rejected: no Arabic lexicon
    _check("قتل " + text + " 13 people were killed in حلب", "en", "2016-07-05")


def test_one_megabyte_text_is_extracted_and_valid():
    rng = random.Random(7)
    pieces = []
    size = 0
    while size < 1_000_000:
        piece = (
            rng.choice(FRAGMENTS)
            if rng.random() < 0.6
            else "".join(rng.choice(string.ascii_letters + " ") for _ in range(rng.randint(1, 40)))
        )
        pieces.append(piece)
        size += len(piece) + 1
    text = " ".join(pieces)
    frame = pd.DataFrame(
        {
            "dispatch_id": ["big"],
            "text": [text],
            "language": ["en"],
            "outlet": ["AFP"],
            "published": [pd.Timestamp("2016-07-05", tz="UTC")],
        }
    )
    result = extract_dispatches(frame)
    claims = validate(result.claims, ClaimSchema)
    assert len(claims) > 0
    assert (claims["span_end"] <= len(text)).all()
    assert result.counts()["with_claims"] == 1
