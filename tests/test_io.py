"""Readers on real files from ../shared and the bundled data, and on small hand cases."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from casualties.io import (
    decode_bytes,
    detect_language,
    load_dispatches,
    parse_dateline,
    read_dispatches,
    read_frame,
    write_frame,
)
from casualties.io.encoding import NotText
from casualties.io.printed_date import parse_printed_date
from casualties.schema import DispatchSchema, validate

from .conftest import DATA, holdout_ids, shared_path

# --- real files -------------------------------------------------------------------------------


def test_fakes_csv_reads_all_804_rows_and_reports_duplicate_ids():
    result = load_dispatches(shared_path("corpora/fakes/fakes.csv"))
    frame = result.dispatches
    assert len(frame) == 804
    assert result.rejections.empty
    assert frame["dispatch_id"].is_unique
    # 12 rows repeat one of 9 unit ids: all kept, renamed, and said so.
    suffixed = frame["dispatch_id"].str.fullmatch(r"fakes-\d+-\d")
    assert suffixed.sum() == 12
    assert any("12 record(s) repeat the id" in note and "9 id(s)" in note for note in result.notes)
    assert (frame["language"] == "en").all()
    assert frame["published"].notna().all()
    first = frame.set_index("dispatch_id").loc["fakes-1914947530"]
    assert first["outlet"] == "NNA Lebanon"
    assert first["published"] == pd.Timestamp("2017-04-05", tz="UTC")
    assert first["text"].startswith("Wed 05 Apr 2017 Syria attack symptoms")
    # cp1252 punctuation is decoded, not left as C1 control characters; only the five bytes
    # cp1252 leaves undefined (stray in the corpus) pass through as latin-1
    defined_c1 = "[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]"
    assert not frame["text"].str.contains(defined_c1, regex=True).any()
    assert frame["text"].str.contains("•").sum() > 10  # byte 0x95, a bullet in cp1252
    assert not frame["text"].str.contains("\r").any()


def test_fakes_published_comes_from_the_printed_date_then_the_date_column():
    frame = read_dispatches(shared_path("corpora/fakes/fakes.csv")).set_index("dispatch_id")
    # "Published October 2 2017 At least 17 people were killed …"
    published = frame["published"]
    texts = frame["text"]
    row = texts[texts.str.startswith("Published October 2 2017")].index[0]
    assert published[row] == pd.Timestamp("2017-10-02", tz="UTC")
    row = texts[texts.str.startswith("Date of publication 4 October 2016")].index[0]
    assert published[row] == pd.Timestamp("2016-10-04", tz="UTC")
    # SANA articles print no date: the 'date' column (M/D/YY) is used
    row = texts[texts.str.startswith("8 persons killed 58 others injured")].index[0]
    assert published[row] == pd.Timestamp("2016-10-06", tz="UTC")


def test_seed_reads_with_its_date_and_language():
    for path in ("seed/aleppo-2012-08-08.fr.jsonl", "seed/aleppo-2012-08-08.fr.txt"):
        frame = read_dispatches(DATA / path)
        assert len(frame) == 1
        row = frame.iloc[0]
        assert row["published"].date().isoformat() == "2012-08-08"
        assert row["language"] == "fr"
        assert row["outlet"] == "AFP"
        assert row["dispatch_id"] == "afp-2012-08-08-alep-salaheddine"
        assert row["text"].startswith("Les forces de sécurité syriennes")


def test_shared_seed_txt_without_sidecar_detects_french():
    frame = read_dispatches(shared_path("seed/aleppo-2012-08-08.fr.txt"))
    assert frame.loc[0, "language"] == "fr"
    assert frame.loc[0, "outlet"] == "unknown"
    assert pd.isna(frame.loc[0, "published"])


def test_bundled_fakes_hold_no_holdout_article_and_read_cleanly():
    path = DATA / "fakes" / "fakes.dispatches.jsonl"
    result = load_dispatches(path)
    assert result.rejections.empty
    assert len(result.dispatches) == 722
    held = holdout_ids()
    if held:
        ids = result.dispatches["dispatch_id"].str.extract(r"fakes-(\d+)")[0]
        assert not ids.isin(held).any()
    crowd = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["crowd"]
    assert set(crowd) >= {"nb_civilians", "nb_noncivilians", "nb_children", "nb_women"}


def test_ucdp_syria_bundle_has_4590_events():
    frame = pd.read_csv(DATA / "ucdp" / "ucdp_aec_syria.csv")
    assert len(frame) == 4590
    assert (frame["location_root_name"] == "Syria").all()


# --- the bad-input folder of the issue --------------------------------------------------------


def good_line(i: int) -> str:
    return json.dumps(
        {
            "dispatch_id": f"wire-{i}",
            "published": "2016-07-05T09:00:00Z",
            "outlet": "Reuters",
            "text": f"At least {10 + i} people were killed in Hasaka, the monitor said.",
        }
    )


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    lines = [good_line(1), '{"dispatch_id": "wire-x", "text": "unterminated', good_line(2)]
    lines += ["[1, 2, 3]", good_line(3), ""]
    (tmp_path / "wires.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def test_messy_folder_keeps_good_lines_and_rejects_each_bad_item(messy_folder: Path):
    result = load_dispatches(messy_folder)
    assert result.dispatches["dispatch_id"].tolist() == ["wire-1", "wire-2", "wire-3"]
    rejections = result.rejections.sort_values(["file", "line"]).reset_index(drop=True)
    assert len(rejections) == 4
    pairs = zip(rejections["file"], rejections["reason"], strict=True)
    by_file = {Path(f).name: r for f, r in pairs}
    assert by_file["photo.txt"].startswith("binary file")
    assert by_file["empty.txt"].startswith("empty file")
    broken = rejections[rejections["file"].str.endswith("wires.jsonl")]
    assert broken["line"].tolist() == [2, 4]
    assert all(r.startswith("broken JSON") for r in broken["reason"])
    assert result.summary() == (
        "read 3 dispatches from 3 file(s); 4 rejected (1 binary file, 2 broken JSON, 1 empty file)"
    )


def test_read_dispatches_warns_once_and_attaches_rejections(messy_folder: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = read_dispatches(messy_folder)
    assert len(caught) == 1 and "4 rejected" in str(caught[0].message)
    assert len(frame) == 3 and len(frame.attrs["rejections"]) == 4


# --- hand cases ---------------------------------------------------------------------------------


def test_txt_with_sidecar_and_dateline(tmp_path: Path):
    text = "DAMASCUS, Aug 8 (Reuters) - Syrian troops pushed into Aleppo, killing 13."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "2012-08-08T10:00:00Z"}))
    (tmp_path / "b.txt").write_bytes(
        "ALEP (Syrie), 8 août 2012 (AFP) - Au moins 13 morts.".encode("cp1252")
    )
    frame = read_dispatches(tmp_path).set_index("text")
    a = frame.loc[text]
    assert a["outlet"] == "Reuters"  # from the dateline
    assert a["published"] == pd.Timestamp("2012-08-08T10:00:00Z")  # from the sidecar
    assert a["language"] == "en"
    b = frame.loc["ALEP (Syrie), 8 août 2012 (AFP) - Au moins 13 morts."]
    assert (b["outlet"], b["language"]) == ("AFP", "fr")
    assert b["published"] == pd.Timestamp("2012-08-08", tz="UTC")


def test_arguments_fill_missing_metadata_but_records_win(tmp_path: Path):
    path = tmp_path / "x.jsonl"
    rows = [{"text": "Ten killed.", "outlet": "SANA"}, {"text": "Dix morts."}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    frame = read_dispatches(path, outlet="AFP", published="2013-01-02")
    assert frame["outlet"].tolist() == ["SANA", "AFP"]
    assert (frame["published"] == pd.Timestamp("2013-01-02", tz="UTC")).all()
    assert frame["language"].tolist() == ["en", "fr"]


def test_csv_with_column_mapping_and_missing_text(tmp_path: Path):
    path = tmp_path / "wires.csv"
    path.write_text(
        "id,body,when,agency\n"
        'r1,"Twelve civilians were killed, activists said.",2014-03-01,Reuters\n'
        "r2,,2014-03-02,Reuters\n"
        "r3,Arabic: قتل 13 شخصا في حلب,not-a-date,AP\n",
        encoding="utf-8",
    )
    mapping = {"dispatch_id": "id", "text": "body", "published": "when", "outlet": "agency"}
    result = load_dispatches(path, columns=mapping)
    assert result.dispatches["dispatch_id"].tolist() == ["r1"]
    reasons = dict(zip(result.rejections["line"], result.rejections["reason"], strict=False))
    assert reasons[3].startswith("empty text")
    assert reasons[4].startswith("bad published date")
    no_text = load_dispatches(path)
    assert no_text.rejections["reason"].iloc[0].startswith("missing column")


def test_frame_input_and_bad_language(tmp_path: Path):
    frame = pd.DataFrame(
        {"body": ["Au moins 13 morts à Alep.", "13 killed"], "lang": ["fr", "xx-long"]}
    )
    result = load_dispatches(frame, columns={"text": "body", "language": "lang"})
    assert len(result.dispatches) == 2
    frame.loc[1, "lang"] = "English"
    result = load_dispatches(frame, columns={"text": "body", "language": "lang"})
    assert len(result.dispatches) == 1
    assert "not an ISO 639-1 code" in result.rejections["reason"].iloc[0]


def test_unknown_metadata_keyword_is_a_clear_error():
    with pytest.raises(TypeError, match="unknown metadata"):
        load_dispatches(pd.DataFrame({"text": ["x"]}), source="AFP")


def test_dispatch_ids_are_stable_and_unique():
    frame = pd.DataFrame({"text": ["Ten killed.", "Ten killed.", "Eleven killed."]})
    first = read_dispatches(frame, outlet="AFP")["dispatch_id"].tolist()
    again = read_dispatches(frame, outlet="AFP")["dispatch_id"].tolist()
    assert first == again
    assert first[1] == first[0] + "-2"
    assert len(set(first)) == 3


def test_missing_path_and_unsupported_type(tmp_path: Path):
    (tmp_path / "notes.md").write_text("hello")
    result = load_dispatches([tmp_path / "nope.jsonl", tmp_path / "notes.md"])
    reasons = sorted(result.rejections["reason"])
    assert reasons[0].startswith("missing file")
    assert reasons[1].startswith("unsupported file type: .md")


def test_decode_bytes():
    assert decode_bytes("é".encode("utf-16")).text == "é"
    assert decode_bytes("\ufeffa\r\nb".encode()).text == "a\nb"
    western = b"The caf\xe9 was hit, residents said \x92today\x92 \x81"
    assert decode_bytes(western).encoding == "cp1252"
    assert decode_bytes(western).text == "The café was hit, residents said ’today’ \x81"
    arabic = "قتل 13 شخصا في حلب بحسب المرصد السوري".encode("cp1256")
    assert decode_bytes(arabic).text == "قتل 13 شخصا في حلب بحسب المرصد السوري"
    with pytest.raises(NotText):
        decode_bytes(b"\x00\x01\x02binary")


def test_detect_language():
    assert detect_language("Mardi, au moins 122 personnes ont été tuées en Syrie") == "fr"
    assert detect_language("At least 16 people were killed in a suicide bombing") == "en"
    assert detect_language("قتل 13 شخصا في حلب بحسب المرصد") == "ar"
    assert detect_language("12345 !!!") == "en"


@pytest.mark.parametrize(
    "head, expected",
    [
        ("ALEP (Syrie), 8 août 2012 (AFP) - Les forces", ("ALEP", "Syrie", "2012-08-08", "AFP")),
        ("BEIRUT, March 3, 2014 (AP) — x", ("BEIRUT", None, "2014-03-03", "AP")),
        ("DAMASCUS (Reuters) - x", ("DAMASCUS", None, None, "Reuters")),
        ("DEIR EL-ZOR, 12 mai 2017 (AFP) - x", ("DEIR EL-ZOR", None, "2017-05-12", "AFP")),
    ],
)
def test_parse_dateline(head, expected):
    found = parse_dateline(head)
    day = found.to_date()
    assert (found.place, found.region, day.isoformat() if day else None, found.outlet) == expected


def test_parse_dateline_needs_a_real_dateline():
    assert parse_dateline("Les forces de sécurité syriennes ont lancé - x") is None
    assert parse_dateline("SANA - x") is None
    assert parse_dateline("ALEP, tomorrow (AFP) - x") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wed 05 Apr 2017 Syria attack", "2017-04-05"),
        ("Tue Oct 7 2014 Hundreds killed", "2014-10-07"),
        ("Published October 2 2017 At least 17", "2017-10-02"),
        ("Date of publication 4 October 2016 The bomber", "2016-10-04"),
        ("08.04.2017(updated 1456 08.04.2017) Get short URL", "2017-04-08"),
        ("27-02-2016 Syria Terrorist Bombings", "2016-02-27"),
        ("Last updated at Apr 232017 An Israeli", "2017-04-23"),
        ("Wednesday 24 August 2016 16:58 Syrian Coalition", "2016-08-24"),
        ("Syria air raids kill 25 civilians Monitor AFP Sunday 22 May 2016 x", "2016-05-22"),
        ("1. Ghouta: On August 21 2013 the Assad regime", None),
        ("Posted on April 19 2017 by Asharq", "2017-04-19"),
    ],
)
def test_parse_printed_date(text, expected):
    found = parse_printed_date(text)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_frame_files_round_trip_and_are_deterministic(tmp_path: Path, suffix: str):
    frame = read_dispatches(DATA / "seed" / "aleppo-2012-08-08.fr.jsonl")
    first = write_frame(frame, tmp_path / f"a{suffix}")
    second = write_frame(frame, tmp_path / f"b{suffix}")
    assert first.read_bytes() == second.read_bytes()
    back = validate(read_frame(first), DispatchSchema)
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    with pytest.raises(ValueError, match="cannot tell the format"):
        write_frame(frame, tmp_path / "x.xlsx")
