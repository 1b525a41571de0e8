"""The FA-KES corpus (Abu Salem et al., ICWSM 2019): 804 English articles on the Syrian war.

Its CSV has ``unit_id, article_title, article_content, source, date, …`` plus crowd-coded
counts. The publication date is taken from the date printed at the head of the article
(``Tue 05 Jul 2016``, ``Published October 2 2017``, ``Date of publication 4 October 2016``),
else from the ``date`` column (``M/D/YY``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from .printed_date import parse_printed_date

__all__ = ["FAKES_COLUMNS", "FAKES_OUTLETS", "CROWD_COLUMNS", "fakes_records"]

FAKES_COLUMNS = ("unit_id", "article_title", "article_content", "source", "date")
CROWD_COLUMNS = (
    "location",
    "actor",
    "cause_of_death",
    "nb_children",
    "nb_civilians",
    "nb_noncivilians",
    "nb_women",
    "label",
)

#: The corpus names outlets by site slug; these are the outlets' own names.
FAKES_OUTLETS = {
    "ahram": "Ahram Online",
    "alalam": "Al-Alam",
    "alaraby": "The New Arab",
    "arabiya": "Al Arabiya",
    "asharqalawsat": "Asharq Al-Awsat",
    "dailysabah": "Daily Sabah",
    "etilaf": "Syrian National Coalition",
    "jordantimes": "Jordan Times",
    "manar": "Al-Manar",
    "nna": "NNA Lebanon",
    "reuters": "Reuters",
    "sana": "SANA",
    "sputnik": "Sputnik",
    "tass": "TASS",
    "trt": "TRT World",
}


def _column_date(value: Any) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(datetime.strptime(str(value).strip(), "%m/%d/%y")).tz_localize("UTC")
    except ValueError:
        return None


def fakes_records(frame: pd.DataFrame) -> tuple[list[dict[str, Any]], list[str]]:
    """Map FA-KES rows to raw dispatch records (one per row, none dropped).

    Parameters
    ----------
    frame
        The FA-KES CSV read as strings.

    Returns
    -------
    (records, notes)
        ``dispatch_id`` is ``fakes-<unit_id>``; the crowd codes ride along under ``crowd``.
        Notes say how many published dates came from the ``date`` column.

    Examples
    --------
    >>> row = {"unit_id": "1", "article_title": "t", "source": "sana", "date": "7/5/16",
    ...        "article_content": "Tue 05 Jul 2016 Suicide bombing kills at least 16"}
    >>> records, _ = fakes_records(pd.DataFrame([row]))
    >>> records[0]["dispatch_id"], records[0]["outlet"], str(records[0]["published"].date())
    ('fakes-1', 'SANA', '2016-07-05')
    """
    records = []
    from_column = 0
    for row in frame.to_dict("records"):
        text = row.get("article_content") or ""
        printed = parse_printed_date(text)
        if printed is not None:
            published = pd.Timestamp(printed).tz_localize("UTC")
        else:
            published = _column_date(row.get("date"))
            from_column += 1
        slug = str(row.get("source") or "").strip()
        records.append(
            {
                "dispatch_id": f"fakes-{str(row.get('unit_id')).strip()}",
                "published": published,
                "outlet": FAKES_OUTLETS.get(slug.lower(), slug or None),
                "language": "en",
                "title": row.get("article_title"),
                "text": text,
                "url": None,
                "crowd": {c: row.get(c) for c in CROWD_COLUMNS if c in row},
            }
        )
    notes = [f"{from_column} published date(s) taken from the 'date' column"] if from_column else []
    return records, notes
