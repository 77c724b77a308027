"""One row per linguistic pattern and language: what the extractor must make of it.

All sentences are invented for these tests. Each row names the pattern it proves; ``text`` is
the statement's text (stripped of spaces and final stops when compared), ``speaker`` the
resolved speaker (None: must stay unresolved; ANY: not checked), ``mention`` the mention it
rests on.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ingest.extract import extract
from ingest.model import Article, Statement

ANY = "<any>"  # the speaker is not what the row is about


@dataclass(frozen=True)
class Row:
    id: str
    lang: str
    article: str
    text: str
    kind: str
    speaker: str | None = ANY
    mention: str | None = None
    role: str | None = None
    spans: int | None = None  # number of pieces, where it matters


ROWS = [
    # --- German: direct speech -----------------------------------------------------------
    Row(
        "de_direct_after_colon",
        "de",
        "Der Bürgermeister von Ulm sagte: „Wir werden die Brücke im Sommer öffnen.“",
        "Wir werden die Brücke im Sommer öffnen.",
        "direct",
        mention="Der Bürgermeister von Ulm",
    ),
    Row(
        "de_direct_trailing_frame",
        "de",
        "„Wir werden die Brücke im Sommer öffnen“, sagte Anna Berger.",
        "Wir werden die Brücke im Sommer öffnen",
        "direct",
        speaker="Anna Berger",
    ),
    Row(
        "de_direct_interrupted_by_frame",
        "de",
        "„Die Brücke ist fertig“, sagte Anna Berger, „und sie wird im Sommer geöffnet.“",
        "Die Brücke ist fertig“, sagte Anna Berger, „und sie wird im Sommer geöffnet.",
        "direct",
        speaker="Anna Berger",
        spans=2,
    ),
    Row(
        "de_direct_guillemets",
        "de",
        "»Die Brücke ist fertig«, sagte Anna Berger am Montag.",
        "Die Brücke ist fertig",
        "direct",
        speaker="Anna Berger",
    ),
    Row(
        "de_direct_swiss_guillemets",
        "de",
        "«Die Brücke ist fertig», sagte Anna Berger am Montag.",
        "Die Brücke ist fertig",
        "direct",
        speaker="Anna Berger",
    ),
    Row(
        "de_direct_straight_marks",
        "de",
        'Anna Berger sagte: "Die Brücke ist fertig und wird bald geöffnet."',
        "Die Brücke ist fertig und wird bald geöffnet.",
        "direct",
        speaker="Anna Berger",
    ),
    Row(
        "de_direct_over_paragraphs_reopened",
        "de",
        "Anna Berger sagte: „Die Brücke ist fertig.\n„Im Sommer wird sie geöffnet.“",
        "Die Brücke ist fertig.\n„Im Sommer wird sie geöffnet.",
        "direct",
        speaker="Anna Berger",
        spans=2,
    ),
    Row(
        "de_direct_nested_quote",
        "de",
        "„Er nannte das ‚einen Fehler‘, und das stimmt“, sagte Jonas Weber.",
        "Er nannte das ‚einen Fehler‘, und das stimmt",
        "direct",
        speaker="Jonas Weber",
    ),
    Row(
        "de_direct_via_pronoun",
        "de",
        "Jonas Weber besuchte am Montag die Baustelle. Dort sagte er: „Die Brücke ist fertig.“",
        "Die Brücke ist fertig.",
        "direct",
        speaker="Jonas Weber",
        mention="er",
    ),
    # --- German: partial and mixed quotes ---------------------------------------------------
    Row(
        "de_partial_quoted_word",
        "de",
        "Anna Berger nennt das Treffen „historisch“.",
        "historisch",
        "partial",
        speaker="Anna Berger",
    ),
    Row(
        "de_partial_after_speech_noun",
        "de",
        "Der frühere Minister Jonas Weber hat von einer „Wende nach Osten“ gesprochen.",
        "Wende nach Osten",
        "partial",
        speaker="Jonas Weber",
    ),
    Row(
        "de_mixed_indirect_with_quote",
        "de",
        "Anna Berger sagte, die Lage sei „sehr ernst“ und müsse geklärt werden.",
        "die Lage sei „sehr ernst“ und müsse geklärt werden",
        "mixed",
        speaker="Anna Berger",
    ),
    # --- German: indirect speech -----------------------------------------------------------
    Row(
        "de_konjunktiv_after_comma",
        "de",
        "Ein Sprecher des Ministeriums erklärte, die Regierung habe keine neuen Pläne.",
        "die Regierung habe keine neuen Pläne",
        "indirect",
        mention="Ein Sprecher des Ministeriums",
    ),
    Row(
        "de_dass_clause",
        "de",
        "Die Polizei teilte am Abend mit, dass drei Menschen leicht verletzt wurden.",
        "dass drei Menschen leicht verletzt wurden",
        "indirect",
        mention="Die Polizei",
    ),
    Row(
        "de_konjunktiv_after_colon",
        "de",
        "Anna Berger beschwichtigt: Da die Sitzungen meist in Berlin stattfänden, sei es schwer.",
        "Da die Sitzungen meist in Berlin stattfänden, sei es schwer",
        "indirect",
        speaker="Anna Berger",
    ),
    Row(
        "de_so_frame_after_content",
        "de",
        "Die Lage sei ernst, so der Bürgermeister von Ulm.",
        "Die Lage sei ernst",
        "indirect",
        mention="der Bürgermeister von Ulm",
    ),
    Row(
        "de_so_sagt_es_mid_sentence",
        "de",
        "Die Pläne sind geheim, schließlich, so sagt es Jonas Weber, wolle man nichts verraten.",
        "wolle man nichts verraten",
        "indirect",
        mention="Jonas Weber",
    ),
    Row(
        "de_trailing_sagte_x",
        "de",
        "Die Brücke werde im Sommer geöffnet, sagte Anna Berger.",
        "Die Brücke werde im Sommer geöffnet",
        "indirect",
        speaker="Anna Berger",
    ),
    Row(
        "de_laut_x",
        "de",
        "Laut Polizei wurden bei dem Unfall drei Menschen verletzt.",
        "wurden bei dem Unfall drei Menschen verletzt",
        "indirect",
        mention="Polizei",
    ),
    Row(
        "de_x_zufolge",
        "de",
        "Der Feuerwehr zufolge brach das Feuer am frühen Morgen aus.",
        "brach das Feuer am frühen Morgen aus",
        "indirect",
        mention="Der Feuerwehr",
    ),
    Row(
        "de_nach_angaben_von_x",
        "de",
        "Nach Angaben der Feuerwehr brach das Feuer am frühen Morgen aus.",
        "brach das Feuer am frühen Morgen aus",
        "indirect",
        mention="Feuerwehr",
    ),
    Row(
        "de_wie_x_sagte",
        "de",
        "Wie ein Sprecher der Stadt sagte, wird die Straße bis Freitag gesperrt.",
        "wird die Straße bis Freitag gesperrt",
        "indirect",
        mention="ein Sprecher der Stadt",
    ),
    Row(
        "de_inverted_subject_after_verb",
        "de",
        "Am Montag sagte der Bürgermeister, er sei mit dem Bau zufrieden.",
        "er sei mit dem Bau zufrieden",
        "indirect",
        mention="der Bürgermeister",
    ),
    Row(
        "de_follow_on_konjunktiv_sentence",
        "de",
        "Der Bürgermeister Jonas Weber sagte, die Brücke sei sicher. Dies sei eindeutig "
        "nachzuweisen.",
        "Dies sei eindeutig nachzuweisen",
        "indirect",
        speaker="Jonas Weber",
    ),
    # --- German: speakers and roles --------------------------------------------------------
    Row(
        "de_surname_to_full_name",
        "de",
        "Anna Berger traf am Montag den Bürgermeister. Berger sagte, das Treffen sei gut gewesen.",
        "das Treffen sei gut gewesen",
        "indirect",
        speaker="Anna Berger",
        mention="Berger",
    ),
    Row(
        "de_role_noun_to_person",
        "de",
        "Verteidigungsminister Jonas Weber reiste nach Brüssel. Der Minister sagte, die Lage "
        "sei ernst.",
        "die Lage sei ernst",
        "indirect",
        speaker="Jonas Weber",
        mention="Der Minister",
    ),
    Row(
        "de_role_as_written_before_name",
        "de",
        "Nato-Generalsekretär Jonas Weber sagte, die Allianz sei geeint.",
        "die Allianz sei geeint",
        "indirect",
        speaker="Jonas Weber",
        role="Nato-Generalsekretär",
    ),
    Row(
        "de_apposition_subject",
        "de",
        "Jonas Weber, Sprecher der Stadt Ulm, sagte, die Straße bleibe gesperrt.",
        "die Straße bleibe gesperrt",
        "indirect",
        speaker="Jonas Weber",
    ),
    Row(
        "de_ambiguous_pronoun_stays_unresolved",
        "de",
        "Jonas Weber traf Paul Keller in Ulm. Danach sagte er, das Treffen sei gut gewesen.",
        "das Treffen sei gut gewesen",
        "indirect",
        speaker=None,
        mention="er",
    ),
    # --- English: direct speech ------------------------------------------------------------
    Row(
        "en_direct_x_said",
        "en",
        '"We will win this state," John Miller told reporters on Monday.',
        "We will win this state,",
        "direct",
        speaker="John Miller",
    ),
    Row(
        "en_direct_said_x",
        "en",
        '"We will win this state," said John Miller.',
        "We will win this state,",
        "direct",
        speaker="John Miller",
    ),
    Row(
        "en_direct_after_colon",
        "en",
        'John Miller said: "We will win this state."',
        "We will win this state.",
        "direct",
        speaker="John Miller",
    ),
    Row(
        "en_direct_interrupted",
        "en",
        '"We will win," she said, "and we will win big."',
        'We will win," she said, "and we will win big.',
        "direct",
        mention="she",
        spans=2,
    ),
    Row(
        "en_direct_continued_after_frame",
        "en",
        '"It is over," said John Miller, a lawyer for the family. "We are done."',
        'It is over," said John Miller, a lawyer for the family. "We are done.',
        "direct",
        speaker="John Miller",
        role="a lawyer for the family",
        spans=2,
    ),
    Row(
        "en_direct_curly_single_marks",
        "en",
        "‘We will win this state,’ John Miller said.",
        "We will win this state,",
        "direct",
        speaker="John Miller",
    ),
    Row(
        "en_direct_double_apostrophes",
        "en",
        "''We will win this state,'' John Miller said.",
        "We will win this state,",
        "direct",
        speaker="John Miller",
    ),
    Row(
        "en_direct_question_closes_sentence",
        "en",
        "“Why are you still here?” Mary Jones asked the crowd.",
        "Why are you still here?",
        "direct",
        speaker="Mary Jones",
    ),
    # --- English: partial and mixed quotes -------------------------------------------------
    Row(
        "en_partial_quoted_word",
        "en",
        'John Miller called the agreement "historic" on Friday.',
        "historic",
        "partial",
        speaker="John Miller",
    ),
    Row(
        "en_mixed_indirect_with_quote",
        "en",
        'John Miller said the plan was "a disaster" for workers.',
        'the plan was "a disaster" for workers',
        "mixed",
        speaker="John Miller",
    ),
    # --- English: indirect speech ----------------------------------------------------------
    Row(
        "en_said_that",
        "en",
        "The senator said that the bill would pass next week.",
        "that the bill would pass next week",
        "indirect",
        mention="The senator",
    ),
    Row(
        "en_said_without_that",
        "en",
        "John Miller said the bill would pass next week.",
        "the bill would pass next week",
        "indirect",
        speaker="John Miller",
    ),
    Row(
        "en_trailing_x_said",
        "en",
        "The bill will pass next week, John Miller said.",
        "The bill will pass next week",
        "indirect",
        speaker="John Miller",
    ),
    Row(
        "en_trailing_said_x",
        "en",
        "The bill will pass next week, said John Miller.",
        "The bill will pass next week",
        "indirect",
        speaker="John Miller",
    ),
    Row(
        "en_mid_sentence_frame",
        "en",
        "The bill, John Miller said, will pass next week.",
        "The bill, John Miller said, will pass next week",
        "indirect",
        speaker="John Miller",
        spans=2,
    ),
    Row(
        "en_according_to_first",
        "en",
        "According to the police, three people were injured in the crash.",
        "three people were injured in the crash",
        "indirect",
        mention="the police",
    ),
    Row(
        "en_according_to_last",
        "en",
        "Three people were injured in the crash, according to the police.",
        "Three people were injured in the crash",
        "indirect",
        mention="the police",
    ),
    Row(
        "en_told_addressee",
        "en",
        "Mary Jones told the newspaper the deal was dead.",
        "the deal was dead",
        "indirect",
        speaker="Mary Jones",
    ),
    Row(
        "en_warned_that",
        "en",
        "Critics warned that the plan would fail.",
        "that the plan would fail",
        "indirect",
        speaker=None,
        mention="Critics",
    ),
    # --- English: speakers and roles -------------------------------------------------------
    Row(
        "en_apposition_role",
        "en",
        "John Miller, the county treasurer, said the budget was balanced.",
        "the budget was balanced",
        "indirect",
        speaker="John Miller",
        role="the county treasurer",
    ),
    Row(
        "en_pronoun_to_person",
        "en",
        "Mary Jones spoke in Ohio on Monday. She said the economy was strong.",
        "the economy was strong",
        "indirect",
        speaker="Mary Jones",
        mention="She",
    ),
    Row(
        "en_surname_to_full_name",
        "en",
        "John Miller spoke on Monday. Miller said the system was broken.",
        "the system was broken",
        "indirect",
        speaker="John Miller",
        mention="Miller",
    ),
    Row(
        "en_role_noun_to_person",
        "en",
        "Senator John Miller spoke in Iowa. The senator said taxes were too high.",
        "taxes were too high",
        "indirect",
        speaker="John Miller",
        mention="The senator",
    ),
    Row(
        "en_ambiguous_pronoun_stays_unresolved",
        "en",
        "John Miller met Paul Keller in Ohio. Later he said the meeting went well.",
        "the meeting went well",
        "indirect",
        speaker=None,
        mention="he",
    ),
    # --- Speaker names end where the name ends ----------------------------------------------
    Row(
        "de_name_then_dative_addressee",
        "de",
        "„Die Lage ist ernst“, sagte Wolfgang Schäuble der Nachrichtenagentur AFP.",
        "Die Lage ist ernst",
        "direct",
        speaker="Wolfgang Schäuble",
        mention="Wolfgang Schäuble",
    ),
    Row(
        "de_trailing_frame_with_addressee",
        "de",
        "Der Markt sei gesättigt, sagte Veranstalter Marek Lieberberg der Zeitung.",
        "Der Markt sei gesättigt",
        "indirect",
        speaker="Marek Lieberberg",
        role="Veranstalter",
    ),
    Row(
        "de_role_noun_before_name_is_role",
        "de",
        "„Wir schließen den Betrieb“, sagte Betriebsrat Bayram Yerli.",
        "Wir schließen den Betrieb",
        "direct",
        speaker="Bayram Yerli",
        role="Betriebsrat",
    ),
    Row(
        "de_compound_role_before_name",
        "de",
        "„Das Blatt erscheint weiter“, sagte SZ-Lokalredakteur Jakob Wetzel.",
        "Das Blatt erscheint weiter",
        "direct",
        speaker="Jakob Wetzel",
        role="SZ-Lokalredakteur",
    ),
    Row(
        "de_pronoun_after_name_starts_next_sentence",
        "de",
        "„Das ist gut“, sagte Hendrik Streeck Er fügte hinzu, das sei klar.",
        "Das ist gut",
        "direct",
        speaker="Hendrik Streeck",
    ),
    Row(
        "de_time_word_after_name",
        "de",
        "„Wir öffnen wieder“, sagte Anna Berkhahn Ende August.",
        "Wir öffnen wieder",
        "direct",
        speaker="Anna Berkhahn",
    ),
    Row(
        "de_outlet_in_capitals_after_name",
        "de",
        "„Das ist gut“, sagte Charlotte Schneidewind-Hartnagel ZEIT ONLINE.",
        "Das ist gut",
        "direct",
        speaker="Charlotte Schneidewind-Hartnagel",
    ),
    Row(
        "de_noun_behind_name_cut_where_surname_recurs",
        "de",
        "Kurz nach dem Start bekam der Pilot Charles Riggs Probleme. Riggs sagte, es sei ein "
        "Fehler gewesen.",
        "es sei ein Fehler gewesen",
        "indirect",
        speaker="Charles Riggs",
        role="Pilot",
    ),
    Row(
        "de_three_word_name_kept_whole",
        "de",
        "Engelbert Lütke Daldrup sagte, es sei ein Fehler gewesen.",
        "es sei ein Fehler gewesen",
        "indirect",
        speaker="Engelbert Lütke Daldrup",
    ),
    # --- Follow-on sentences keep the running speaker only while nothing else is likely ------
    Row(
        "de_follow_on_after_new_name_has_no_speaker",
        "de",
        "Der Virologe Christian Drosten sagte, die Lage sei ernst. Die Virologin Sandra Ciesek "
        "war auch dabei. Die Zahlen stiegen schnell.",
        "Die Zahlen stiegen schnell",
        "indirect",
        speaker=None,
    ),
    Row(
        "de_own_voice_conditional_right_after_statement_follows",
        "de",
        "Der Virologe Christian Drosten sagte, die Lage sei ernst. Das wäre früher besser gewesen.",
        "Das wäre früher besser gewesen",
        "indirect",
        speaker="Christian Drosten",
    ),
    Row(
        "de_name_apposed_to_role_phrase_is_the_speaker",
        "de",
        "„Das ist gut“, sagte der agrarpolitische Sprecher der FDP-Fraktion, Gero Hocker.",
        "Das ist gut",
        "direct",
        speaker="Gero Hocker",
        role="agrarpolitische Sprecher der FDP-Fraktion",
    ),
    Row(
        "de_descriptor_before_known_name",
        "de",
        "Sebastian Pflugbeil warnt. „Das ist gefährlich“, sagte der Physiker Sebastian Pflugbeil.",
        "Das ist gefährlich",
        "direct",
        speaker="Sebastian Pflugbeil",
    ),
    Row(
        "de_role_then_own_name_in_mention",
        "de",
        "Der serbische Regierungschef Vojislav Koštunica von der Demokratischen Partei Serbiens "
        "lehnt die Mission ab. Er sagte, sie sei illegal.",
        "sie sei illegal",
        "indirect",
        speaker="Vojislav Koštunica",
        role="serbische Regierungschef",
    ),
    Row(
        "en_same_surname_other_given_name_is_someone_else",
        "en",
        "Elijah Cummings died. In a statement, Maya Rockeymoore Cummings, his wife, said he "
        '"worked until his last breath".',
        'he "worked until his last breath"',
        "mixed",
        speaker="Maya Rockeymoore Cummings",
    ),
    Row(
        "en_fragments_go_to_their_own_cue",
        "en",
        'Democrat Chuck Schumer told MSNBC Cummings "was a great man," while Republican '
        'President Trump noted his "strength, passion and wisdom" on Twitter.',
        "strength, passion and wisdom",
        "partial",
        speaker="Trump",
    ),
    Row(
        "en_fragment_before_a_second_clause_stays_with_its_speaker",
        "en",
        'Democrat Chuck Schumer told MSNBC Cummings "was a great man," while Republican '
        'President Trump noted his "strength, passion and wisdom" on Twitter.',
        "was a great man",
        "partial",
        speaker="Chuck Schumer",
    ),
    Row(
        "de_newspaper_in_quotes_after_frame_is_no_continuation",
        "de",
        "„Das ist gut“, sagte Wolfgang Müller der „Bild“.",
        "Das ist gut",
        "direct",
        speaker="Wolfgang Müller",
        spans=1,
    ),
    Row(
        "de_source_noun_before_organisation_is_left_out",
        "de",
        "Nach Informationen der Deutschen Presse-Agentur sei der Plan gescheitert.",
        "sei der Plan gescheitert",
        "indirect",
        speaker="Deutschen Presse-Agentur",
    ),
    Row(
        "de_object_after_verb_is_not_the_speaker",
        "de",
        "Verantwortliche aus Spanien wiesen den SPD-Politiker Karl Lauterbach darauf hin, dass "
        "man keine Bananenrepublik sei.",
        "dass man keine Bananenrepublik sei",
        "indirect",
        speaker=None,
        mention="Verantwortliche",
    ),
    Row(
        "de_descriptor_before_known_surname_is_that_person",
        "de",
        "Boris Palmer ist Oberbürgermeister. Sein grüner Genosse Palmer hatte gesagt: „Wir "
        "retten in Deutschland möglicherweise Menschen.“",
        "Wir retten in Deutschland möglicherweise Menschen.",
        "direct",
        speaker="Boris Palmer",
    ),
    Row(
        "de_genitive_of_role_noun_kept",
        "de",
        "„Das ist gut“, sagte der Sprecher der Stadt.",
        "Das ist gut",
        "direct",
        mention="der Sprecher der Stadt",
    ),
    Row(
        "en_cue_form_after_article_is_a_noun",
        "en",
        "Beijing has not commented on the reports, however, foreign ministry spokesman Hong "
        "Lei said the talks were useful.",
        "the talks were useful",
        "indirect",
        speaker="Hong Lei",
    ),
    Row(
        "en_place_in_subject_phrase_is_not_the_speaker",
        "en",
        "The second largest credit rating firm in the UK admitted that millions of records "
        "were stolen.",
        "that millions of records were stolen",
        "indirect",
        speaker=None,
        mention="The second largest credit rating firm",
    ),
    Row(
        "en_name_inside_a_quote_is_no_antecedent",
        "en",
        'President Trump tweeted: "Leader Kim Jong Un just stated that the button is on his '
        'desk." "Will someone please inform him that I too have a button," he said.',
        "Will someone please inform him that I too have a button,",
        "direct",
        speaker="Trump",
    ),
    Row(
        "en_pronoun_is_not_given_to_an_earlier_man_over_the_later_speaker",
        "en",
        "Casey Jones said the car will blare David Bowie on the stereo. Jones said the rocket "
        "will fly from the pad that Robin Rivers built. However, he has since told The Verge he "
        '"totally made it up".',
        "totally made it up",
        "partial",
        speaker=None,
    ),
    Row(
        "en_middle_initial_stays_inside_the_name_and_apposition_is_no_content",
        "en",
        "The plan will fail, said Jeffrey D. Feltman, a State Department official.",
        "The plan will fail",
        "indirect",
        speaker="Jeffrey Feltman",
        spans=1,
    ),
    Row(
        "de_fronted_als_phrase_is_no_subject",
        "de",
        "Als Grund für die Verlängerung nannte die NASA, den Astronauten mehr Zeit zu geben.",
        "Als Grund für die Verlängerung nannte die NASA, den Astronauten mehr Zeit zu geben",
        "reported",
        speaker="NASA",
    ),
    Row(
        "de_trailing_frame_closed_by_the_verbs_particle",
        "de",
        "Ein weiteres Konsulat soll folgen, gab der Außenminister Hassan Wirajuda bekannt.",
        "Ein weiteres Konsulat soll folgen",
        "indirect",
        speaker="Hassan Wirajuda",
    ),
    Row(
        "de_surname_that_is_a_konjunktiv_form_after_apposition",
        "de",
        "„Die Entwicklung setzt sich fort“, sagte der Chef der Bundesagentur für Arbeit, "
        "Frank-Jürgen Weise.",
        "Die Entwicklung setzt sich fort",
        "direct",
        speaker="Frank-Jürgen Weise",
    ),
    Row(
        "de_compound_source_noun_is_a_source_of_its_own",
        "de",
        "Nach israelischen Militärangaben seien Fallschirmjäger beschossen worden.",
        "seien Fallschirmjäger beschossen worden",
        "indirect",
        speaker=None,
        mention="israelischen Militärangaben",
    ),
    Row(
        "de_surname_particles_belong_to_the_name",
        "de",
        "„Das ist gut“, sagte Ursula von der Leyen.",
        "Das ist gut",
        "direct",
        speaker="Ursula von der Leyen",
    ),
    Row(
        "de_von_after_a_full_name_names_the_outlet",
        "de",
        "„Das ist gut“, sagte Greg Kelly von Newsmax.",
        "Das ist gut",
        "direct",
        speaker="Greg Kelly",
    ),
    Row(
        "de_first_person_of_a_mention_is_its_head",
        "de",
        "Der Jurist Volker Boehme-Neßler von der Carl von Ossietzky Universität Oldenburg "
        "sagte, das Gesetz sei nicht verhältnismäßig.",
        "das Gesetz sei nicht verhältnismäßig",
        "indirect",
        speaker="Volker Boehme-Neßler",
    ),
    Row(
        "en_surname_particle_after_given_name",
        "en",
        "The plan will fail, said Tom von Garlem, an analyst.",
        "The plan will fail",
        "indirect",
        speaker="Tom von Garlem",
    ),
    Row(
        "en_name_after_a_descriptor_noun_is_the_speaker",
        "en",
        "Credit Suisse chief executive Tidjane Thiam said the bank was sound.",
        "the bank was sound",
        "indirect",
        speaker="Tidjane Thiam",
    ),
    Row(
        "en_company_suffix_makes_an_organisation",
        "en",
        "Monfort of Colorado Inc said the plan will fail.",
        "the plan will fail",
        "indirect",
        speaker="Monfort of Colorado Inc",
    ),
    Row(
        "en_organisation_named_after_a_person",
        "en",
        "Robert Halmi Inc said the plan will fail.",
        "the plan will fail",
        "indirect",
        speaker="Robert Halmi Inc",
    ),
    Row(
        "en_pronoun_is_not_given_to_a_bare_word",
        "en",
        "SeaWorld announced that the park will reopen. Officials said the rides are safe. "
        '"We are glad to be back," she said.',
        "We are glad to be back,",
        "direct",
        speaker=None,
    ),
    Row(
        "en_verb_after_a_name_ends_the_phrase",
        "en",
        "Trump spoke in Ohio, claiming that open borders are tearing families apart.",
        "that open borders are tearing families apart",
        "indirect",
        speaker="Trump",
    ),
    Row(
        "en_people_polled_by_an_agency_are_not_the_agency",
        "en",
        "Economists polled by Reuters said the plan will fail.",
        "the plan will fail",
        "indirect",
        speaker=None,
    ),
    Row(
        "en_role_before_an_organisation_is_left_out",
        "en",
        "A spokesman for the Chilean Copper Commission confirmed there had been no damage.",
        "there had been no damage",
        "indirect",
        speaker="Chilean Copper Commission",
    ),
    Row(
        "en_name_opening_a_mention_heads_it",
        "en",
        "Daan Kaakebeen of Dutch salvage experts Smit Tak International of Rotterdam said the "
        "problem was serious.",
        "the problem was serious",
        "indirect",
        speaker="Daan Kaakebeen",
    ),
    Row(
        "en_text_wrapped_at_fixed_width_is_one_sentence",
        "en",
        "Red Lion files offering\nRed Lion Inns Limited Partnership said it filed a "
        "registration statement with the Securities and\nExchange Commission covering a proposed offering.",
        "it filed a registration statement with the Securities and\nExchange Commission "
        "covering a proposed offering",
        "indirect",
        speaker="Red Lion Inns Limited Partnership",
    ),
]


def _norm(text: str) -> str:
    return text.strip().rstrip(".").strip()


def _find(statements: list[Statement], text: str) -> Statement:
    hits = [s for s in statements if _norm(s.text) == _norm(text)]
    assert hits, f"no statement {text!r}; got {[s.text for s in statements]}"
    return hits[0]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_pattern(row: Row) -> None:
    article = Article(id=row.id, text=row.article, language=row.lang)
    s = _find(extract(article), row.text)
    assert s.kind == row.kind
    if row.speaker != ANY:
        assert s.speaker == row.speaker
    if row.mention is not None:
        assert s.speaker_mention == row.mention
    if row.role is not None:
        assert s.speaker_role == row.role
    if row.spans is not None:
        assert len(s.spans) == row.spans
    assert row.article[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "Die Regierung erklärte, dass.",  # reported content of one conjunction
        "Mehr dazu lesen Sie in der „Bild“.",  # an outlet in quotation marks
        "Das berichtet die „dts Nachrichtenagentur“.",
        "Das sagte Wolfgang Müller der „Bild“.",  # a newspaper, not Müller's words
    ],
)
def test_statements_that_say_nothing_are_dropped(text: str) -> None:
    found = extract(Article(id="trivial", text=text, language="de"))
    assert [s.text for s in found] == []


@pytest.mark.parametrize(
    "text",
    [
        "The crowd went on the rampage in Cologne after the match.",
        "SpaceX intends to land the boosters on a barge.",
        "The company plans to open two plants next year.",
        "The senator seems to have changed her mind.",
    ],
)
def test_actions_and_plans_are_no_speech(text: str) -> None:
    assert extract(Article(id="action", text=text, language="en")) == []


def test_a_noun_after_an_adjective_is_no_given_name() -> None:
    text = "„Das ist gut“, sagte eine Mitarbeiterin am östlichen Rand von Moskau."
    found = extract(Article(id="rand", text=text, language="de"))
    assert [s.speaker for s in found] == [None]


INTERVIEW = (
    "Jürgen Elsässer hat den Arzt Bodo Schiffmann nach der Tour besucht.\n"
    "Elsässer: Hättet ihr gedacht, dass eure Bustour so ein Erfolg wird?\n"
    "Schiffmann: Nein. Es war ja nie so geplant.\n"
    "ZEIT ONLINE: Wie geht es weiter?\n"
    "Schiffmann: Wir fahren im Frühjahr wieder los.\n"
    "Das glaubt ihm kaum jemand."
)


def test_interview_turns_are_the_words_of_the_person_their_label_names() -> None:
    found = [s for s in extract(Article(id="i", text=INTERVIEW, language="de")) if s.cue is None]
    assert [(s.text, s.speaker) for s in found] == [
        ("Hättet ihr gedacht, dass eure Bustour so ein Erfolg wird?", "Jürgen Elsässer"),
        ("Nein. Es war ja nie so geplant.", "Bodo Schiffmann"),
        ("Wir fahren im Frühjahr wieder los.", "Bodo Schiffmann"),
    ]  # ZEIT ONLINE names no person; the author's last line is no turn


def test_a_headline_with_a_colon_is_no_interview_turn() -> None:
    text = (
        "Laschet: Entscheidung über Maßnahmen „Ende der Osterferien“\n"
        "Ministerpräsident Armin Laschet nennt das Ende der Osterferien als Richtpunkt.\n"
        "Spahn: Impfzentren öffnen im Januar\n"
        "Gesundheitsminister Jens Spahn rechnet mit einem Start im Januar."
    )
    found = extract(Article(id="h", text=text, language="de"))
    assert all(not s.text.startswith(("Entscheidung", "Impfzentren")) for s in found)


def test_a_turn_label_ends_at_the_first_colon_of_its_line_and_within_reach() -> None:
    from ingest.extract.engine import grammar
    from ingest.extract.turns import find_turns

    text = (
        "Elsässer: Frage: Wie geht es weiter?\n"
        "Schiffmann: Nein: Wir fahren im Frühjahr wieder los.\n"
        "Elsässer: Und dann?\n"
        ": Zwischenruf: ohne Namen\n"
        "Ein sehr langer Satz ohne Doppelpunkt am Anfang der Zeile endet hier: nein\n"
    )
    said = [(c.mention.text, text[slice(*c.spans[0])]) for c in find_turns(text, grammar("de"))]
    assert said == [
        ("Elsässer", "Frage: Wie geht es weiter?"),
        ("Schiffmann", "Nein: Wir fahren im Frühjahr wieder los."),
        ("Elsässer", "Und dann?"),
    ]


def test_two_abstract_nouns_are_no_name() -> None:
    text = "„Der Hollywood-Code“ erschien im April, sagte Fiktion Realität."
    assert all(s.speaker is None for s in extract(Article(id="n", text=text, language="de")))


@pytest.mark.parametrize("opening", ["Instead", "He’s", "I'm"])
def test_a_capitalised_adverb_or_contraction_is_no_surname(opening: str) -> None:
    text = f"{opening} said the plan would fail."
    assert all(s.speaker is None for s in extract(Article(id="a", text=text, language="en")))


def test_the_same_words_framed_twice_are_one_statement() -> None:
    text = "Er hat wiederholt darauf hingewiesen, dass die Zahlen stark steigen würden."
    found = extract(Article(id="twice", text=text, language="de"))
    assert len({s.spans for s in found}) == len(found)


def test_a_conditional_heading_is_no_statement() -> None:
    text = "Der Virologe Christian Drosten sagte, die Lage sei ernst.\nWas Lockerungen bedeuten könnten\n"
    found = extract(Article(id="heading", text=text, language="de"))
    assert [s.text for s in found] == ["die Lage sei ernst"]


def test_a_sentence_with_a_source_of_its_own_is_no_follow_on() -> None:
    text = (
        "Der Virologe Christian Drosten sagte, die Lage sei ernst. Drosten müsse sich "
        "entschuldigen, heißt es aus den Reihen der Grünen."
    )
    found = extract(Article(id="sourced", text=text, language="de"))
    assert all(s.speaker is None for s in found if "entschuldigen" in s.text)


def test_first_person_sentence_after_statement_is_no_follow_on() -> None:
    text = (
        "Der Virologe Christian Drosten sagte, die Lage sei ernst. Ich halte das für übertrieben."
    )
    found = extract(Article(id="first-person", text=text, language="de"))
    assert [s.text for s in found] == ["die Lage sei ernst"]


def test_own_voice_conditional_later_on_is_not_given_to_the_running_speaker() -> None:
    text = (
        "Der Virologe Christian Drosten sagte, die Lage sei ernst. Die Impfung kam im Dezember. "
        "Das wäre früher besser gewesen."
    )
    found = extract(Article(id="own-voice", text=text, language="de"))
    assert all(s.speaker is None for s in found if s.text.startswith("Das wäre"))


NOT_STATEMENTS = [
    ("de_scare_quote_term", "de", "Die „Fähigkeitsziele“ leiten sich aus einer Analyse ab."),
    ("de_quoted_title", "de", "Der Film „Der Himmel über Berlin“ läuft heute im Kino."),
    ("de_quoted_name", "de", "Das Schiff „Gorch Fock“ liegt im Hafen von Kiel."),
    ("en_scare_quote", "en", 'The so-called "experts" were not invited to the meeting.'),
    ("en_quoted_title", "en", 'The film "Wings of Desire" is showing tonight.'),
]


@pytest.mark.parametrize(
    ("lang", "text"),
    [(lang, text) for _, lang, text in NOT_STATEMENTS],
    ids=[n for n, _, _ in NOT_STATEMENTS],
)
def test_quoted_terms_are_not_attributed_statements(lang: str, text: str) -> None:
    statements = extract(Article(id="t", text=text, language=lang))
    assert not [s for s in statements if s.speaker or s.speaker_mention]


STRAY_MARKS = [
    (
        "de_unclosed_quote_does_not_swallow",
        "de",
        "Er rief „Halt und lief davon.\nDie Polizei teilte mit, dass niemand verletzt wurde.",
        "dass niemand verletzt wurde",
    ),
    (
        "de_inch_and_apostrophe_marks",
        "de",
        "Der 6'2\" große Spieler geht's an. Die Trainerin Anna Berger sagte, er sei fit.",
        "er sei fit",
    ),
    (
        "en_apostrophes_and_inches",
        "en",
        "The 6'2\" player's coach, Mary Jones, said he's fit. Mary Jones said the team was ready.",
        "the team was ready",
    ),
    (
        "en_unclosed_quote_does_not_swallow",
        "en",
        'He shouted "stop and ran.\nThe police said nobody was hurt.',
        "nobody was hurt",
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [(lang, t, e) for _, lang, t, e in STRAY_MARKS],
    ids=[n for n, _, _, _ in STRAY_MARKS],
)
def test_stray_marks_neither_crash_nor_swallow(lang: str, text: str, expected: str) -> None:
    statements = extract(Article(id="t", text=text, language=lang))
    assert any(_norm(s.text) == _norm(expected) for s in statements), [s.text for s in statements]


def test_language_is_detected_when_missing() -> None:
    text = "Der Sprecher der Stadt sagte, die Straße bleibe bis Freitag gesperrt, und das sei gut."
    statements = extract(Article(id="t", text=text))
    assert statements and statements[0].language == "de"


def test_unknown_language_yields_nothing() -> None:
    assert extract(Article(id="t", text="Lorem ipsum dolor sit amet, consectetur.")) == []
