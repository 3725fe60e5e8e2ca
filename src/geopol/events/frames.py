"""How a frame verb turns the event in its complement into its own CAMEO code.

"urged Iran to release the sailors" is an appeal (02) whose content is a release (0841):
CAMEO codes it 0253, appeal for release of persons. The same content under "demanded" is
1053, under "refused to" 1243, under "pledged to" 0353, under "threatened to" it depends on
what is threatened. These tables follow the parallel structure of the CAMEO codebook.
"""

from __future__ import annotations

# Content code prefix -> code, per frame. The longest matching prefix wins; "" is the default.
_APPEAL = {
    "": "020",
    "04": "026",
    "045": "028",
    "046": "026",
    "037": "027",
    "057": "027",
    "05": "022",
    "06": "021",
    "061": "0211",
    "062": "0212",
    "063": "0213",
    "064": "0214",
    "07": "023",
    "071": "0231",
    "072": "0232",
    "073": "0233",
    "074": "0234",
    "08": "025",
    "081": "0251",
    "082": "0252",
    "083": "024",
    "0831": "0241",
    "0832": "0242",
    "0833": "0243",
    "0834": "0244",
    "084": "0253",
    "085": "0254",
    "086": "0255",
    "087": "0256",
    "03": "020",
}
_DEMAND = {
    "": "100",
    "04": "106",
    "045": "108",
    "046": "106",
    "037": "107",
    "057": "107",
    "05": "102",
    "06": "101",
    "061": "1011",
    "062": "1012",
    "063": "1013",
    "064": "1014",
    "07": "103",
    "071": "1031",
    "072": "1032",
    "073": "1033",
    "074": "1034",
    "08": "105",
    "081": "1051",
    "082": "1052",
    "083": "104",
    "0831": "1041",
    "0832": "1042",
    "0833": "1043",
    "0834": "1044",
    "084": "1053",
    "085": "1054",
    "086": "1055",
    "087": "1056",
}
_INTEND = {
    "": "030",
    "04": "036",
    "045": "039",
    "046": "036",
    "05": "032",
    "057": "030",
    "037": "037",
    "06": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "08": "035",
    "081": "0351",
    "082": "0352",
    "083": "034",
    "0831": "0341",
    "0832": "0342",
    "0833": "0343",
    "0834": "0344",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
}
_REFUSE = {
    "": "120",
    "03": "120",
    "04": "125",
    "045": "126",
    "046": "125",
    "057": "127",
    "037": "127",
    "06": "121",
    "061": "1211",
    "062": "1212",
    "063": "1213",
    "064": "1214",
    "07": "122",
    "071": "1221",
    "072": "1222",
    "073": "1223",
    "074": "1224",
    "08": "124",
    "081": "1241",
    "082": "1242",
    "083": "123",
    "0831": "1231",
    "0832": "1232",
    "0833": "1233",
    "0834": "1234",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
}
_THREATEN = {
    "": "130",
    "14": "133",
    "16": "131",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "134",
    "165": "135",
    "166": "136",
    "17": "137",
    "171": "137",
    "172": "132",
    "1721": "1321",
    "1722": "1322",
    "1723": "1323",
    "1724": "1324",
    "173": "137",
    "174": "137",
    "175": "137",
    "15": "138",
    "18": "1383",
    "19": "1384",
    "190": "1384",
    "191": "1381",
    "192": "1382",
    "20": "138",
    "204": "1385",
    "13": "130",
}
# Conflict contents never become cooperative intents: a vow to attack is a threat.
_CONFLICT_ROOTS = ("14", "15", "16", "17", "18", "19", "20")

TABLES = {
    "appeal": _APPEAL,
    "demand": _DEMAND,
    "intend": _INTEND,
    "refuse": _REFUSE,
    "threaten": _THREATEN,
}


def _lookup(table: dict[str, str], content: str) -> str:
    for length in range(len(content), 0, -1):
        if content[:length] in table:
            return table[content[:length]]
    return table[""]


def framed_code(frame: str, content: str, own: str, *, content_is_verb: bool = False) -> str:
    """The code of a frame trigger whose complement codes ``content``.

    ``own`` is the trigger's own code when it was more specific than the frame default
    (e.g. "called for talks" is already 026).
    """
    table = TABLES.get(frame)
    if table is None or own != table[""]:
        return own  # a specific pattern ("called for talks": 026) already said what it is
    if (frame, content[:2]) in (("intend", "03"), ("threaten", "13")):
        return content
    if frame == "intend" and content[:2] in _CONFLICT_ROOTS:
        return _lookup(_THREATEN, content)
    if frame == "appeal" and content_is_verb and content[:2] in _CONFLICT_ROOTS:
        # "urged the UN to impose sanctions": asking someone to act is an appeal still;
        # "called for sanctions" (a noun) stays a demand
        return own
    if frame in ("appeal", "demand") and content[:2] in _CONFLICT_ROOTS:
        # calling for sanctions, protests or force against someone is a demand in conflict
        return _DEMAND[""]
    if content[:2] in ("01", "02", "09", "10", "11", "12") and frame != "refuse":
        return own
    mapped = _lookup(table, content)
    return mapped


def intent_code(content: str) -> str:
    """A stated future act: cooperation becomes a 03 intent, conflict a 13 threat."""
    if content[:2] in _CONFLICT_ROOTS:
        return _lookup(_THREATEN, content)
    if content[:2] in ("04", "05", "06", "07", "08"):
        return _lookup(_INTEND, content)
    return content


def refusal_code(content: str) -> str:
    """A refused act of cooperation ("will not lift the ban") is a 12 rejection."""
    return _lookup(_REFUSE, content)
