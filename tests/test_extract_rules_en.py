"""DESIGN §5, rule by rule, on small English cases."""

from __future__ import annotations

import pandas as pd
import pytest

from casualties import extract_text

from .rules_helpers import day, row_tuples

PUB = "2016-07-06"  # a Wednesday


def claims(text: str, published: str | None = PUB, outlet: str = "Reuters") -> pd.DataFrame:
    return extract_text(text, published=published, language="en", outlet=outlet)


def rows(text: str, **kw) -> list[tuple]:
    return row_tuples(claims(text, **kw))


# --- rule 2: counts and qualifiers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thirteen people were killed in Aleppo.", ("killed", "unspecified", 13, 13, "exact")),
        ("13 people were killed in Aleppo.", ("killed", "unspecified", 13, 13, "exact")),
        ("At least 16 people were killed.", ("killed", "unspecified", 16, None, "at_least")),
        ("More than 40 people were wounded.", ("wounded", "unspecified", 40, None, "at_least")),
        ("Up to 30 people may have died.", ("killed", "unspecified", None, 30, "at_most")),
        ("As many as 30 people died.", ("killed", "unspecified", None, 30, "at_most")),
        ("Nearly 50 people were killed.", ("killed", "unspecified", 50, 50, "approx")),
        ("About 20 people were injured.", ("wounded", "unspecified", 20, 20, "approx")),
        ("Between 20 and 30 people were killed.", ("killed", "unspecified", 20, 30, "range")),
        ("20 to 30 people were killed.", ("killed", "unspecified", 20, 30, "range")),
        ("Dozens of people were killed.", ("killed", "unspecified", 12, None, "vague")),
        ("Tens of people were wounded.", ("wounded", "unspecified", 10, None, "vague")),
        ("Hundreds of civilians were killed.", ("killed", "civilians", 100, None, "vague")),
        ("Scores of people were killed.", ("killed", "unspecified", 20, None, "vague")),
        ("A dozen soldiers were killed.", ("killed", "soldiers", 12, None, "vague")),
        ("Twenty-five rebels were killed.", ("killed", "rebels", 25, 25, "exact")),
        ("One hundred and twenty people died.", ("killed", "unspecified", 120, 120, "exact")),
        ("The war has killed 20,000 people.", ("killed", "unspecified", 20000, 20000, "exact")),
        (
            "Some 1.5 million people have died.",
            ("killed", "unspecified", 1500000, 1500000, "approx"),
        ),
    ],
)
def test_counts_and_qualifiers(text, expected):
    assert rows(text) == [expected]


def test_killed_and_wounded_are_two_claims():
    frame = claims("Four people were killed and six others injured in a car bomb attack.")
    assert frame["claim_id"].nunique() == 2
    assert sorted(zip(frame["outcome"].astype(str), frame["low"], strict=True)) == [
        ("killed", 4),
        ("wounded", 6),
    ]


def test_headline_verbs_before_their_figures():
    assert sorted(rows("Mortar fire in Damascus kills 12 wounds 50.")) == [
        ("killed", "unspecified", 12, 12, "exact"),
        ("wounded", "unspecified", 50, 50, "exact"),
    ]


# --- rule 1: what is not a claim ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A 13-year-old boy was killed.",
        "Some 20,000 people were displaced by the fighting.",
        "Police arrested 15 people after the attack.",
        "The army deployed 5,000 troops around the city.",
        "Warplanes carried out 33 air strikes on Tuesday, killing a child.",
        "The attack on 21 August 2013 was condemned.",
        "Resolution 2254 was adopted in 2015.",
        "A child was killed and several people were wounded.",
        "Dozens of people were killed and wounded.",
        "The clashes left hundreds of casualties.",
    ],
)
def test_not_claims(text):
    assert claims(text).empty


# --- rule 3: categories and breakdowns ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Seven children were killed.", "civilians"),
        ("Ten women were killed.", "civilians"),
        ("Nine worshippers died.", "civilians"),
        ("Eight soldiers were killed.", "soldiers"),
        ("Eight pro-government fighters were killed.", "soldiers"),
        ("23 Daesh members were killed.", "rebels"),
        ("20 members of the Free Syrian Army were killed.", "rebels"),
        ("Twelve militants were killed.", "rebels"),
        ("30 terrorists were killed, SANA said.", "rebels"),
        ("Five bodies were found.", "unspecified"),
    ],
)
def test_categories(text, category):
    frame = claims(text)
    assert list(frame["category"].astype(str)) == [category]


def test_one_clause_with_several_groups_is_one_claim():
    frame = claims("The strike killed 8 soldiers and 12 rebels.")
    assert frame["claim_id"].nunique() == 1
    assert dict(zip(frame["category"].astype(str), frame["low"], strict=True)) == {
        "soldiers": 8,
        "rebels": 12,
    }


def test_groups_of_one_category_are_summed():
    frame = claims("The raid killed 10 children and 5 women.")
    assert list(zip(frame["category"].astype(str), frame["low"], strict=True)) == [
        ("civilians", 15)
    ]


def test_breakdown_partitions_the_total():
    frame = claims("Air raids killed at least 50 people including 20 civilians.")
    got = {
        r.category: (r.low, None if pd.isna(r.high) else r.high, r.qualifier)
        for r in frame.itertuples()
    }
    assert got == {"civilians": (20, 20, "exact"), "unspecified": (30, None, "at_least")}


def test_breakdown_that_sums_to_the_total_has_no_remainder():
    frame = claims(
        "At least 122 people were killed including 59 civilians, 32 soldiers and 31 rebels."
    )
    assert dict(zip(frame["category"].astype(str), frame["low"], strict=True)) == {
        "civilians": 59,
        "soldiers": 32,
        "rebels": 31,
    }


def test_children_within_civilians_are_a_subset():
    frame = claims("The strikes killed 20 civilians including 5 children.")
    assert list(zip(frame["category"].astype(str), frame["low"], strict=True)) == [
        ("civilians", 20)
    ]


def test_part_stated_before_its_total():
    frame = claims("Two women and two children were among eight people killed when a bomb hit.")
    assert dict(zip(frame["category"].astype(str), frame["low"], strict=True)) == {
        "civilians": 4,
        "unspecified": 4,
    }


def test_breakdown_in_the_next_sentence():
    frame = claims(
        "35 people were killed by the attack, the Observatory said. "
        "Among the dead were 22 children."
    )
    assert dict(zip(frame["category"].astype(str), frame["low"], strict=True)) == {
        "civilians": 22,
        "unspecified": 13,
    }


def test_elliptical_others_take_the_group_before_them():
    frame = claims(
        "Four civilians were killed including a child, adding that 21 others were wounded."
    )
    assert set(frame["category"].astype(str)) == {"civilians"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The strike killed a girl and injured two others.", "civilians"),
        ("The strike killed 16 people and wounded 30 others.", "unspecified"),
        # The victims of the figure "others" continues: the 19 people, not the six children.
        (
            "The strike killed 19 people including six children and wounded 30 others.",
            "unspecified",
        ),
        ("Shelling killed eight soldiers and wounded 20 others.", "soldiers"),
        ("Shelling killed eight soldiers and 12 rebels and wounded 20 others.", "unspecified"),
        ("Shelling killed four children in Aleppo. Ten others were wounded.", "civilians"),
        (
            "Shelling killed 20 people including 5 children. Thirty others were wounded.",
            "unspecified",
        ),
    ],
)
def test_others_take_the_victims_of_the_figure_they_continue(text, category):
    wounded = claims(text).query("outcome == 'wounded'")
    assert list(wounded["category"].astype(str)) == [category]


def test_more_continues_the_last_claim_even_across_a_sentence_without_one():
    frame = claims(
        "The regime killed at least 25 civilians in Bab al-Nairab on Tuesday. The victims were "
        "hit while trying to escape. Dozens more were injured."
    )
    wounded = frame.query("outcome == 'wounded'").iloc[0]
    assert (wounded["category"], wounded["low"]) == ("civilians", 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Clashes rocked the city leaving 23 civilians - including nine children - dead.",
            ("killed", "civilians", 23, 23, "exact"),
        ),
        (
            "At least 15 people including a number of children were killed by air strikes.",
            ("killed", "unspecified", 15, None, "at_least"),
        ),
        (
            "Government forces were accused of killing well over 1000 civilians.",
            ("killed", "civilians", 1000, None, "at_least"),
        ),
        (
            "The attack in which more than 1400 are estimated to have been killed.",
            ("killed", "unspecified", 1400, None, "at_least"),
        ),
        ("Two Syrians were killed in the blast.", ("killed", "unspecified", 2, 2, "exact")),
        (
            "The group raised the death toll from air strikes on a market in a northern "
            "opposition-held town the previous day to 61.",
            ("killed", "unspecified", 61, 61, "exact"),
        ),
    ],
)
def test_figures_the_crowd_found_and_the_engine_missed(text, expected):
    assert rows(text) == [expected]


def test_a_part_with_its_own_aside_among_a_total():
    frame = claims("Six civilians including a child were among at least 22 people killed in Raqqa.")
    got = {r.category: (r.low, None if pd.isna(r.high) else r.high) for r in frame.itertuples()}
    assert got == {"civilians": (6, 6), "unspecified": (16, None)}
    assert set(frame["place_name"]) == {"Raqqa"}


def test_a_sides_losses_are_its_men():
    assert rows("The rebels lost 20 men in the battle.") == [("killed", "rebels", 20, 20, "exact")]
    assert rows("ISIL terrorists execute 50 captive Syrian troops.") == [
        ("killed", "soldiers", 50, 50, "exact")
    ]


def test_a_breakdown_is_not_a_clause_after_it():
    frame = claims("Shells hit al-Midan killing two people including a child and causing injuries.")
    assert set(frame["outcome"].astype(str)) == {"killed"}


def test_an_apposition_of_the_same_group_is_a_breakdown():
    assert rows("Three civilians two women and a man were killed.") == [
        ("killed", "civilians", 3, 3, "exact")
    ]
    assert rows("Air strikes killed 14 jihadists 5 civilians.") == [
        ("killed", "civilians", 5, 5, "exact"),
        ("killed", "rebels", 14, 14, "exact"),
    ]


def test_a_breakdown_stated_with_a_repeat_of_the_total_applies_to_it():
    frame = claims(
        "The Observatory said troops executed 48 people this week among them 10 children. "
        "The Observatory said 10 children and 13 rebels were among the 48 people executed."
    )
    got = dict(zip(frame["category"].astype(str), frame["best"], strict=True))
    assert got == {"civilians": 10, "rebels": 13, "unspecified": 25}


def test_a_second_noun_of_the_phrase_does_not_hide_the_outcome():
    assert rows("At least 86 members of government forces and its allies were killed.") == [
        ("killed", "soldiers", 86, None, "at_least")
    ]


# --- rule 4: sources ----------------------------------------------------------------------------


def test_named_claimant():
    frame = claims("At least 16 people were killed, the Syrian Observatory for Human Rights said.")
    assert list(frame["source_id"]) == ["sohr"]


def test_according_to_governs_the_name_after_it():
    frame = claims("According to SANA, 12 citizens were killed in Damascus.")
    assert list(frame["source_id"]) == ["sana"]


def test_anaphor_takes_the_nearest_claimant_before_it():
    text = (
        "The Syrian Observatory for Human Rights reported heavy shelling. "
        "Residents fled the area. At least 30 people were killed, the monitor said."
    )
    assert list(claims(text)["source_id"]) == ["sohr"]


def test_indefinite_description_takes_the_claimant_named_later():
    text = (
        "At least seven people died in shelling, a monitoring group said. "
        "The Syrian Observatory for Human Rights said the toll could rise."
    )
    assert list(claims(text)["source_id"]) == ["sohr"]


def test_party_claim():
    frame = claims("Islamic State said 40 soldiers had been killed in the attack.")
    assert list(frame["source_id"]) == ["islamic_state"]


def test_actor_is_not_the_claimant():
    frame = claims("The Kurdish-led SDF killed 23 Daesh members on Friday.")
    assert list(frame["source_id"]) == ["outlet:reuters"]


def test_unattributed_figure_belongs_to_the_outlet_or_its_source():
    assert list(claims("Ten people were killed.", outlet="Ahram Online")["source_id"]) == [
        "outlet:ahram-online"
    ]
    assert list(claims("Ten terrorists were killed.", outlet="SANA")["source_id"]) == ["sana"]


def test_a_toll_inside_a_longer_phrase_and_an_apposed_description():
    frame = claims(
        "The Syrian Center for Policy Research, an NGO, has put the total death toll from the "
        "conflict at more than 470000."
    )
    row = frame.iloc[0]
    assert (row["best"], row["source_id"], row["kind"]) == (
        470000,
        "scpr",
        "cumulative",
    )


def test_unregistered_claimant():
    frame = claims("At least 20 people were killed, local sources said.")
    assert list(frame["source_id"]) == ["other:local-sources"]


def test_a_joint_attribution_is_one_claim_of_the_first_named():
    text = (
        "The Syrian Civil Defence and the Syrian Observatory for "
        "Human Rights reported that 35 people were killed."
    )
    assert list(claims(text)["source_id"]) == ["white_helmets"]
    text = "Activists and the extremist group said 12 fighters were killed."
    assert list(claims(text)["source_id"]) == ["activists"]


def test_the_same_figure_attributed_separately_is_one_claim_per_claimant():
    text = (
        "The Syrian Observatory for Human Rights said 35 people were killed in Hass. "
        "The White Helmets also said 35 people were killed."
    )
    assert sorted(claims(text)["source_id"]) == ["sohr", "white_helmets"]


# --- rule 5: dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "basis"),
    [
        ("Ten people were killed on Tuesday.", "2016-07-05", "2016-07-05", "weekday"),
        ("Ten people were killed on Wednesday.", "2016-07-06", "2016-07-06", "weekday"),
        ("Ten people were killed on Thursday.", "2016-06-30", "2016-06-30", "weekday"),
        ("Ten people were killed yesterday.", "2016-07-05", "2016-07-05", "relative"),
        ("Ten people were killed last night.", "2016-07-05", "2016-07-06", "relative"),
        ("Ten people were killed in the past 24 hours.", "2016-07-05", "2016-07-06", "relative"),
        ("Ten people were killed in the past three days.", "2016-07-03", "2016-07-06", "relative"),
        ("Ten people were killed two days ago.", "2016-07-04", "2016-07-04", "relative"),
        ("Ten people were killed last week.", "2016-06-29", "2016-07-06", "relative"),
        ("Ten people were killed on July 2.", "2016-07-02", "2016-07-02", "explicit"),
        ("Ten people were killed on August 21 2013.", "2013-08-21", "2013-08-21", "explicit"),
        ("Ten people were killed in June.", "2016-06-01", "2016-06-30", "explicit"),
        ("Ten people were killed in 2013.", "2013-01-01", "2013-12-31", "explicit"),
        ("Ten people were killed.", "2016-07-06", "2016-07-06", "published"),
    ],
)
def test_dates(text, start, end, basis):
    row = claims(text).iloc[0]
    assert (day(row["event_start"]), day(row["event_end"]), row["date_basis"]) == (
        start,
        end,
        basis,
    )


def test_the_printed_date_is_no_temporal_expression_of_a_figure():
    frame = claims(
        "Fighting kills 132 militants Reuters Wednesday 6 Jul 2016 At least 132 militants have "
        "been killed since Saturday in fighting with Kurdish forces."
    )
    row = frame.iloc[0]
    assert (day(row["event_start"]), day(row["event_end"])) == ("2016-07-02", PUB)


def test_vague_periods_are_the_publication_day():
    row = claims("Hundreds of civilians have been killed over the past few days.").iloc[0]
    assert (day(row["event_start"]), day(row["event_end"])) == (PUB, PUB)


def test_the_past_year_is_a_running_total_from_a_year_before():
    row = claims("And 313 people died under siege in the past year.").iloc[0]
    assert row["kind"] == "cumulative"
    assert (day(row["event_start"]), day(row["event_end"])) == ("2015-07-07", PUB)


def test_a_superlative_makes_since_a_comparison():
    row = claims("It was the deadliest attack since the start of the war, killing 40 people.").iloc[
        0
    ]
    assert row["kind"] == "incident"


def test_weekday_without_publication_date_is_unresolved():
    row = claims("Ten people were killed on Tuesday.", published=None).iloc[0]
    assert pd.isna(row["event_start"]) and pd.isna(row["event_end"])
    assert "date_unresolved" in row["flags"]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        (
            "The SNHR said 12679 people died of torture from March 2011 to June 2016.",
            ("2011-03-01", "2016-06-30"),
        ),
        (
            "Photos taken between May 2011 and August 2013 show at least 6786 people who had "
            "died in custody.",
            ("2011-05-01", "2013-08-31"),
        ),
    ],
)
def test_a_range_of_months_is_one_period(text, period):
    row = claims(text).iloc[0]
    assert (day(row["event_start"]), day(row["event_end"])) == period


def test_a_number_of_victims_broken_down_as_follows():
    frame = claims(
        "The SNHR said the number of victims from Friday March 27 2015 to Friday April 10 2015 "
        "has reached 236 individuals as follows: 82 armed opposition gunmen 154 civilians.",
        published="2015-04-11",
    )
    assert sorted(zip(frame["category"].astype(str), frame["low"], strict=True)) == [
        ("civilians", 154),
        ("rebels", 82),
    ]
    periods = zip(frame["event_start"], frame["event_end"], strict=True)
    assert {(day(a), day(b)) for a, b in periods} == {("2015-03-27", "2015-04-10")}
    assert set(frame["source_id"]) == {"snhr"}


def test_two_dates_apart_are_no_range():
    row = claims(
        "A mob stormed the embassy compound July 11 tearing down plaques. - On July 31 a "
        "tank-backed assault killed at least 80 people in Hama, rights groups said.",
        published="2011-08-01",
    ).iloc[0]
    assert (day(row["event_start"]), day(row["event_end"])) == ("2011-07-31", "2011-07-31")
    dated = claims("At least 30 people were killed between 13 and 20 May.").iloc[0]
    assert (day(dated["event_start"]), day(dated["event_end"])) == ("2016-05-13", "2016-05-20")


# --- rule 6: places -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place", "place_id"),
    [
        ("Ten people were killed in Aleppo.", "Aleppo", "geonames:170063"),
        ("Ten people were killed in Homs.", "Homs", "geonames:169577"),
        ("Ten people were killed in Deir el-Zor.", "Deir ez-Zor", "geonames:170794"),
        ("Ten people were killed in Idlib province.", "Idlib Governorate", "admin1:SY.12"),
        ("Ten people were killed in the Salaheddine district.", "Aleppo", "geonames:170063"),
        ("Ten people were killed in Azaz in Aleppo province.", "Azaz", "geonames:172082"),
        ("Ten people were killed in Syria.", "Syria", "country:SY"),
    ],
)
def test_places(text, place, place_id):
    row = claims(text).iloc[0]
    assert (row["place"], row["place_id"]) == (place, place_id)
    assert row["country"] in ("SY",)


def test_unknown_village_is_kept_as_written():
    row = claims("Ten people were killed in the village of Tall Tawil.").iloc[0]
    assert row["place_name"] == "Tall Tawil" and pd.isna(row["place"])
    assert "place_unresolved" in row["flags"]


def test_dateline_place_when_the_sentence_names_none():
    text = "DAMASCUS, July 6 (Reuters) - Ten people were killed on Wednesday."
    row = claims(text).iloc[0]
    assert row["place"] == "Damascus"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A list of places names no one place.
        ("Five citizens were killed in attacks in Aleppo, Hama and Damascus on Friday.", None),
        # Places of the attribution phrase are the claimant's.
        ("Ten people were killed on Monday, the governor of Hama said.", None),
        ("Ten people were killed in Azaz on Monday, the governor of Hama said.", "Azaz"),
        # A neighbourhood yields to the town named with it (Midan is also Damascus').
        ("Shells hit al-Midan in Aleppo city killing three civilians.", "Aleppo"),
        # The places of a breakdown's parts are the parts'.
        (
            "At least 54 civilians were killed in Aleppo on Tuesday including 9 in Ansari and "
            "8 in Kafr Saghir.",
            "Aleppo",
        ),
        # A hospital named after someone is no place; "the university of Aleppo" is in Aleppo.
        ("The strike on the hospital Omar Bin Abdulaziz killed 12 people.", None),
        ("Twelve students were killed at the university of Aleppo.", "Aleppo"),
        ("Ten people were killed near the Shayrat air base.", "Shayrat"),
    ],
)
def test_which_place_is_the_figures(text, place):
    row = claims(text).iloc[0]
    assert (None if pd.isna(row["place_name"]) else row["place_name"]) == place


def test_a_keyword_list_names_neither_places_nor_claimants():
    row = claims(
        "Tags Syria Syrian Network for Human Rights ISIS Al-Mayadin Deir az-Zour Missile strikes "
        "on schools killed 23 Syrian civilians on Thursday activists reported."
    ).iloc[0]
    assert pd.isna(row["place_name"]) and row["source_id"] == "activists"


def test_a_capital_that_says_is_a_claimant_not_a_place():
    row = claims("Washington and Paris say more than 1400 are estimated to have been killed.").iloc[
        0
    ]
    assert pd.isna(row["place_name"]) and row["source_id"] == "us_government"
    row = claims("A reporter in Aleppo said 6 civilians were killed.").iloc[0]
    assert row["place_name"] == "Aleppo"


def test_a_second_figure_of_a_clause_without_a_place_shares_the_first_ones():
    frame = claims(
        "Most deaths were in the village of Oweijel where 23 people were killed in an airstrike "
        "that also wounded dozens, the monitor said."
    )
    assert list(frame["place_name"]) == ["Oweijel", "Oweijel"]


def test_a_countrys_possessive_before_a_town_is_no_part_of_its_name():
    row = claims("At least 12 people were killed in Syrias Deir az-Zour on Monday.").iloc[0]
    assert (row["place"], row["place_id"]) == ("Deir ez-Zor", "geonames:170794")


@pytest.mark.parametrize(
    "text",
    [
        "Mondays attack killed 12 people, the Observatory said. ALEPPO Monitor",
        "Air strikes kill 12 civilians NGO Monitor Mondays",
        "Twelve people were killed, Meridian police said.",
        "Forces loyal to President Bashar al-Assad killed 12 people.",
    ],
)
def test_headline_words_and_small_towns_abroad_are_no_places(text):
    row = claims(text).iloc[0]
    assert row["place_name"] not in {"Monitor", "NGO", "Mondays", "Meridian", "al-Assad"}, text
    assert row["country"] in (None, "SY") or pd.isna(row["country"])


def test_where_a_claimant_spoke_is_not_where_people_died():
    row = claims(
        "Syrian opposition figure George Sabra said in Turkey the attack had killed 1300 people."
    ).iloc[0]
    assert row["source_id"] == "opposition" and row["place_name"] != "Turkey"
    row = claims("The Observatory said in Aleppo 12 people were killed.").iloc[0]
    assert row["place"] == "Aleppo"


def test_a_name_half_in_lower_case_and_a_province_that_cannot_speak():
    row = claims(
        "At least 23 civilians have been killed in US airstrikes on the countrys eastern Deir "
        "ezzor province says a UK-based monitoring group."
    ).iloc[0]
    assert (row["place"], row["place_id"]) == ("Deir ez-Zor Governorate", "admin1:SY.07")


def test_a_city_after_across_is_its_governorate():
    row = claims(
        "Over 40 civilians were killed in bombardment that hit 11 towns and villages across "
        "Idlib on Tuesday."
    ).iloc[0]
    assert (row["place"], row["place_id"]) == ("Idlib Governorate", "admin1:SY.12")
    assert claims("Twelve people were killed in Idlib on Tuesday.").iloc[0]["place"] == "Idlib"


def test_a_country_that_lost_men_is_a_side_not_the_place():
    row = claims("Russia has so far lost at least 12 soldiers in the Syrian war.").iloc[0]
    assert row["category"] == "soldiers" and row["country"] != "RU"


def test_a_place_beside_the_event_is_not_its_place():
    row = claims(
        "At least 20 rebels were killed in a blast at a border crossing with Turkey on Thursday."
    ).iloc[0]
    assert row["country"] != "TR"


def test_a_district_of_two_cities_belongs_to_the_one_named():
    row = claims(
        "A source at Aleppo Police Command told SANA that terrorists fired rocket shells at "
        "al-Midan neighborhood in the city killing two people."
    ).iloc[0]
    assert row["place"] == "Aleppo"
    row = claims("Mortar shells hit the al-Midan neighbourhood, killing three people.").iloc[0]
    assert row["place"] == "Damascus"


def test_an_arabic_name_known_only_abroad_stays_as_written():
    row = claims("Fifty people were killed in the nearby village of al-Bayda on Thursday.").iloc[0]
    assert row["place_name"] == "al-Bayda" and pd.isna(row["place_id"])


# --- context: what a sentence does not restate (GUIDE) -----------------------------------------


def test_a_follow_up_takes_time_and_place_of_the_preceding_incident_claim():
    frame = claims(
        "At least 70 people were killed in air strikes on Douma on Tuesday, the Observatory "
        "said. Another 40 people were wounded."
    )
    wounded = frame.query("outcome == 'wounded'").iloc[0]
    assert (day(wounded["event_start"]), day(wounded["event_end"])) == ("2016-07-05",) * 2
    assert (wounded["date_basis"], wounded["place"]) == ("weekday", "Douma")


def test_context_comes_from_the_nearest_preceding_claim_and_the_nearest_with_a_place():
    frame = claims(
        "Ten people were killed in Aleppo on Monday. Twenty soldiers died in Hama last week. "
        "Five people were wounded. Three more died in a raid on Tuesday."
    )
    got = [(r.best, day(r.event_start), day(r.event_end), r.place) for r in frame.itertuples()]
    assert got == [
        (10, "2016-07-04", "2016-07-04", "Aleppo"),
        (20, "2016-06-29", PUB, "Hama"),
        (5, "2016-06-29", PUB, "Hama"),
        (3, "2016-07-05", "2016-07-05", "Hama"),
    ]


def test_a_sentence_without_a_claim_gives_no_context():
    row = claims("Air strikes hit Aleppo on Monday. Ten people were killed, activists said.").iloc[
        0
    ]
    assert (day(row["event_start"]), row["date_basis"]) == (PUB, "published")
    assert pd.isna(row["place_name"])


def test_the_printed_date_at_the_head_gives_no_context():
    frame = claims("Wed 06 Jul 2016 Ten people were killed in Azaz. Five more died later.")
    assert [day(d) for d in frame["event_start"]] == [PUB, PUB]
    assert list(frame["place"]) == ["Azaz", "Azaz"]


def test_context_is_never_a_following_claim():
    frame = claims("Five people were wounded. Ten people were killed in Aleppo on Monday.")
    first = frame.iloc[0]
    assert (day(first["event_start"]), first["date_basis"]) == (PUB, "published")
    assert pd.isna(first["place_name"])


def test_the_dateline_place_comes_after_the_preceding_claims_place():
    text = (
        "DAMASCUS, July 6 (Reuters) - Ten people were killed. Four soldiers died in Homs. "
        "Two more were wounded."
    )
    assert list(claims(text)["place"]) == ["Damascus", "Homs", "Homs"]


def test_a_running_total_takes_the_country_and_never_the_date_of_the_context():
    frame = claims(
        "Ten people were killed in Idlib on Monday. The war has killed more than 300000 people."
    )
    total = frame.query("kind == 'cumulative'").iloc[0]
    assert (total["place"], total["place_id"]) == ("Syria", "country:SY")
    assert pd.isna(total["event_start"]) and day(total["event_end"]) == PUB
    later = claims(
        "The war has killed more than 300000 people. Ten people were killed in Idlib on Monday."
    )
    assert later["place"].isna().iloc[0]
    dateline = claims("DAMASCUS, July 6 (Reuters) - The war has killed more than 300000 people.")
    assert dateline["place"].iloc[0] == "Syria"


def test_a_headline_figure_takes_the_time_and_place_of_the_body():
    frame = claims(
        "Islamic State says 40 soldiers killed. At least 40 soldiers were killed on Monday in an "
        "attack on a base near Raqqa. Ten civilians also died."
    )
    got = [(r.best, day(r.event_start), r.place) for r in frame.itertuples()]
    assert got == [(40, "2016-07-04", "Raqqa"), (10, "2016-07-04", "Raqqa")]


# --- rule 7: kind ---------------------------------------------------------------------------------


def test_running_total_since_a_date():
    row = claims(
        "More than 300000 people have been killed in Syria since the conflict began in March 2011."
    ).iloc[0]
    assert row["kind"] == "cumulative"
    assert (day(row["event_start"]), day(row["event_end"])) == ("2011-03-01", PUB)


def test_running_total_without_a_start():
    row = claims("The war has so far killed more than 290000 people.").iloc[0]
    assert row["kind"] == "cumulative"
    assert pd.isna(row["event_start"]) and day(row["event_end"]) == PUB


def test_since_a_weekday_is_an_incident_period():
    row = claims(
        "At least 112 civilians have been killed since Sunday, the Observatory said."
    ).iloc[0]
    assert row["kind"] == "incident"
    assert (day(row["event_start"]), day(row["event_end"])) == ("2016-07-03", PUB)


@pytest.mark.parametrize(
    "text",
    [
        # The war as the subject of its toll.
        "The war has killed more than 250,000 people, the UN says.",
        "The conflict, which has claimed the lives of more than 280,000 people, rages on.",
        # A toll stated with the displacement of a mass of people sums up a war.
        "More than 300000 people have been killed and millions forced to flee their homes.",
        "Over 250,000 people have died and nearly half of the population has fled.",
        # The war's length is a cue of its own.
        "The five-year conflict has killed more than 270,000 people.",
    ],
)
def test_war_summaries_are_running_totals(text):
    row = claims(text).iloc[0]
    assert row["kind"] == "cumulative", text
    assert pd.isna(row["event_start"]) and day(row["event_end"]) == PUB


@pytest.mark.parametrize(
    "text",
    [
        "The civil war, which began with peaceful protests in 2011, has killed more than "
        "280000 people.",
        "More than 170000 people have been killed in Syria's civil war.",
        "Reporters Without Borders said 23 journalists were killed in Syrias 30-month war.",
    ],
)
def test_a_toll_put_in_the_war_is_a_running_total(text):
    assert claims(text).iloc[0]["kind"] == "cumulative", text


@pytest.mark.parametrize(
    "text",
    [
        "The Britain-based Observatory, which monitors Syria's five-year conflict, said at least "
        "11 children were among the 26 civilians killed.",
        "The strikes also wounded more than 60 people, said the Observatory, a British-based "
        "war monitoring group.",
        "Jet strikes hit the opposition-held cities, killing more than 40 people in the "
        "war-torn country.",
    ],
)
def test_the_war_as_a_modifier_is_no_cue(text):
    assert set(claims(text)["kind"]) == {"incident"}, text


def test_since_dates_a_state_not_the_toll():
    row = claims(
        "The Observatory said 43 civilians have been killed, most of them in Eastern Ghouta, "
        "which has been besieged since 2013."
    ).iloc[0]
    assert row["kind"] == "incident"
    assert (day(row["event_start"]), day(row["event_end"])) == (PUB, PUB)


def test_the_war_in_a_clause_of_its_own_is_no_subject():
    row = claims("Twelve people were killed on Monday in the war-torn city of Aleppo.").iloc[0]
    assert row["kind"] == "incident"
    assert day(row["event_start"]) == "2016-07-04"


def test_a_superlative_makes_a_cue_a_comparison():
    row = claims(
        "It was by far the worst reported use of poison gas in the two-year-old civil war, "
        "with at least 500 people killed on Tuesday."
    ).iloc[0]
    assert row["kind"] == "incident" and day(row["event_start"]) == "2016-07-05"


def test_a_war_sized_toll_without_a_date_is_a_running_total():
    row = claims(
        "The Syrian Center for Policy Research said 470,000 people have been killed."
    ).iloc[0]
    assert (row["kind"], row["source_id"], row["low"]) == ("cumulative", "scpr", 470000)
    assert "kind_by_size" in row["flags"]
    assert pd.isna(row["event_start"]) and day(row["event_end"]) == PUB
    # A dated figure is no running total, whatever its size.
    dated = claims("More than 1,400 people were killed in the chemical attack on Wednesday.")
    assert dated.iloc[0]["kind"] == "incident" and "kind_by_size" not in dated.iloc[0]["flags"]


def test_a_part_of_a_running_total_is_one_too():
    frame = claims(
        "At least 60000 people have died in jails since the start of the conflict in March 2011. "
        "Some 20000 of them had died at Sednaya."
    )
    assert sorted(frame["low"]) == [20000, 60000]
    assert set(frame["kind"]) == {"cumulative"}
    assert {day(v) for v in frame["event_start"]} == {"2011-03-01"}


@pytest.mark.parametrize(
    "text",
    [
        "Nine million people have been driven from their homes.",
        "More than 4 million Syrians have fled the country and 7 million are displaced.",
        "A picture is worth a thousand words.",
    ],
)
def test_the_displaced_and_sayings_are_no_casualties(text):
    assert claims(text).empty, text


def test_a_full_stop_that_lost_its_space_still_ends_a_sentence():
    row = claims(
        "Aid agencies called for calm.In Aleppo at least 12 people were killed on Monday."
    ).iloc[0]
    assert row["quote"] == "In Aleppo at least 12 people were killed on Monday."


def test_a_pages_related_links_are_other_stories():
    story = (
        "Four people were killed in an air strike on Idlib on Tuesday, the Observatory said. "
        "Rescuers searched the rubble through the night for survivors and the wounded. "
    )
    links = (
        "Source AFP 85 Related News Suicide car bomb kills eight regime fighters in Daraa "
        "Air strike kills 54 in Syrias Deir Ezzor Follow us"
    )
    assert list(claims(story + links)["low"]) == [4]
    # "Related" in prose is no list of links.
    prose = story + "Related violence killed 12 people in Hama on Monday, the monitor said."
    assert sorted(claims(prose)["low"]) == [4, 12]


def test_a_fate_before_a_number_governs_it_not_one_after():
    frame = claims("Daesh kidnapped 900, executed 18 people in Deir ez-Zor.")
    assert list(frame["low"]) == [18]


def test_an_outlet_relays_the_claimant_it_cites():
    text = (
        "According to a new report by the Syrian Center for Policy Research the conflict has "
        "claimed the lives of over 470000 people and displaced nearly half of the pre-war "
        "population of about 23 million, Press TV reported."
    )
    frame = claims(text, outlet="Press TV")
    assert list(zip(frame["source_id"], frame["low"], strict=True)) == [("scpr", 470000)]
    # Its own report stays its own.
    own = claims("Twelve people were killed in Homs, Press TV reported.", outlet="Press TV")
    assert list(own["source_id"]) == ["outlet:press-tv"]


def test_the_subject_of_a_reported_clause_is_not_its_claimant():
    row = claims(
        "Washington and Paris say forces loyal to President Bashar al-Assad were behind the "
        "attack in which more than 1400 are estimated to have been killed."
    ).iloc[0]
    assert row["source_id"] == "us_government"
    # A claimant with its own verb is one.
    row = claims(
        "Tanks shelled Hama on Monday, residents said, a day after rights groups said security "
        "forces killed 80 there."
    ).query("low == 80")
    assert list(row["source_id"]) == ["other:rights-groups"]
    # A claimant cited after the verb ("quoting …") is the claimant.
    row = claims(
        "SANA reported the attack quoting Homs Governor Talal al-Barazi as putting the death "
        "toll at six."
    ).iloc[0]
    assert row["source_id"] == "syrian_government"


def test_a_claimant_named_by_its_fighters_is_their_side():
    assert rows("At least 22 of the jihadists were killed in fighting near Raqa.") == [
        ("killed", "rebels", 22, None, "at_least")
    ]
    # Local activists who give a toll do not make its dead civilians.
    assert (
        rows("Local activists put the death toll higher, saying around 32 were killed.")[0][1]
        == "unspecified"
    )


def test_a_misspelt_monitor_is_still_the_monitor():
    row = claims("The SORH said 12 civilians were killed in Aleppo on Monday.").iloc[0]
    assert row["source_id"] == "sohr"


# --- rule 8: one claim per figure per dispatch ----------------------------------------------------


def test_headline_and_body_are_one_claim_and_the_attributed_one_wins():
    text = (
        "Car bomb kills 15 in Homs. At least 15 people were killed in a car bomb in Homs, "
        "the Syrian Observatory for Human Rights said."
    )
    frame = claims(text)
    assert frame["claim_id"].nunique() == 1
    row = frame.iloc[0]
    assert (row["source_id"], row["qualifier"], row["low"]) == ("sohr", "at_least", 15)


def test_different_figures_are_different_claims():
    text = "Sixteen people were killed in the blast. The toll later rose to 31, the monitor said."
    assert sorted(claims(text)["best"]) == [16, 31]


# --- quote, span, ids ----------------------------------------------------------------------------


def test_quote_span_and_deterministic_ids():
    text = "Ten people were killed in Aleppo. Five soldiers died in Homs."
    first, second = claims(text), claims(text)
    assert list(first["claim_id"]) == list(second["claim_id"])
    for row in first.itertuples():
        assert text[row.span_start : row.span_end] in ("Ten", "Five")
        assert row.quote in text
