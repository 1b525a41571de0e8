"""DESIGN §5, rule by rule, on small French cases (formes de l'AFP)."""

from __future__ import annotations

import pandas as pd
import pytest

from casualties import extract_text

from .rules_helpers import day, row_tuples

PUB = "2012-08-08"  # un mercredi


def claims(text: str, published: str | None = PUB, outlet: str = "AFP") -> pd.DataFrame:
    return extract_text(text, published=published, language="fr", outlet=outlet)


def rows(text: str, **kw) -> list[tuple]:
    return row_tuples(claims(text, **kw))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Au moins 13 morts à Alep.", ("killed", "unspecified", 13, None, "at_least")),
        ("Treize personnes ont été tuées.", ("killed", "unspecified", 13, 13, "exact")),
        ("Cent vingt-deux personnes ont été tuées.", ("killed", "unspecified", 122, 122, "exact")),
        (
            "Plus de 40 personnes ont été blessées.",
            ("wounded", "unspecified", 40, None, "at_least"),
        ),
        ("Jusqu'à 30 personnes ont péri.", ("killed", "unspecified", None, 30, "at_most")),
        ("Près de 50 personnes sont mortes.", ("killed", "unspecified", 50, 50, "approx")),
        ("Environ 20 blessés ont été soignés.", ("wounded", "unspecified", 20, 20, "approx")),
        ("Une trentaine de civils ont été tués.", ("killed", "civilians", 30, 30, "approx")),
        ("Une vingtaine de soldats ont été tués.", ("killed", "soldiers", 20, 20, "approx")),
        ("Des dizaines de personnes ont été tuées.", ("killed", "unspecified", 10, None, "vague")),
        ("Des centaines de civils ont péri.", ("killed", "civilians", 100, None, "vague")),
        ("Une douzaine de rebelles ont été tués.", ("killed", "rebels", 12, None, "vague")),
        ("Entre 20 et 30 personnes ont été tuées.", ("killed", "unspecified", 20, 30, "range")),
        ("La guerre a fait 20 000 morts.", ("killed", "unspecified", 20000, 20000, "exact")),
        ("La guerre a fait 20.000 morts.", ("killed", "unspecified", 20000, 20000, "exact")),
        (
            "La guerre a fait 1,5 million de morts.",
            ("killed", "unspecified", 1500000, 1500000, "exact"),
        ),
        (
            "Le bilan dépasse les 146 000 morts.",
            ("killed", "unspecified", 146000, None, "at_least"),
        ),
    ],
)
def test_nombres_et_qualificatifs(text, expected):
    assert rows(text) == [expected]


def test_tues_et_blesses_font_deux_revendications():
    frame = claims("Cinq citoyens ont été tués et 21 autres blessés dimanche soir.")
    assert sorted(
        zip(frame["outcome"].astype(str), frame["category"].astype(str), frame["low"], strict=True)
    ) == [
        ("killed", "civilians", 5),
        ("wounded", "civilians", 21),
    ]


@pytest.mark.parametrize(
    "text",
    [
        (
            "Le front d'Alep compte au moins 20.000 militaires qui vont "
            "faire face à 6.000 ou 8.000 hommes armés."
        ),
        "Plus de 180.000 personnes ont fui la région depuis le 16 septembre.",
        "Quelque 320.000 personnes ont été déplacées.",
        "Un enfant de 13 ans a été tué.",
        "Des dizaines de personnes ont été tuées ou blessées.",
        "Le 20 juillet, l'armée a lancé son offensive.",
        "Plus de 300 obus de mortier sont tombés sur le quartier.",
    ],
)
def test_pas_des_revendications(text):
    assert claims(text).empty


def test_les_militants_sont_des_civils():
    frame = claims("Trois militants ont été tués par des tireurs embusqués.")
    assert list(frame["category"].astype(str)) == ["civilians"]


def test_dont_partitionne_le_total():
    frame = claims(
        "Mardi, au moins 122 personnes ont été tuées en Syrie dont "
        "59 civils, 32 soldats et 31 rebelles."
    )
    assert dict(zip(frame["category"].astype(str), frame["low"], strict=True)) == {
        "civilians": 59,
        "soldiers": 32,
        "rebels": 31,
    }


def test_dont_avec_reste():
    frame = claims("Au moins 47 morts, dont 9 enfants, selon l'OSDH.")
    got = {
        r.category: (r.low, None if pd.isna(r.high) else r.high, r.qualifier)
        for r in frame.itertuples()
    }
    assert got == {"civilians": (9, 9, "exact"), "unspecified": (38, None, "at_least")}


def test_parmi_lesquels_imbrique():
    frame = claims(
        "La bataille a fait plus de 3.250 morts, dont 1.130 civils, parmi lesquels 270 enfants."
    )
    got = {r.category: (r.low, None if pd.isna(r.high) else r.high) for r in frame.itertuples()}
    assert got == {"civilians": (1130, 1130), "unspecified": (2120, None)}


def test_selon_l_osdh():
    assert list(claims("Au moins 13 morts à Alep, selon l'OSDH.")["source_id"]) == ["sohr"]


def test_a_indique_et_a_affirme():
    assert list(
        claims("Dix soldats ont été tués, a indiqué une source de sécurité.")["source_id"]
    ) == ["syrian_government"]
    assert list(
        claims("Vingt rebelles ont été tués, a affirmé l'agence officielle Sana.")["source_id"]
    ) == ["sana"]


def test_la_meme_source():
    text = (
        "L'Observatoire syrien des droits de l'Homme (OSDH) a fait état de combats. "
        "Mardi, au moins 122 personnes ont été tuées en Syrie, selon la même source."
    )
    assert list(claims(text)["source_id"]) == ["sohr"]


def test_une_attribution_conjointe_est_une_revendication_du_premier_nomme():
    frame = claims("Au moins 12 personnes ont été tuées, selon l'OSDH et des militants.")
    assert list(frame["source_id"]) == ["sohr"]
    frame = claims("Des militants et l'OSDH ont fait état de 12 morts.")
    assert list(frame["source_id"]) == ["activists"]


def test_le_meme_bilan_attribue_separement_fait_deux_revendications():
    text = (
        "Au moins 35 personnes ont été tuées à Hass, selon l'OSDH. "
        "Les Casques blancs ont eux aussi fait état de 35 morts."
    )
    assert sorted(claims(text)["source_id"]) == ["sohr", "white_helmets"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Le raid a tué une fillette et blessé deux autres.", "civilians"),
        ("Le raid a tué 16 personnes et blessé 30 autres.", "unspecified"),
        ("Le raid a tué 16 personnes, dont six enfants, et blessé 30 autres.", "unspecified"),
        ("Un homme armé a été tué et deux autres blessés.", "rebels"),
        ("Cinq soldats ont été tués. Une dizaine d'autres ont été blessés.", "soldiers"),
        (
            "Le raid a tué 19 personnes dont six enfants. Une trentaine d'autres ont été blessées.",
            "unspecified",
        ),
    ],
)
def test_autres_prend_la_categorie_des_victimes_qu_il_prolonge(text, category):
    wounded = claims(text).query("outcome == 'wounded'")
    assert list(wounded["category"].astype(str)) == [category]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'armée a éliminé des dizaines de terroristes.", ("killed", "rebels", 10, None, "vague")),
        ("Les insurgés ont perdu une dizaine d'hommes.", ("killed", "rebels", 10, 10, "approx")),
        (
            "Les forces de sécurité ont tué vendredi au moins 88 manifestants.",
            ("killed", "civilians", 88, None, "at_least"),
        ),
        (
            "Entre 30 et 40 personnes ont été décapitées.",
            ("killed", "unspecified", 30, 40, "range"),
        ),
        (
            "45 femmes et enfants ont été retrouvés égorgés ou poignardés.",
            ("killed", "civilians", 45, 45, "exact"),
        ),
        (
            "Quatre-vingts personnes, dont des femmes et des enfants, ont été tuées mercredi.",
            ("killed", "unspecified", 80, 80, "exact"),
        ),
    ],
)
def test_verbes_et_apartes(text, expected):
    assert rows(text) == [expected]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "L'opposition syrienne accuse le régime d'avoir tué plus de 1 300 personnes.",
            "opposition",
        ),
        ("Au moins 15 personnes ont été tuées mercredi à Deraa, de source médicale.", "medics"),
        (
            "Quelque 1 500 blessés se trouveraient encore à Qousseir, selon l'opposition.",
            "opposition",
        ),
    ],
)
def test_accuse_de_source_medicale_selon_l_opposition(text, source):
    assert list(claims(text)["source_id"]) == [source]


def test_l_ong_et_a_t_il_precise():
    text = (
        "Selon l'OSDH, les combats se poursuivent. Au moins 20 "
        "combattants ont été tués, a précisé l'ONG."
    )
    assert list(claims(text)["source_id"]) == ["sohr"]


@pytest.mark.parametrize(
    ("text", "start", "end", "basis"),
    [
        ("Au moins 13 morts mercredi à Alep.", "2012-08-08", "2012-08-08", "weekday"),
        ("Au moins 13 morts mardi à Alep.", "2012-08-07", "2012-08-07", "weekday"),
        ("Au moins 13 morts lundi dernier à Alep.", "2012-08-06", "2012-08-06", "weekday"),
        ("Au moins 13 morts dimanche soir à Alep.", "2012-08-05", "2012-08-05", "weekday"),
        ("Au moins 13 morts jeudi à Alep.", "2012-08-02", "2012-08-02", "weekday"),
        ("Au moins 13 morts hier à Alep.", "2012-08-07", "2012-08-07", "relative"),
        ("Au moins 13 morts la veille à Alep.", "2012-08-07", "2012-08-07", "relative"),
        ("Au moins 13 morts la nuit dernière à Alep.", "2012-08-07", "2012-08-08", "relative"),
        ("Au moins 13 morts en 24 heures.", "2012-08-07", "2012-08-08", "relative"),
        ("Au moins 13 morts le 20 juillet à Alep.", "2012-07-20", "2012-07-20", "explicit"),
        ("Au moins 13 morts en juin.", "2012-06-01", "2012-06-30", "explicit"),
        ("Au moins 13 morts à Alep.", "2012-08-08", "2012-08-08", "published"),
    ],
)
def test_dates(text, start, end, basis):
    row = claims(text).iloc[0]
    assert (day(row["event_start"]), day(row["event_end"]), row["date_basis"]) == (
        start,
        end,
        basis,
    )


def test_un_jour_plus_proche_que_depuis_est_la_date():
    row = claims(
        "Au moins 214 personnes ont été tuées mercredi en Syrie, selon l'OSDH, alors que les "
        "combats font rage depuis quatre jours dans la capitale."
    ).iloc[0]
    assert (day(row["event_start"]), day(row["event_end"])) == (PUB, PUB)


def test_l_une_des_plus_meurtrieres_depuis_le_debut_n_est_pas_un_cumul():
    row = claims(
        "Plus de 240 habitants ont été blessés, a ajouté l'OSDH, qui a qualifié l'attaque de "
        "l'une des plus meurtrières depuis le début du conflit."
    ).iloc[0]
    assert row["kind"] == "incident"


def test_depuis_le_debut_du_conflit_est_cumulatif():
    row = claims(
        "Le conflit a fait plus de 100 000 morts depuis le début du conflit en mars 2011."
    ).iloc[0]
    assert row["kind"] == "cumulative"
    assert (day(row["event_start"]), day(row["event_end"])) == ("2011-03-01", PUB)


def test_depuis_le_debut_de_la_revolte_sans_date():
    row = claims("Plus de 17 000 personnes ont été tuées depuis le début de la révolte.").iloc[0]
    assert row["kind"] == "cumulative" and pd.isna(row["event_start"])


@pytest.mark.parametrize(
    "text",
    [
        "La guerre a fait plus de 300.000 morts.",
        "Le conflit a fait plus de 280.000 morts et poussé à l'exil des millions de Syriens.",
        "Plus de 250.000 personnes ont été tuées et la moitié de la population a fui.",
        "Depuis, au moins 5000 personnes ont été tuées selon l'OSDH.",
    ],
)
def test_les_bilans_de_la_guerre_sont_cumulatifs(text):
    row = claims(text).iloc[0]
    assert row["kind"] == "cumulative", text
    assert pd.isna(row["event_start"]) and day(row["event_end"]) == PUB


def test_de_mars_a_juin_est_une_periode():
    row = claims("Au moins 300 personnes ont été tuées de mars à juin 2012.").iloc[0]
    assert (day(row["event_start"]), day(row["event_end"])) == ("2012-03-01", "2012-06-30")


def test_depuis_date_un_etat_pas_le_bilan():
    row = claims("Au moins 43 civils ont été tués dans la Ghouta, assiégée depuis 2011.").iloc[0]
    assert row["kind"] == "incident"
    assert (day(row["event_start"]), day(row["event_end"])) == (PUB, PUB)


def test_un_lieu_voisin_n_est_pas_le_lieu():
    row = claims("Au moins 20 rebelles ont été tués jeudi à un poste-frontière avec la Turquie.")
    assert row.iloc[0]["country"] != "TR"


def test_le_nombre_de_victimes_et_comme_suit():
    assert rows("Le nombre de victimes s'élève à 236, selon le SNHR.") == [
        ("killed", "unspecified", 236, 236, "exact")
    ]
    assert sorted(
        rows("Le bilan s'élève à 236 morts, répartis comme suit : 82 rebelles et 154 civils.")
    ) == [
        ("killed", "civilians", 154, 154, "exact"),
        ("killed", "rebels", 82, 82, "exact"),
    ]


def test_les_pertes_des_jihadistes_sont_des_rebelles():
    assert rows("Les jihadistes ont perdu au moins 20 hommes.") == [
        ("killed", "rebels", 20, None, "at_least")
    ]
    assert list(claims("Selon les jihadistes, 12 civils ont été tués.")["source_id"]) == [
        "islamic_state"
    ]


def test_parmi_les_insurges_est_le_groupe_du_chiffre():
    frame = claims(
        "Les combats ont fait 23 morts dans les rangs des forces du régime et 14 parmi les "
        "insurgés à Raqqa, selon l'OSDH."
    )
    assert sorted(zip(frame["category"].astype(str), frame["low"], strict=True)) == [
        ("rebels", 14),
        ("soldiers", 23),
    ]


def test_le_conflit_sujet_par_dela_une_relative():
    row = claims("Le conflit, qui a éclaté en mars 2011, a fait plus de 280.000 morts.").iloc[0]
    assert row["kind"] == "cumulative" and day(row["event_start"]) == "2011-03-01"


def test_la_guerre_en_complement_n_est_pas_un_indice():
    row = claims("Un observateur de la guerre a indiqué que 12 civils ont été tués à Alep.")
    assert list(row["kind"]) == ["incident"]


def test_les_liens_lire_aussi_sont_d_autres_depeches():
    text = (
        "Au moins 13 personnes ont été tuées mardi à Alep, selon l'OSDH. Les secours cherchaient "
        "encore des survivants dans les décombres mercredi matin. "
        "Lire aussi Syrie : 54 morts dans un raid sur Deir Ezzor"
    )
    assert list(claims(text)["low"]) == [13]


def test_les_deplaces_ne_sont_pas_des_victimes():
    assert claims("Plus de quatre millions de Syriens ont été forcés de fuir le pays.").empty


@pytest.mark.parametrize(
    ("text", "place", "place_id"),
    [
        ("Au moins 13 morts à Alep.", "Aleppo", "geonames:170063"),
        ("Au moins 13 morts à Homs.", "Homs", "geonames:169577"),
        ("Au moins 13 morts à Deir Ezzor.", "Deir ez-Zor", "geonames:170794"),
        ("Au moins 13 morts dans la province d'Idleb.", "Idlib Governorate", "admin1:SY.12"),
        ("Au moins 13 morts dans le quartier de Salaheddine à Alep.", "Aleppo", "geonames:170063"),
        ("Au moins 13 morts en Syrie.", "Syria", "country:SY"),
    ],
)
def test_lieux(text, place, place_id):
    row = claims(text).iloc[0]
    assert (row["place"], row["place_id"]) == (place, place_id)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Au moins 140 personnes ont été tuées dimanche en Syrie, dont une centaine à Hama.",
            "Syrie",
        ),
        (
            "Trente-trois militaires ont été tués jeudi dans la province d'Idleb, a annoncé le "
            "gouverneur de la province de Hatay.",
            "province d'Idleb",
        ),
        (
            "Selon le gouverneur de Homs, Talal Barazi, sept personnes ont été tuées dans les "
            "frappes sur la base d'Al-Chaayrate.",
            "Al-Chaayrate",
        ),
        ("Au moins 27 civils ont été tués dans un raid contre l'hôpital al-Qods, à Alep.", "Alep"),
        ("Au moins 82 personnes ont été tuées mardi à l'université d'Alep.", "Alep"),
        ("Cinq civils ont été tués à Alep et à Idleb.", None),
    ],
)
def test_quel_lieu_est_celui_du_bilan(text, place):
    row = claims(text).iloc[0]
    assert (None if pd.isna(row["place_name"]) else row["place_name"]) == place


def test_le_lieu_du_datelin():
    text = "ALEP (Syrie), 8 août 2012 (AFP) - Au moins 13 personnes ont été tuées mercredi."
    row = claims(text).iloc[0]
    assert row["place"] == "Aleppo"


# --- contexte : ce qu'une phrase ne répète pas (GUIDE) ------------------------------------------


def test_une_phrase_de_suite_prend_la_periode_et_le_lieu_de_la_revendication_precedente():
    frame = claims(
        "Mardi, au moins 20 civils ont été tués à Alep, selon l'OSDH. "
        "Une trentaine d'autres ont été blessés, a précisé l'ONG."
    )
    wounded = frame.query("outcome == 'wounded'").iloc[0]
    assert (day(wounded["event_start"]), wounded["date_basis"]) == ("2012-08-07", "weekday")
    assert (wounded["place"], wounded["source_id"]) == ("Aleppo", "sohr")


def test_le_contexte_vient_de_la_revendication_la_plus_proche():
    frame = claims(
        "Dix personnes ont été tuées lundi à Homs. La veille, 20 soldats avaient péri à Hama. "
        "Cinq autres ont été blessés. Trois rebelles ont été tués dimanche."
    )
    got = [(r.best, day(r.event_start), r.place) for r in frame.itertuples()]
    assert got == [
        (10, "2012-08-06", "Homs"),
        (20, "2012-08-07", "Hama"),
        (5, "2012-08-07", "Hama"),
        (3, "2012-08-05", "Hama"),
    ]


def test_une_phrase_sans_revendication_ne_donne_pas_de_contexte():
    row = claims(
        "Des raids ont frappé Idleb lundi. Dix personnes ont été tuées, selon des militants."
    )
    assert (day(row["event_start"].iloc[0]), row["date_basis"].iloc[0]) == (PUB, "published")
    assert row["place_name"].isna().iloc[0]


def test_le_lieu_du_datelin_apres_celui_des_revendications_precedentes():
    text = (
        "ALEP (Syrie), 8 août 2012 (AFP) - Au moins 13 personnes ont été tuées. "
        "Quatre soldats ont péri à Homs. Deux autres ont été blessés."
    )
    assert list(claims(text)["place"]) == ["Aleppo", "Homs", "Homs"]


def test_un_bilan_cumulatif_prend_le_pays_jamais_la_date_du_contexte():
    frame = claims(
        "Mardi, au moins 20 civils ont été tués à Alep. "
        "Le conflit a fait plus de 300.000 morts depuis le début de la révolte."
    )
    total = frame.query("kind == 'cumulative'").iloc[0]
    assert (total["place"], total["place_id"]) == ("Syria", "country:SY")
    assert pd.isna(total["event_start"]) and day(total["event_end"]) == PUB
    seul = claims("Le conflit a fait plus de 300.000 morts depuis le début de la révolte.")
    assert seul["place_name"].isna().iloc[0]
