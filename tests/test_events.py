"""The event coder: CAMEO/PLOVER codes, frames, modality, roles and the record contract.

Every sentence here was written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geopol.events import (
    PENTA_CLASSES,
    PLOVER_TYPES,
    cameo,
    code_document,
    code_json_line,
    code_sentence,
    code_sentences,
    code_text,
    has_event_cue,
    penta_class,
    plover_type,
)
from geopol.events.coder import analyse, dateline_end
from geopol.events.codes import cameo_table, polarity, quad_class
from geopol.events.frames import framed_code, intent_code, refusal_code
from geopol.events.lexicon import compile_pattern, inflect, parse_lexicon, plural
from geopol.events.matcher import find_matches
from geopol.events.tokens import tokenize
from geopol.records import Document, Event, Mention, OffsetMap, Sentence


def only(text: str) -> Event:
    events = code_text(text)
    assert len(events) == 1, [(e.cameo, e.trigger.text) for e in events]
    return events[0]


def actor(event: Event, role: str) -> str | None:
    mention = event.source if role == "source" else event.target
    return mention.actor_id if mention is not None else None


# --------------------------------------------------------------------------- code table
def test_code_table_has_every_root_and_known_goldstein_values() -> None:
    table = cameo_table()
    assert {code[:2] for code in table} == {f"{r:02d}" for r in range(1, 21)}
    assert cameo("190").goldstein == -10.0
    assert cameo("057").goldstein == 8.0
    assert cameo("0231").name.startswith("Appeal for economic aid")


def test_quad_penta_plover_and_polarity_follow_the_root() -> None:
    assert [quad_class(c) for c in ("042", "073", "112", "190")] == [1, 2, 3, 4]
    assert penta_class("010") == "STATEMENT"
    assert penta_class("036") == "VERBAL_COOPERATION"
    assert penta_class("0841") == "MATERIAL_COOPERATION"
    assert penta_class("163") == "VERBAL_CONFLICT"  # reduce relations counts as verbal
    assert penta_class("145") == "MATERIAL_CONFLICT"
    assert plover_type("0871") == "RETREAT"
    assert plover_type("0841") == "RETREAT"
    assert plover_type("1123") == "ACCUSE"
    assert plover_type("010") == ""  # PLOVER has no plain statement
    assert polarity("010") == "neutral" and polarity("061") == "cooperative"
    assert all(plover_type(c) in (*PLOVER_TYPES, "") for c in cameo_table())
    assert set(PENTA_CLASSES) == {penta_class(c) for c in cameo_table()}


# --------------------------------------------------------------------------- lexicon
def test_inflection_covers_regular_irregular_and_doubling_verbs() -> None:
    assert set(inflect("attack")) == {"attack", "attacks", "attacked", "attacking"}
    assert {"seize", "seizes", "seized", "seizing"} <= set(inflect("seize"))
    assert {"ban", "banned", "banning"} <= set(inflect("ban"))
    assert {"withdrew", "withdrawn", "withdrawing"} <= set(inflect("withdraw"))
    assert {"cancelled", "canceled"} <= set(inflect("cancel"))
    assert {"visited", "visiting"} <= set(inflect("visit"))
    assert {"expelled"} <= set(inflect("expel"))
    assert plural("speech") == "speeches" and plural("ally") == "allies"


def test_pattern_syntax_gaps_and_alternatives() -> None:
    patterns = compile_pattern("@lift|@ease * sanctions|arms embargo", "085", "v", "-", 0)
    assert len(patterns) == 2  # one per phrase after the gap
    lexicon = parse_lexicon("085\tv\t-\t@lift|@ease * sanctions|arms embargo\n")
    tokens = tokenize("They eased the remaining arms embargo.")
    [match] = find_matches(tokens, lexicon)
    assert match.pattern.code == "085"
    assert [tokens[i].text for i in match.positions] == ["eased", "arms", "embargo"]
    with pytest.raises(ValueError):
        parse_lexicon("085\tv\tnot-a-frame\t@lift\n")


def test_longer_pattern_and_blocker_win() -> None:
    lexicon = parse_lexicon(
        "190\tv\t-\t@attack\n111\tv\tabsorb\t@attack * policy\n-\tx\t-\theart attack+\n"
    )
    codes = [m.pattern.code for m in find_matches(tokenize("He attacked the policy."), lexicon)]
    assert codes == ["111"]
    assert find_matches(tokenize("He died of a heart attack."), lexicon) == []


def test_a_verb_form_after_a_determiner_is_a_noun() -> None:
    lexicon = parse_lexicon("190\tv\t-\t@attack\n")
    assert find_matches(tokenize("The attack was condemned."), lexicon) == []
    assert len(find_matches(tokenize("Rebels attack the town."), lexicon)) == 1


# --------------------------------------------------------------------------- coding
def test_plain_attack_with_source_and_target() -> None:
    event = only("Kenyan troops attacked al-Shabaab positions near the border on Monday.")
    assert event.cameo[:2] == "19" and event.plover == "ASSAULT"
    assert event.quad_class == 4 and event.goldstein == -10.0
    assert actor(event, "source") == "KEN"
    assert event.modality == "asserted" and not event.negated
    assert event.trigger.text == "attacked"


def test_passive_voice_swaps_the_roles() -> None:
    event = only("The Ukrainian convoy was attacked by Russian forces near Kharkiv.")
    assert event.cameo[:2] == "19"
    assert actor(event, "source") == "RUS"
    assert actor(event, "target") == "UKR"


def test_nominal_event_takes_its_modifier_as_source() -> None:
    event = only("Israeli air strikes on Hezbollah targets continued overnight.")
    assert event.cameo == "195"
    assert actor(event, "source") == "ISR"
    assert actor(event, "target") == "HEZBOLLAH"


def test_accusation_is_coded_as_accusation_not_as_the_attack() -> None:
    event = only("Pakistan accused India of shelling villages in Kashmir.")
    assert event.cameo.startswith("112")
    assert event.plover == "ACCUSE"
    assert actor(event, "source") == "PAK"
    assert actor(event, "target") == "IND"


def test_denial_negates_the_denied_act() -> None:
    event = only("Belarus denied sending troops to Ukraine.")
    assert event.modality == "negated" and event.negated
    assert actor(event, "source") == "BLR"
    assert event.cameo[:2] != "01"


def test_explicit_negation() -> None:
    event = only("Egypt did not attack Libya.")
    assert event.cameo[:2] == "19"
    assert event.modality == "negated"


def test_hedged_predicted_and_conditional_modality() -> None:
    assert only("Venezuela reportedly seized a Guyanese fishing vessel.").modality == "hedged"
    assert only("Chile may expel the Bolivian ambassador.").modality == "hedged"
    signed = only("Vietnam will sign a trade agreement with Japan next week.")
    assert signed.modality == "predicted"
    assert signed.plover == "AGREE" and signed.cameo[:2] == "03"  # an intent, not a signing
    threat = only("China said it would retaliate if Lithuania opened a Taiwanese office.")
    assert threat.modality == "conditional"
    assert threat.cameo[:2] == "13"


def test_will_not_cooperate_is_a_rejection() -> None:
    event = only("Poland will not accept any migrants under the relocation plan.")
    assert event.cameo[:2] == "12"
    assert event.modality == "asserted"


def test_frames_turn_the_complement_into_the_code() -> None:
    appeal = only("France urged Russia to withdraw its troops from Moldova.")
    assert appeal.cameo == "0256" and actor(appeal, "target") == "RUS"
    threat = only("Turkey threatened to impose sanctions on Sweden.")
    assert threat.cameo == "1312"
    refusal = only("Serbia refused to release the Kosovar detainees.")
    assert refusal.cameo == "1243"
    demand = only("Morocco demanded the release of its fishermen from Spain.")
    assert demand.cameo[:2] == "10"


def test_reported_event_is_coded_without_the_statement() -> None:
    event = only("Officials in Nairobi said Somali militants had attacked a Kenyan border post.")
    assert event.cameo[:2] == "19"


def test_multi_event_sentence_shares_the_subject() -> None:
    events = code_text("Modi met Sheikh Hasina in Delhi and signed a water-sharing agreement.")
    codes = [e.cameo for e in events]
    assert codes[0][:2] == "04" and "057" in codes
    signed = next(e for e in events if e.cameo == "057")
    assert signed.source is not None and signed.source.actor_id == events[0].source.actor_id  # type: ignore[union-attr]


def test_sentence_without_event_or_actor_codes_nothing() -> None:
    assert code_text("The weather in the capital was mild and sunny.") == []
    assert code_text("A man was charged with stealing a bicycle.") == []  # no political actor


def test_generic_agent_keeps_the_event_with_unknown_source() -> None:
    event = only("Police arrested eleven students after the rally.")
    assert event.cameo == "173"
    assert event.source is None  # "police" names no one: UNKNOWN, never a guess


def test_prefilter() -> None:
    assert has_event_cue("Saudi Arabia signed a deal.")
    assert not has_event_cue("The museum has a new wing in the old town.")


# --------------------------------------------------------------------------- roles
def roles(
    text: str, actors: dict[str, tuple[str, str]]
) -> list[tuple[str, str | None, str | None]]:
    """(code, source text, target text) of every event, with hand-made mentions
    ({surface: (actor id, CAMEO code)}), so the test does not depend on the actor stage."""
    placed = []
    for surface, (ident, code) in actors.items():
        start = text.index(surface)
        placed.append(
            (
                start,
                start + len(surface),
                Mention(ident, surface, start, start + len(surface), cameo=code),
            )
        )

    def name(span: object) -> str | None:
        return span.mention.text if span is not None else None  # type: ignore[attr-defined]

    return [(e.code, name(e.source), name(e.target)) for e in analyse(text, placed)]


def test_a_mention_inside_an_appositive_is_not_the_subject() -> None:
    text = "Pakistan, a close U.S. partner, has refused to send troops to Somalia."
    actors = {"Pakistan": ("PAK", "PAK"), "U.S.": ("USA", "USA"), "Somalia": ("SOM", "SOM")}
    [(code, source, target)] = roles(text, actors)
    assert code[:2] == "12" and source == "Pakistan" and target == "Somalia"


def test_two_parties_of_one_country_but_not_a_sector_and_its_own_state() -> None:
    text = "Kenyan teachers called off their strike after talks with the Kenyan government."
    actors = {"Kenyan teachers": ("KEN", "KENEDU"), "Kenyan government": ("KEN", "KENGOV")}
    [(_, source, target)] = roles(text, actors)
    assert source == "Kenyan teachers" and target == "Kenyan government"
    text = "Egyptian police detained Egypt's best-known blogger."
    [(code, source, target)] = roles(
        text, {"Egyptian police": ("EGY", "EGYCOP"), "Egypt": ("EGY", "EGY")}
    )
    assert code == "173" and source == "Egyptian police" and target is None


def test_a_country_adjective_of_a_place_is_no_agent() -> None:
    text = "Rebels from the western Chadian border region attacked Sudanese troops."
    actors = {"Chadian": ("TCD", "TCD"), "Sudanese troops": ("SDN", "SDNMIL")}
    [(code, source, target)] = roles(text, actors)
    assert code[:2] == "19" and source is None and target == "Sudanese troops"
    # "the Israeli side" is a party, not a place
    text = "The Israeli side rejected the Egyptian proposal."
    actors = {"Israeli": ("ISR", "ISR"), "Egyptian": ("EGY", "EGY")}
    [(code, source, _)] = roles(text, actors)
    assert code[:2] == "12" and source == "Israeli"


def test_datelines_with_a_date_or_a_country_name_no_party() -> None:
    for line in ("BAMAKO, March 3 (AFP) -- ", "NIAMEY, Oct. 2 -- ", "OUAGADOUGOU, Burkina Faso "):
        assert dateline_end(line + "Troops arrested ten smugglers.") == len(line)
    assert dateline_end("NATO, Russia agree to hold talks.") == 0
    text = "NIAMEY, Oct. 2 -- Troops arrested ten smugglers, officials said."
    [(code, source, _)] = roles(text, {"NIAMEY": ("NER", "NERGOV")})
    assert code == "173" and source is None


def test_a_participle_describing_a_noun_frames_nothing() -> None:
    text = "The rebels, backed by Rwanda, seized the town of Goma from Congolese forces."
    actors = {"Rwanda": ("RWA", "RWA"), "Congolese forces": ("COD", "CODMIL")}
    assert [code for code, _, _ in roles(text, actors)] == ["192"]


def test_the_parse_settles_roles_word_order_leaves_open() -> None:
    from geopol.events.coder import roles_ambiguous
    from geopol.events.parse import parse_text

    text = "Ugandan troops fighting beside the Somali army attacked al-Shabaab fighters."
    names = {"Ugandan troops": "UGA", "Somali army": "SOM", "al-Shabaab": "SHB"}
    placed = []
    for surface, ident in names.items():
        start = text.index(surface)
        placed.append(
            (start, start + len(surface), Mention(ident, surface, start, start + len(surface)))
        )
    shallow = analyse(text, placed)
    assert roles_ambiguous(shallow)  # two actors before "attacked"
    parse = parse_text(text)
    if parse is None:
        pytest.skip("spaCy model not installed")
    attack = next(
        e
        for e in analyse(text, placed, parse=parse)
        if e.target and e.target.mention.actor_id == "SHB"
    )
    assert attack.source is not None and attack.source.mention.actor_id == "UGA"
    assert not roles_ambiguous(analyse(text, placed, parse=parse))


def _placed(text: str, names: dict[str, str]) -> list[tuple[int, int, Mention]]:
    placed = []
    for surface, ident in names.items():
        start = text.index(surface)
        placed.append(
            (start, start + len(surface), Mention(ident, surface, start, start + len(surface)))
        )
    return placed


@pytest.mark.parametrize(
    ("text", "names", "open_roles"),
    [
        # no target, and the actor after the trigger is in the trigger's own clause
        (
            "Chile lifted the long ban on the export of fruit grown by farmers of Peru.",
            {"Chile": "CHL", "Peru": "PER"},
            True,
        ),
        # ... or behind a clause-opening word, where the parse does not look for the object
        (
            "Chile lifted the long ban on the export of fruit grown in the north where "
            "farmers of Peru work.",
            {"Chile": "CHL", "Peru": "PER"},
            False,
        ),
        # one actor before the trigger, a comma between: no other subject to choose from
        ("Chile, on Monday, expelled the envoys.", {"Chile": "CHL"}, False),
        # the one actor before a passive trigger is its target: nothing left to choose
        ("Peruvian envoys were expelled on Monday.", {"Peruvian": "PER"}, False),
        # a party and a place before the trigger, the party taken as source: settled
        (
            "Chilean troops based in Peru attacked Bolivian rebels.",
            {"Chilean": "CHL", "Peru": "PER", "Bolivian": "BOL"},
            False,
        ),
        # ... but where word order took the place as source, the parse may correct it
        (
            "Chilean troops in Peru attacked Bolivian rebels.",
            {"Chilean": "CHL", "Peru": "PER", "Bolivian": "BOL"},
            True,
        ),
        # two actors before the trigger: which is the subject is open
        (
            "Chile and Peru on Monday expelled the envoys.",
            {"Chile": "CHL", "Peru": "PER"},
            True,
        ),
    ],
)
def test_a_parse_is_asked_for_only_where_it_can_change_roles(
    text: str, names: dict[str, str], open_roles: bool
) -> None:
    from geopol.events.coder import roles_ambiguous

    events = analyse(text, _placed(text, names))
    assert events, "the sentence codes an event"
    assert roles_ambiguous(events) == open_roles


def test_json_batches_keep_the_input_order_and_the_errors() -> None:
    from geopol.events.sentence import code_json_batches

    lines = [
        json.dumps({"id": "a", "text": "Chad expelled the French ambassador."}),
        "not json",
        "",
        json.dumps({"id": "b", "text": "The weather was mild."}),
        json.dumps({"id": "c", "text": "Turkish jets struck PKK positions."}),
    ]
    rows = [row for batch in code_json_batches(lines, batch_size=2) for row in batch]
    assert [row["id"] for row in rows] == ["a", None, "b", "c"]  # the blank line is skipped
    assert rows == [code_json_line(line) for line in lines if line]
    assert rows[0]["events"][0]["cameo"] == "161" and rows[2]["events"] == []


@pytest.mark.slow
def test_json_batches_on_two_processes_match_one() -> None:
    from geopol.events.sentence import code_json_batches

    texts = ["Chad expelled the French ambassador.", "Turkish jets struck PKK positions."] * 6
    lines = [json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)]
    one = [row for batch in code_json_batches(lines, batch_size=3) for row in batch]
    two = [row for batch in code_json_batches(lines, batch_size=3, workers=2) for row in batch]
    assert two == one and [row["id"] for row in two] == [str(i) for i in range(12)]


def test_participles_before_a_noun_are_adjectives() -> None:
    text = "Ousted President Kabila has agreed to step down."
    [(code, source, _)] = roles(text, {"President Kabila": ("KABILA", "COD")})
    assert code[:2] == "03" and source == "President Kabila"  # an intent, no coup ("oust")
    text = "Chile is investigating alleged abuses by Peruvian soldiers."
    actors = {"Chile": ("CHL", "CHL"), "Peruvian soldiers": ("PER", "PERMIL")}
    assert [(c, t) for c, _, t in roles(text, actors)] == [("092", "Peruvian soldiers")]


def test_a_protest_keeps_its_purpose_as_target() -> None:
    text = (
        "Bolivian miners began a hunger strike to demand the resignation of the Bolivian president."
    )
    actors = {"Bolivian miners": ("BOL", "BOLLAB"), "Bolivian president": ("BOL", "BOLGOV")}
    coded = roles(text, actors)
    assert coded[0] == ("142", "Bolivian miners", "Bolivian president")
    # "failed to reach" is no purpose: the summit is the subject of a failure, not an event
    text = "The summit between Peru and Chile failed to reach agreement."
    actors = {"Peru": ("PER", "PER"), "Chile": ("CHL", "CHL")}
    assert [code[:2] for code, _, _ in roles(text, actors)] == ["12"]


def test_more_cameo_verbs() -> None:
    assert (
        only("Ethiopia has strengthened its forces along the border with Eritrea.").plover
        == "MOBILIZE"
    )
    assert only("Armenian separatists have sworn to fight Azerbaijan.").plover == "THREATEN"
    assert plover_type("0863") == "RETREAT" and plover_type("0861") == "RETREAT"


def test_a_stance_participle_is_not_passive() -> None:
    text = "Peru is opposed to Chilean mediation in the dispute with Bolivia."
    actors = {"Peru": ("PER", "PER"), "Chilean": ("CHL", "CHL"), "Bolivia": ("BOL", "BOL")}
    [(code, source, target)] = roles(text, actors)
    assert code == "126" and source == "Peru" and target == "Chilean"


def test_peacekeepers_arriving_bring_aid_and_extradition_is_cooperation() -> None:
    arrived = only("Ghanaian peacekeeping troops arrived in Liberia on Monday.")
    assert arrived.cameo == "074" and arrived.plover == "AID"
    handed = only("Kenya extradited a Tanzanian suspect to Tanzania on Sunday.")
    assert handed.cameo == "063" and handed.plover == "COOPERATE"


def test_what_is_no_event() -> None:
    # a statement noun in a background phrase, a celebration of a holiday
    assert code_text("Brazil's foreign minister listened during a news conference in Lima.") == []
    assert code_text("Vietnam celebrates fifty years of independence this week.") == []
    # "is to propose": a verb, an intent
    assert only("The African Union is to propose changes to the charter.").cameo == "030"


def test_an_s_form_before_a_comma_or_preposition_is_a_noun() -> None:
    text = (
        "Recent Kenyan Reaper attacks, carried out every week, have killed six Shabaab commanders."
    )
    actors = {"Kenyan": ("KEN", "KEN"), "Shabaab": ("SHB", "SHB")}
    assert roles(text, actors)[-1] == ("1823", "Kenyan", "Shabaab")
    assert [c for c, _, _ in roles(text, actors)].count("190") == 0  # no verb "attacks"


def test_a_protest_verb_takes_the_target_of_its_purpose() -> None:
    text = "Students in Dhaka staged rallies to demand reforms by the Bangladeshi government."
    actors = {"Dhaka": ("BGD", "BGDGOV"), "Bangladeshi government": ("BGD", "BGDGOV")}
    first = roles(text, actors)[0]
    assert first[0][:2] == "14" and first[2] == "Bangladeshi government"


def test_reported_obligation_targets_the_obliged_and_adverbs_do_not_split_clauses() -> None:
    text = "The former premier of Peru said the Peruvian government must release the activists."
    actors = {"premier of Peru": ("PER", "PERGOV"), "Peruvian government": ("PER", "PERGOV")}
    [(code, source, target)] = roles(text, actors)
    assert code[:2] == "10" and source == "premier of Peru" and target == "Peruvian government"
    text = "Chile's foreign minister meanwhile rejected the Bolivian proposal."
    [(code, source, _)] = roles(text, {"Chile's foreign minister": ("CHL", "CHLGOV")})
    assert code[:2] == "12" and source == "Chile's foreign minister"


def test_the_parse_gives_a_light_verb_object_its_subject_and_receiver() -> None:
    from geopol.events.parse import parse_text

    text = "Obama gave Putin a stern warning about Ukraine."
    placed = [
        (0, 5, Mention("OBAMA", "Obama", 0, 5)),
        (11, 16, Mention("PUTIN", "Putin", 11, 16)),
    ]
    parse = parse_text(text)
    if parse is None:
        pytest.skip("spaCy model not installed")
    [warning] = analyse(text, placed, parse=parse)
    assert warning.code[:2] == "13"
    assert warning.source is not None and warning.source.mention.actor_id == "OBAMA"
    assert warning.target is not None and warning.target.mention.actor_id == "PUTIN"


# --------------------------------------------------------------------------- records
def test_code_sentence_uses_raw_offsets_and_exact_evidence() -> None:
    raw = "Intro text. Greek coastguards detained Turkish fishermen."
    start = raw.index("Greek")
    sentence = Sentence("doc1", 1, start, len(raw), raw[start:], start, len(raw))
    mentions = [
        Mention("GRC", "Greek coastguards", start, start + 17, "doc1", 1),
        Mention("TUR", "Turkish fishermen", raw.index("Turkish"), raw.index("Turkish") + 17),
    ]
    [event] = code_sentence(sentence, mentions)
    assert event.doc_id == "doc1" and event.sentence_index == 1
    assert raw[event.trigger.start : event.trigger.end] == event.trigger.text == "detained"
    assert raw[event.evidence.start : event.evidence.end] == event.evidence.text
    assert event.source is mentions[0] and event.target is mentions[1]
    assert event.extractor.startswith("geopol.events")
    assert 0 < event.confidence <= 1
    assert list(code_sentences([(sentence, mentions)])) == [[event]]


def test_code_document_maps_clean_offsets_back_to_raw() -> None:
    raw = "Chad  expelled   the French ambassador."
    clean = "Chad expelled the French ambassador."
    # runs: "Chad" copy, "  "->" ", "expelled" copy, "   "->" ", rest copy
    offsets = OffsetMap([0, 4, 5, 13, 14], [0, 4, 6, 14, 17], [4, 6, 14, 17, len(raw)], len(clean))
    doc = Document("d", "d.txt", raw, clean_text=clean, offsets=offsets)
    sentence = Sentence("d", 0, 0, len(raw), clean, 0, len(clean))
    mentions = [
        Mention("TCD", "Chad", 0, 4, "d", 0, clean_start=0, clean_end=4),
        Mention("FRA", "French ambassador", 21, 38, "d", 0, clean_start=18, clean_end=35),
    ]
    [event] = code_document(doc, [sentence], mentions)
    assert event.cameo == "161"
    assert raw[event.trigger.start : event.trigger.end] == "expelled"
    assert event.evidence.text == raw


def test_code_json_line_matches_the_design_contract() -> None:
    row = code_json_line(json.dumps({"id": "s1", "text": "Turkish jets struck PKK positions."}))
    assert row["id"] == "s1"
    [event] = row["events"]
    assert set(event) == {
        "cameo",
        "plover",
        "quad_class",
        "goldstein",
        "source",
        "target",
        "negated",
    }
    assert event["source"] == {"text": "Turkish jets", "code": "TUR", "span": [0, 12]}
    assert event["target"]["code"] == "PKK"
    assert event["negated"] is False
    assert code_json_line('{"id": "x"}')["error"] == "no text field"
    assert code_json_line("not json")["events"] == []


# --------------------------------------------------------------------------- frames
def test_frame_tables() -> None:
    assert framed_code("appeal", "0841", "020") == "0253"
    assert framed_code("demand", "087", "100") == "1056"
    assert framed_code("refuse", "046", "120") == "125"
    assert framed_code("threaten", "163", "130") == "1312"
    assert framed_code("intend", "190", "030") == "1384"  # a vow to attack is a threat
    assert framed_code("appeal", "046", "026") == "026"  # a specific pattern stays
    assert intent_code("073") == "0333" and intent_code("112") == "112"
    assert refusal_code("085") == "1244"


# --------------------------------------------------------------------------- user model
def test_backup_classifier_lives_only_in_the_user_model_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geopol.events import classifier
    from geopol.events.train import train

    folder = tmp_path
    packaged = Path(classifier.__file__).resolve().parent.parent / "data" / "events"
    assert not list(packaged.rglob("*.json")), "no trained model may ship in the package"
    monkeypatch.setenv("GEOPOL_MODEL_DIR", str(folder / "models"))
    assert classifier.model_path() == folder / "models" / classifier.MODEL_FILE
    assert classifier.default_model() is None  # nothing trained: the rules work alone
    bench = folder / "bench"
    bench.mkdir()
    made_up = [
        ("The two ministers discussed trade and signed a pact on fishing.", "VERBAL_COOPERATION"),
        ("Delegates praised the pact and promised more trade talks.", "VERBAL_COOPERATION"),
        (
            "Artillery shelled the border villages and troops fired on the crowd.",
            "MATERIAL_CONFLICT",
        ),
        ("Troops fired rockets and artillery shelled the town.", "MATERIAL_CONFLICT"),
    ]
    with (bench / "records.jsonl").open("w") as handle:
        for i, (text, label) in enumerate(made_up * 2):
            row = {"id": str(i), "text": text, "label": label, "split": "train"}
            handle.write(json.dumps(row) + "\n")
        handle.write(json.dumps({"id": "t", "text": "x", "label": "STATEMENT", "split": "test"}))
    assert train(bench) == 8  # the train split only
    model = classifier.default_model()
    assert model is not None and set(model.classes) == {"VERBAL_COOPERATION", "MATERIAL_CONFLICT"}
    assert model.predict("artillery shelled the villages")[0] == "MATERIAL_CONFLICT"
    assert "GPL" in json.loads(classifier.model_path().read_text())["license"]


def test_an_ing_form_after_its_noun_describes_it_and_the_next_verb_is_the_event() -> None:
    text = "The alliance fighting the Movimento rebels declared a ceasefire on Friday."
    actors = {"The alliance": ("NATO", "IGO"), "Movimento rebels": ("XYZ", "XYZREB")}
    codes = [code for code, _, _ in roles(text, actors)]
    assert codes and codes[0].startswith("087") and "190" not in codes
    # without a verb after it the "-ing" form is the event
    alone = "The alliance fighting the Movimento rebels"
    assert [code for code, _, _ in roles(alone, actors)] == ["190"]


def test_war_games_of_two_armies_are_military_cooperation() -> None:
    actors = {"Chilean": ("CHL", "CHLMIL"), "Peruvian warships": ("PER", "PERMIL")}
    joint = "Chilean and Peruvian warships began war games off the coast on Monday."
    assert [code for code, _, _ in roles(joint, actors)] == ["062"]
    alone = {"Peruvian warships": ("PER", "PERMIL")}
    solo = "Peruvian warships began war games off the coast on Monday."
    assert [code for code, _, _ in roles(solo, alone)] == ["150"]
    assert [code for code, _, _ in roles("Peruvian warships began joint war games.", alone)] == [
        "062"
    ]


def test_asking_someone_to_act_is_an_appeal_but_calling_for_sanctions_a_demand() -> None:
    # verb content: "urged X to impose sanctions" stays the appeal (02)
    assert framed_code("appeal", "163", "020", content_is_verb=True) == "020"
    # noun content: "called for sanctions" is a demand (10)
    assert framed_code("appeal", "163", "020")[:2] == "10"
    # a demand of force is a demand whatever the form
    assert framed_code("demand", "190", "100", content_is_verb=True)[:2] == "10"


def test_pushing_for_a_change_is_an_appeal() -> None:
    actors = {"The Ruritanian government": ("RUR", "RURGOV")}
    text = "The Ruritanian government has pushed for reforms of the electoral law."
    assert [code[:2] for code, _, _ in roles(text, actors)] == ["02"]


def test_a_gerund_after_a_preposition_is_background() -> None:
    actors = {"Ruritanian troops": ("RUR", "RURMIL")}
    text = "Ruritanian troops remained on alert in case of more fighting."
    assert [code for code, _, _ in roles(text, actors)] == ["152"]


def test_a_participle_describing_the_subject_does_not_take_the_event_as_object() -> None:
    actors = {"Ruritanian forces": ("RUR", "RURMIL"), "Borduria": ("BOR", "BOR")}
    text = "Ruritanian forces backed by Borduria continued their attacks on the town."
    assert [code[:2] for code, _, _ in roles(text, actors)] == ["19"]


def test_the_speaker_of_a_closing_attribution_is_no_target() -> None:
    actors = {
        "Ruritanian troops": ("RUR", "RURMIL"),
        "Borduria": ("BOR", "BOR"),
        "Foreign Minister Anna Varga": ("VARGA", "RURGOV"),
    }
    text = "Ruritanian troops attacked Borduria, Foreign Minister Anna Varga said."
    assert roles(text, actors)[0] == ("190", "Ruritanian troops", "Borduria")
    text = "Ruritanian troops have arrived in the region, Foreign Minister Anna Varga said."
    del actors["Borduria"]
    coded = roles(text, actors)
    assert coded and all(target != "Foreign Minister Anna Varga" for _, _, target in coded)


def test_holding_people_as_human_shields() -> None:
    actors = {"The Ruritanian army": ("RUR", "RURMIL"), "Bordurian villagers": ("BOR", "BORCVL")}
    text = "The Ruritanian army has been holding Bordurian villagers as human shields."
    assert roles(text, actors)[0] == ("184", "The Ruritanian army", "Bordurian villagers")


def test_donors_and_goods_handed_over_by_their_worth_are_aid() -> None:
    actors = {"Ruritania": ("RUR", "RUR"), "Borduria": ("BOR", "BOR")}
    text = "Ruritania remains the largest single donor to Borduria."
    assert [code for code, _, _ in roles(text, actors)] == ["070"]
    text = "Ruritania handed over two million dollars worth of medical equipment to Borduria."
    assert roles(text, actors)[0][0] == "070"


def test_suspended_supplies_are_reduced_aid_and_attack_helicopters_no_attack() -> None:
    actors = {"Ruritania": ("RUR", "RUR"), "Borduria": ("BOR", "BOR")}
    text = "Ruritania has suspended food supplies to Borduria."
    assert [code for code, _, _ in roles(text, actors)] == ["162"]
    text = "Ruritania has offered Borduria two attack helicopters."
    assert all(code[:2] not in ("13", "19") for code, _, _ in roles(text, actors))


def test_an_ing_form_after_the_object_describes_the_object() -> None:
    actors = {"Ruritanian police": ("RUR", "RURCOP"), "Bordurian inspectors": ("BOR", "BORGOV")}
    text = "Ruritanian police arrested Bordurian inspectors investigating the mine."
    assert [code for code, _, _ in roles(text, actors)] == ["173"]


def test_the_receiver_of_a_gift_or_return_follows_to() -> None:
    actors = {
        "Ruritania": ("RUR", "RUR"),
        "Bordurian": ("BOR", "BOR"),
        "the Bordurian government": ("BOR", "BORGOV"),
    }
    # "Bordurian" inside the object comes first; the receiver follows "to"
    text = "Ruritania returned six old Bordurian paintings to the Bordurian government."
    assert roles(text, actors)[0] == ("0842", "Ruritania", "the Bordurian government")


def test_the_one_called_is_the_target_of_the_act_that_follows() -> None:
    actors = {"Ruritanian President Anna Varga": ("VARGA", "RURGOV"), "Borduria": ("BOR", "BOR")}
    text = "Ruritanian President Anna Varga called Borduria to apologize for the incident."
    assert roles(text, actors)[0] == ("055", "Ruritanian President Anna Varga", "Borduria")


def test_hitting_military_targets_is_an_attack_by_the_speaker_it_refers_to() -> None:
    actors = {"The Ruritanian army": ("RUR", "RURMIL"), "Bordurian": ("BOR", "BOR")}
    text = "The Ruritanian army said it hit five Bordurian bases overnight."
    assert roles(text, actors)[0][:2] == ("190", "The Ruritanian army")
    # "hit by a recession" is no attack
    del actors["Bordurian"]
    assert roles("The Ruritanian army was hit by budget cuts.", actors) == []
