"""Speakers as entities: names understood, one identity across articles, people kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from speaker_helpers import article, build, said, speaker_of

from ingest.names import parse_name
from ingest.registry import RegistryEntry, read_registry
from ingest.speakers import Mention, NameForm, resolve, resolve_mentions

# -- names as written -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kind", "name", "role"),
    [
        ("Pete Hegseth", "person", "Pete Hegseth", None),
        (
            "US-Verteidigungsminister Pete Hegseth",
            "person",
            "Pete Hegseth",
            "US-Verteidigungsminister",
        ),
        ("Defense Secretary Pete Hegseth", "person", "Pete Hegseth", "Defense Secretary"),
        ("Nato-Generalsekretär Mark Rutte", "person", "Mark Rutte", "Nato-Generalsekretär"),
        ("Dr. Angela Merkel", "person", "Angela Merkel", None),
        ("Prof. Dr. Christian Drosten", "person", "Christian Drosten", None),
        ("Frau Merkel", "person", "Merkel", None),
        ("Mr. Biden", "person", "Biden", None),
        ("Merkel's", "person", "Merkel", None),
        ("Markus Söder (CSU)", "person", "Markus Söder", None),
        ("Ursula von der Leyen", "person", "Ursula von der Leyen", None),
        ("Donald Trump Jr.", "person", "Donald Trump Jr.", None),
        ("Secretary of State Mike Pompeo", "person", "Mike Pompeo", "Secretary of State"),
        ("Der Leiter des Programms der WHO, Klaus Stöhr", "person", "Klaus Stöhr", None),
        ("Hassan Rouhani of Iran", "person", "Hassan Rouhani", None),
        ("die Nato", "organisation", "Nato", None),
        ("the White House", "organisation", "White House", None),
        ("die Bundesregierung", "organisation", "Bundesregierung", None),
        ("des Robert-Koch-Instituts", "organisation", "Robert-Koch-Institut", None),
        ("ein Sprecher des Innenministeriums", "organisation", "Innenministerium", None),
        ("Dessen Presseleute", "group", "Presseleute", None),
        ("Kritiker", "group", "Kritiker", None),
        ("Kritiker der Regierung", "group", "Kritiker", None),
        ("the report", "document", "report", None),
    ],
)
def test_a_name_as_written_is_understood(
    written: str, kind: str, name: str, role: str | None
) -> None:
    parsed = parse_name(written)
    assert parsed is not None
    assert (parsed.kind, parsed.name, parsed.role) == (kind, name, role)


@pytest.mark.parametrize(
    "written",
    ["er", "Sie", "they", "der Minister", "Ein Regierungssprecher", "ein Kritiker", "I'm", ""],
)
def test_pronouns_and_bare_roles_name_nobody(written: str) -> None:
    assert parse_name(written) is None


# -- resolution as a pure function ------------------------------------------------------------


def ids(*mentions: Mention, registry: list[RegistryEntry] | None = None) -> list[str | None]:
    return resolve_mentions(list(mentions), registry or [])


def m(name: str | None, lang: str = "de", **kw: str) -> Mention:
    return Mention(name, lang, **kw)


@pytest.mark.parametrize(
    ("names", "same"),
    [
        (["Angela Merkel", "Merkel", "Merkels", "Bundeskanzlerin Angela Merkel"], True),
        (["Angela Merkel", "A. Merkel", "Dr. Angela Merkel", "Frau Merkel"], True),
        (["Wolodymyr Selenskyj", "Selenskyj"], True),
        (["Alexej Nawalny", "Alexei Navalny"], True),
        (["Joe Biden", "Joseph R. Biden", "Biden"], True),
        (
            ["Frank-Walter Steinmeier", "Bundespräsident Frank-Walter Steinmeier", "Steinmeier"],
            True,
        ),
        (["die Nato", "Die Nato", "NATO"], True),
        (["Kritiker", "Einige Kritiker", "Kritiker der Regierung"], True),
        (["George W. Bush", "George H. W. Bush"], False),
        (["Donald Trump", "Donald Trump Jr."], False),
        (["Gerd Müller", "Michael Müller"], False),
        (["Jan Schmidt", "Jana Schmidt"], False),
        (["Hans Meier", "Hans Meyer"], False),
        (["Angela Merkel", "Die Nato"], False),
    ],
)
def test_name_forms_are_one_speaker_exactly_when_they_name_one(
    names: list[str], same: bool
) -> None:
    got = ids(*(m(n) for n in names))
    assert None not in got
    assert (len(set(got)) == 1) is same, got


def test_transliterations_across_languages_are_one_person() -> None:
    got = ids(m("Wolodymyr Selenskyj", "de"), m("Volodymyr Zelensky", "en"), m("Zelensky", "en"))
    assert len(set(got)) == 1


def test_a_bare_surname_joins_the_one_person_of_that_surname() -> None:
    got = ids(m("Hegseth"), m("Pete Hegseth"), m("Hegseth", "en"))
    assert got == ["pete-hegseth"] * 3


def test_a_bare_surname_of_two_known_people_is_decided_by_article_then_role() -> None:
    text_gerd = "Entwicklungsminister Gerd Müller sagte, Müller wolle helfen."
    got = ids(
        m("Gerd Müller", role="Entwicklungsminister"),
        m("Michael Müller", role="Regierender Bürgermeister"),
        m("Müller", text=text_gerd, article_id="a1"),
        m("Müller", role="Entwicklungsminister", article_id="a2", text="Müller sagte"),
        m("Müller", article_id="a3", text="Müller sagte etwas."),
        m("Müller", article_id="a3", text="Müller sagte etwas."),
    )
    assert got[:4] == ["gerd-mueller", "michael-mueller", "gerd-mueller", "gerd-mueller"]
    assert got[4] == got[5] == "mueller--a3"  # undecided: kept apart, within its article


def test_a_clear_majority_decides_a_bare_surname_without_context() -> None:
    many = [m("Angela Merkel")] * 30 + [m("Wolfgang Merkel")]
    got = ids(*many, m("Merkel", article_id="x", text="Merkel sagte"))
    assert got[-1] == "angela-merkel"


def test_the_registry_decides_first_and_lends_its_ids() -> None:
    registry = read_registry(
        "speaker_id,name,kind,aliases,roles,qid,party,country,notes\n"
        "akk,Annegret Kramp-Karrenbauer,person,AKK,,Q42,CDU,DE,\n"
        "kristina-schroeder,Kristina Schröder,person,Kristina Köhler,,,,,née Köhler\n"
        "nato,Nato,organisation,NATO; North Atlantic Treaty Organization; Nordatlantikpakt,,,,,\n"
    )
    got = ids(
        m("AKK"),
        m("Annegret Kramp-Karrenbauer"),
        m("Kramp-Karrenbauer"),
        m("Kristina Köhler"),
        m("Kristina Schröder"),
        m("the North Atlantic Treaty Organization", "en"),
        m("die Nato"),
        registry=registry,
    )
    assert got == ["akk"] * 3 + ["kristina-schroeder"] * 2 + ["nato"] * 2


def test_groups_documents_and_generic_organisations_are_one_speaker_per_article() -> None:
    got = ids(
        m("Kritiker", article_id="a1"),
        m("Einige Kritiker", article_id="a1"),
        m("Kritiker", article_id="a2"),
        m("die Polizei", article_id="a1"),
        m("die Polizei", article_id="a2"),
        m("the report", "en", article_id="a3"),
        m("die Bundesregierung", article_id="a1"),
        m("die Bundesregierung", article_id="a2"),
    )
    assert got[:6] == [
        "kritiker--a1",
        "kritiker--a1",
        "kritiker--a2",
        "polizei--a1",
        "polizei--a2",
        "report--a3",
    ]
    assert got[6] == got[7] == "bundesregierung"  # a named organisation is one across articles


def test_pronouns_without_a_resolved_name_have_no_speaker() -> None:
    assert ids(m(None), m("er"), m("der Minister")) == [None, None, None]


def test_resolution_is_independent_of_input_order() -> None:
    forms = [NameForm("Angela Merkel"), NameForm("Merkel", statements=3), NameForm("Gerd Müller")]
    one = resolve(forms)
    two = resolve(list(reversed(forms)))
    assert {k: v.speaker_id for k, v in one.forms.items()} == {
        k: v.speaker_id for k, v in two.forms.items()
    }


# -- in a snapshot --------------------------------------------------------------------------------


def test_one_person_under_four_name_forms_across_articles_and_languages_is_one_speaker(
    tmp_path: Path,
) -> None:
    a1 = article("a1", "„Wir bleiben“, sagte US-Verteidigungsminister Pete Hegseth.")
    a2 = article("a2", "„Europa muss mehr tun“, sagte Hegseth in Brüssel.", published="2025-06-06")
    a3 = article("a3", "„Der Indopazifik zählt“, sagte Pete Hegseth.", published="2025-05-31")
    a4 = article(
        "a4", '"We are here to stay," Defense Secretary Pete Hegseth said.', "en", "2025-06-07"
    )
    con = build(
        tmp_path / "s.duckdb",
        [
            (a1, [said(a1, "Wir bleiben", "US-Verteidigungsminister Pete Hegseth")]),
            (a2, [said(a2, "Europa muss mehr tun", "Hegseth")]),
            (
                a3,
                [
                    said(
                        a3, "Der Indopazifik zählt", "Pete Hegseth", role="US-Verteidigungsminister"
                    )
                ],
            ),
            (a4, [said(a4, "We are here to stay,", "Defense Secretary Pete Hegseth")]),
        ],
        tmp_path,
    )
    assert con.execute("SELECT DISTINCT speaker_id FROM statements_v").fetchall() == [
        ("pete-hegseth",)
    ]
    name, aliases, roles, first, last, n = con.execute(
        "SELECT name, aliases, roles, first_seen::DATE::TEXT, last_seen::DATE::TEXT, statements "
        "FROM speakers_v WHERE speaker_id = 'pete-hegseth'"
    ).fetchone()  # type: ignore[misc]
    assert name == "Pete Hegseth" and "Hegseth" in aliases
    assert set(roles) == {"US-Verteidigungsminister", "Defense Secretary"}
    assert (first, last, n) == ("2025-05-31", "2025-06-07", 4)


def test_two_people_with_the_same_surname_are_two_speakers(tmp_path: Path) -> None:
    a1 = article("a1", "„Wir helfen Afrika“, sagte Entwicklungsminister Gerd Müller.")
    a2 = article("a2", "„Berlin bleibt offen“, sagte der Regierende Bürgermeister Michael Müller.")
    a3 = article("a3", "„Das reicht nicht“, sagte Müller.")
    con = build(
        tmp_path / "s.duckdb",
        [
            (a1, [said(a1, "Wir helfen Afrika", "Gerd Müller", role="Entwicklungsminister")]),
            (a2, [said(a2, "Berlin bleibt offen", "Michael Müller")]),
            (a3, [said(a3, "Das reicht nicht", "Müller")]),
        ],
        tmp_path,
    )
    assert speaker_of(con, "Wir helfen Afrika") == "gerd-mueller"
    assert speaker_of(con, "Berlin bleibt offen") == "michael-mueller"
    assert speaker_of(con, "Das reicht nicht") == "mueller--a3"
    notes = con.execute("SELECT notes FROM speakers WHERE speaker_id = 'mueller--a3'").fetchone()
    assert notes is not None and "Gerd Müller" in notes[0] and "Michael Müller" in notes[0]


def test_a_minister_who_becomes_chancellor_keeps_one_identity_and_a_role_history(
    tmp_path: Path,
) -> None:
    docs = []
    for i, (day, role) in enumerate(
        [
            ("2019-03-01", "Finanzminister"),
            ("2020-06-01", "Finanzminister"),
            ("2021-12-08", "Bundeskanzler"),
            ("2022-05-01", "Bundeskanzler"),
        ]
    ):
        a = article(f"a{i}", f"„Satz {i}“, sagte {role} Olaf Scholz.", published=day)
        docs.append((a, [said(a, f"Satz {i}", f"{role} Olaf Scholz")]))
    con = build(tmp_path / "s.duckdb", docs, tmp_path)
    rows = con.execute(
        "SELECT speaker_id, role, first_seen::DATE::TEXT, last_seen::DATE::TEXT, statements "
        "FROM speaker_roles_v ORDER BY first_seen"
    ).fetchall()
    assert rows == [
        ("olaf-scholz", "Finanzminister", "2019-03-01", "2020-06-01", 2),
        ("olaf-scholz", "Bundeskanzler", "2021-12-08", "2022-05-01", 2),
    ]


def test_organisations_and_groups_speak_as_their_own_kind(tmp_path: Path) -> None:
    a = article(
        "a1",
        "„Wir sind bereit“, teilte die Nato mit. „Zu wenig“, sagten Kritiker. "
        "„Alles im Plan“, erklärte die Bundesregierung. „Stark“, sagte Angela Merkel.",
    )
    con = build(
        tmp_path / "s.duckdb",
        [
            (
                a,
                [
                    said(a, "Wir sind bereit", "die Nato"),
                    said(a, "Zu wenig", "Kritiker"),
                    said(a, "Alles im Plan", "die Bundesregierung"),
                    said(a, "Stark", "Angela Merkel"),
                ],
            )
        ],
        tmp_path,
    )
    kinds = dict(con.execute("SELECT name, kind FROM speakers_v").fetchall())
    assert kinds == {
        "Nato": "organisation",
        "Kritiker": "group",
        "Bundesregierung": "organisation",
        "Angela Merkel": "person",
    }
    people = con.execute("SELECT count(*) FROM statements_v WHERE speaker_kind = 'person'")
    assert people.fetchone() == (1,)


def test_speakers_v_starts_with_the_contract_columns(tmp_path: Path) -> None:
    a = article("a1", "„Ja“, sagte Eva Roth.")
    con = build(tmp_path / "s.duckdb", [(a, [said(a, "Ja", "Eva Roth")])], tmp_path)
    columns = [r[0] for r in con.execute("DESCRIBE speakers_v").fetchall()]
    assert columns[:7] == [
        "speaker_id",
        "name",
        "aliases",
        "roles",
        "first_seen",
        "last_seen",
        "statements",
    ]
    roles_columns = [r[0] for r in con.execute("DESCRIBE speaker_roles_v").fetchall()]
    assert roles_columns == ["speaker_id", "role", "first_seen", "last_seen", "statements"]
