"""A small hand-built store for the API and dashboard tests: invented states and groups,
texts written for these tests, relations with exact evidence offsets, one denied relation,
and one hostile document that carries HTML and script tags as plain text."""

from __future__ import annotations

from dataclasses import dataclass

from geopol.records import (
    Actor,
    DateInfo,
    Document,
    Event,
    Evidence,
    Mention,
    OffsetMap,
    Processed,
    Relation,
    Sentence,
    content_id,
)

ACTORS = {
    "RUR": Actor("RUR", "Ruritania", "state", "RUR", aliases=("Ruritanian", "Strelsau")),
    "FRE": Actor("FRE", "Freedonia", "state", "FRE"),
    "SYL": Actor("SYL", "Sylvania", "state", "SYL"),
    "BOR": Actor("BOR", "Borduria", "state", "BOR"),
    "SYD": Actor("SYD", "Syldavia", "state", "SYD"),
    "NMA": Actor("NMA", "Northern Maritime Alliance", "igo"),
    "BPF": Actor("BPF", "Black Pelican Front", "non_state_armed_group"),
}


@dataclass(frozen=True, slots=True)
class Claim:
    sentence: str
    source: str
    target: str
    relation: str
    polarity: str
    modality: str = "asserted"
    date: str | None = None
    cameo: str = "010"
    goldstein: float = 0.0


def _sent(s: str, src: str, tgt: str, rel: str, pol: str, **kw: object) -> Claim:
    return Claim(s, src, tgt, rel, pol, **kw)  # type: ignore[arg-type]


# fmt: off
DOCS: list[tuple[str, str, str, list[Claim | str]]] = [
    (
        "strelsau_wire.txt",
        "2023-03-02",
        "Ruritania and Freedonia seal a defence pact",
        [
            "STRELSAU, 2 March 2023.",
            _sent("Ruritania and Freedonia signed a mutual defence pact on 1 March 2023.",
                  "RUR", "FRE", "alliance", "cooperative", date="2023-03-01", cameo="0571",
                  goldstein=8.0),
            _sent("Freedonia pledged naval patrols alongside Ruritanian ships in the strait.",
                  "FRE", "RUR", "military_cooperation", "cooperative", date="2023-03",
                  cameo="0571", goldstein=7.0),
            "Officials in both capitals called the pact a turning point.",
            _sent("Borduria condemned the pact as a threat to the region.",
                  "BOR", "RUR", "tension", "conflictual", date="2023-03", cameo="122",
                  goldstein=-4.0),
        ],
    ),
    (
        "borduria_border_report.md",
        "2023-06-20",
        "Shelling on the Bordurian frontier",
        [
            "# Border report",
            _sent("Bordurian artillery shelled Ruritanian border posts in June 2023.",
                  "BOR", "RUR", "attack", "conflictual", date="2023-06", cameo="195",
                  goldstein=-10.0),
            _sent("Ruritania imposed sanctions on Borduria after the shelling.",
                  "RUR", "BOR", "sanction", "conflictual", date="2023-06", cameo="163",
                  goldstein=-8.0),
            _sent("Borduria has supplied rifles to the Black Pelican Front since 2021.",
                  "BOR", "BPF", "support_armed_group", "cooperative", date="2021",
                  cameo="074", goldstein=4.0),
            _sent("Ruritania denied that it had ever armed the Black Pelican Front.",
                  "RUR", "BPF", "support_armed_group", "cooperative", modality="negated",
                  cameo="074"),
        ],
    ),
    (
        "syldavia_statement.html",
        "2024-01-15",
        "Syldavia stays out",
        [
            _sent("Syldavia declared its neutrality in the dispute between Ruritania and Borduria.",
                  "SYD", "RUR", "neutrality", "neutral", date="2024-01", cameo="014"),
            _sent("Syldavia and Sylvania renewed their gas supply deal in January 2024.",
                  "SYD", "SYL", "trade_energy", "cooperative", date="2024-01", cameo="0611",
                  goldstein=6.0),
            _sent("Sylvania joined the Northern Maritime Alliance in 2022.",
                  "SYL", "NMA", "membership", "cooperative", date="2022", cameo="0572",
                  goldstein=5.0),
            _sent("Ruritania is a founding member of the Northern Maritime Alliance.",
                  "RUR", "NMA", "membership", "cooperative", cameo="0572", goldstein=5.0),
        ],
    ),
    (
        "freedonia_mediation.txt",
        "2024-05-10",
        "Freedonia hosts talks",
        [
            _sent("Freedonia mediated talks between Sylvania and Borduria in May 2024.",
                  "FRE", "BOR", "mediation", "cooperative", date="2024-05", cameo="043",
                  goldstein=3.0),
            _sent("The Black Pelican Front attacked a Freedonian convoy near the border.",
                  "BPF", "FRE", "attack", "conflictual", date="2024-05", cameo="190",
                  goldstein=-10.0),
        ],
    ),
    (
        "hostile_page.html",
        "2024-02-01",
        "<b>Not bold</b> page",
        [
            "<script>window.__pwned = 1;</script><img src=x onerror=\"window.__pwned = 2\">",
            _sent("Sylvania warned Borduria <script>window.__pwned = 3;</script> over its drills.",
                  "SYL", "BOR", "tension", "conflictual", date="2024-02", cameo="130",
                  goldstein=-4.0),
        ],
    ),
]
# fmt: on

HOSTILE_SOURCE = "hostile_page.html"


def _document(source: str, published: str, title: str, parts: list[Claim | str]) -> Processed:
    texts = [p if isinstance(p, str) else p.sentence for p in parts]
    text = "\n\n".join(texts) + "\n"
    doc_id = content_id(text)
    doc = Document(id=doc_id, source=source, raw_text=text, title=title, published=published,
                   clean_text=text, offsets=OffsetMap.identity(len(text)))  # fmt: skip
    sentences, mentions, events, relations = [], [], [], []
    cursor = 0
    for index, (part, sentence_text) in enumerate(zip(parts, texts, strict=True)):
        start = text.index(sentence_text, cursor)
        end = start + len(sentence_text)
        cursor = end
        sentences.append(Sentence(doc_id, index, start, end, sentence_text, start, end))
        if isinstance(part, str):
            continue
        found = {a: _mention(text, doc_id, index, start, end, ACTORS[a])
                 for a in (part.source, part.target)}  # fmt: skip
        mentions += [m for m in found.values() if m is not None]
        evidence = Evidence(sentence_text, start, end)
        date = (
            DateInfo(part.date, _precision(part.date), part.date, "stated") if part.date else None
        )
        event_id = f"{doc_id}-e{index}"
        if found[part.source] and found[part.target]:
            events.append(
                Event(event_id, doc_id, index, part.cameo, "AGREE" if part.goldstein >= 0
                      else "ASSAULT", 1 if part.goldstein >= 0 else 4, part.goldstein,
                      part.polarity, part.modality, found[part.source], found[part.target],  # type: ignore[arg-type]
                      evidence, evidence, date, 0.7, "hand")
            )  # fmt: skip
        relations.append(
            Relation(f"{doc_id}-r{index}", doc_id, index, part.source, part.target,
                     part.relation, part.polarity, part.modality,  # type: ignore[arg-type]
                     part.relation in ("alliance", "membership", "trade_energy"), evidence, date,
                     0.8, (event_id,), part.cameo, None, part.goldstein, "hand")
        )  # fmt: skip
    actors = sorted({m.actor_id for m in mentions} | {r.source for r in relations}
                    | {r.target for r in relations})  # fmt: skip
    return Processed(doc, sentences, mentions, [ACTORS[a] for a in actors], events, relations)


def _mention(
    text: str, doc_id: str, index: int, start: int, end: int, actor: Actor
) -> Mention | None:
    for name in (actor.name, *actor.aliases, actor.name[:-1] + "n"):
        at = text.find(name, start, end)
        if at >= 0:
            return Mention(actor.id, name, at, at + len(name), doc_id, index, "name",
                           clean_start=at, clean_end=at + len(name))  # fmt: skip
    return None


def _precision(value: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(value)]


def sample_documents() -> list[Processed]:
    return [_document(*spec) for spec in DOCS]


def fill(store: object) -> object:
    """Write the sample documents into any store with `write`."""
    for p in sample_documents():
        store.write(p)  # type: ignore[attr-defined]
    return store
