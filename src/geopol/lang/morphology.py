"""Word forms for the trigger lexicons: Spanish verb conjugation and Arabic verb/noun forms.

The lexicon files name a verb once (``@atacar``, ``v:هاجم/هاجم``) and this module expands it,
so the data stays short and readable. Forms are written in the matcher's normal form
(Spanish without accents, Arabic normalized), each tagged with the tense or aspect the
coder reads modality from: ``fut`` -> predicted, ``cond`` -> hedged (the reporting
conditional "habría atacado"), ``part`` -> passive when after "fue".
"""

from __future__ import annotations

from functools import lru_cache

from geopol.lang.text import normalize_arabic

FormTag = str  # inf ger part pres pret impf fut cond subj noun

# ------------------------------------------------------------------------------ Spanish

_ENDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "ar": {
        "pres": ("o", "as", "a", "amos", "ais", "an"),
        "pret": ("e", "aste", "o", "amos", "asteis", "aron"),
        "impf": ("aba", "abas", "abamos", "abais", "aban"),
        "subj": ("e", "es", "emos", "eis", "en"),
        "subj_past": ("ara", "aras", "aramos", "arais", "aran", "ase", "asen"),
        "ger": ("ando",),
        "part": ("ado", "ada", "ados", "adas"),
    },
    "er": {
        "pres": ("o", "es", "e", "emos", "eis", "en"),
        "pret": ("i", "iste", "io", "imos", "isteis", "ieron"),
        "impf": ("ia", "ias", "iamos", "iais", "ian"),
        "subj": ("a", "as", "amos", "ais", "an"),
        "subj_past": ("iera", "ieras", "ieramos", "ierais", "ieran", "iese", "iesen"),
        "ger": ("iendo",),
        "part": ("ido", "ida", "idos", "idas"),
    },
    "ir": {
        "pres": ("o", "es", "e", "imos", "is", "en"),
        "pret": ("i", "iste", "io", "imos", "isteis", "ieron"),
        "impf": ("ia", "ias", "iamos", "iais", "ian"),
        "subj": ("a", "as", "amos", "ais", "an"),
        "subj_past": ("iera", "ieras", "ieramos", "ierais", "ieran", "iese", "iesen"),
        "ger": ("iendo",),
        "part": ("ido", "ida", "idos", "idas"),
    },
}
_FUTURE = ("e", "as", "a", "emos", "eis", "an")
_CONDITIONAL = ("ia", "ias", "iamos", "iais", "ian")
# Persons whose stem keeps its vowel in the present (nosotros, vosotros).
_UNSTRESSED = frozenset({"amos", "ais", "emos", "eis", "imos", "is"})
_VOWELS = "aeiou"
_CLITICS = ("se", "lo", "la", "los", "las", "le", "les")

# Irregular verbs that triggers use, with the forms regular rules miss. A verb built on one
# of them (detener, proponer, intervenir) gets the same forms with its prefix.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "hacer": ("hago", "hice", "hizo", "hicimos", "hicieron", "hecho", "hecha", "hechos", "hechas",
              "hara", "haran", "haria", "harian", "haga", "hagan", "hiciera", "hicieran"),
    "decir": ("digo", "dice", "dicen", "dije", "dijo", "dijimos", "dijeron", "dicho", "dicha",
              "dira", "diran", "diria", "dirian", "diga", "digan", "diciendo", "dijera", "dijeran"),
    "tener": ("tengo", "tiene", "tienen", "tuve", "tuvo", "tuvimos", "tuvieron", "tendra",
              "tendran", "tendria", "tendrian", "tenga", "tengan", "tuviera", "tuvieran"),
    "poner": ("pongo", "puse", "puso", "pusimos", "pusieron", "puesto", "puesta", "puestos",
              "puestas", "pondra", "pondran", "pondria", "pondrian", "ponga", "pongan",
              "pusiera", "pusieran"),
    "venir": ("vengo", "viene", "vienen", "vine", "vino", "vinimos", "vinieron", "vendra",
              "vendran", "vendria", "vendrian", "venga", "vengan", "viniendo", "viniera",
              "vinieran"),
    "dar": ("doy", "di", "dio", "dimos", "dieron", "de", "den", "diera", "dieran"),
    "ir": ("voy", "va", "van", "vamos", "fui", "fue", "fuimos", "fueron", "ira", "iran", "vaya",
           "vayan", "yendo", "ido", "fuera", "fueran"),
    "traer": ("traigo", "traje", "trajo", "trajeron", "traido", "traiga", "traigan", "trayendo"),
    "ducir": ("duzco", "duje", "dujo", "dujimos", "dujeron", "duzca", "duzcan", "dujera",
              "dujeran"),
    "abrir": ("abierto", "abierta", "abiertos", "abiertas"),
    "romper": ("roto", "rota", "rotos", "rotas"),
    "volver": ("vuelto", "vuelta", "vueltos", "vueltas"),
    "solver": ("suelto", "suelta", "sueltos", "sueltas"),
    "morir": ("muerto", "muerta", "muertos", "muertas"),
    "cubrir": ("cubierto", "cubierta", "cubiertos", "cubiertas"),
    "escribir": ("escrito", "escrita", "escritos", "escritas"),
    "querer": ("quiero", "quiere", "quieren", "quise", "quiso", "quisieron", "querra", "querran",
               "querria", "querrian", "quiera", "quieran"),
    "saber": ("se", "supo", "supieron", "sabra", "sabran", "sepa", "sepan"),
    "caber": ("quepo", "cupo", "cupieron"),
    "haber": ("he", "ha", "han", "hemos", "hay", "hubo", "hubieron", "habra", "habran", "habria",
              "habrian", "haya", "hayan", "hubiera", "hubieran"),
    "salir": ("salgo", "saldra", "saldran", "saldria", "salga", "salgan"),
}  # fmt: skip


def _change_stem(stem: str, change: str) -> str:
    """Apply a stem change to the last vowel of the stem: pedir -> pid-, negar -> nieg-."""
    for i in range(len(stem) - 1, -1, -1):
        if stem[i] in _VOWELS:
            if change == "ie" and stem[i] == "e":
                return stem[:i] + "ie" + stem[i + 1 :]
            if change == "ie" and stem[i] == "i":  # adquirir -> adquiero
                return stem[:i] + "ie" + stem[i + 1 :]
            if change == "ue" and stem[i] in "ou":
                return stem[:i] + "ue" + stem[i + 1 :]
            if change == "i" and stem[i] == "e":
                return stem[:i] + "i" + stem[i + 1 :]
            if change == "u" and stem[i] == "o":
                return stem[:i] + "u" + stem[i + 1 :]
            return stem
    return stem


def _spell(stem: str, ending: str, group: str) -> str:
    """Orthographic changes at the joint: ataque, pague, amenace, exija, sigo, destruyen."""
    first = ending[:1]
    if group == "ar" and first == "e":
        if stem.endswith("c"):
            return stem[:-1] + "qu" + ending
        if stem.endswith("g"):
            return stem + "u" + ending
        if stem.endswith("z"):
            return stem[:-1] + "c" + ending
    if group in ("er", "ir") and first in "ao":
        if stem.endswith("gu"):
            return stem[:-1] + ending
        if stem.endswith("g"):
            return stem[:-1] + "j" + ending
        if stem.endswith("ec") or stem.endswith("oc"):
            return stem[:-1] + "zc" + ending  # conocer -> conozco
        if stem.endswith("c") and len(stem) > 1 and stem[-2] not in _VOWELS:
            return stem[:-1] + "z" + ending
    # -uir (not -guir) and -eer/-aer: the unstressed i between vowels becomes y
    if group == "ir" and stem.endswith("u") and not stem.endswith("gu") and first in "aeo":
        return stem + "y" + ending
    if ending.startswith("i") and len(ending) > 1 and ending[1] in "eo" and stem[-1:] in "aeou":
        return stem + "y" + ending[1:]
    return stem + ending


def _irregular_forms(lemma: str) -> tuple[str, ...]:
    for base, forms in _IRREGULAR.items():
        # short bases (dar, ir) only as themselves: "pedir" is not a verb built on "ir"
        if lemma == base or (len(base) >= 4 and lemma.endswith(base)):
            prefix = lemma[: len(lemma) - len(base)]
            return tuple(prefix + f for f in forms)
    return ()


@lru_cache(maxsize=4096)
def spanish_verb_forms(lemma: str, change: str = "") -> dict[str, FormTag]:
    """Every (folded) form of a Spanish verb with its tag.

    ``change`` is the stem change of the verb: ``ie`` (negar -> niega), ``ue`` (mostrar ->
    muestra), ``i`` (pedir -> pide, pidió), ``ie-i`` (advertir -> advierte, advirtió),
    ``ue-u`` (morir -> muere, murió). Reflexive lemmas (``manifestarse``) drop the ``se``.
    """
    reflexive = lemma.endswith("se") and lemma[-4:-2] in ("ar", "er", "ir")
    if reflexive:
        lemma = lemma[:-2]
    group, stem = lemma[-2:], lemma[:-2]
    if group not in _ENDINGS:
        return {lemma: "inf"}
    present_change, past_change = ([*change.split("-"), ""])[:2] if change else ("", "")
    if present_change == "i":
        past_change = "i"
    forms: dict[str, FormTag] = {lemma: "inf"}
    # Future and conditional first: without accents "atacarán" and the past subjunctive
    # "atacaran" are one form, and the future is far more common in news.
    for ending in _FUTURE:
        forms.setdefault(lemma + ending, "fut")
    for ending in _CONDITIONAL:
        forms.setdefault(lemma + ending, "cond")
    for tag, endings in _ENDINGS[group].items():
        for ending in endings:
            s = stem
            if tag in ("pres", "subj") and present_change and ending not in _UNSTRESSED:
                s = _change_stem(stem, present_change)
            if tag == "subj" and past_change and ending in _UNSTRESSED:
                s = _change_stem(stem, past_change)
            if past_change and (
                (tag == "pret" and ending in ("io", "ieron")) or tag in ("subj_past", "ger")
            ):
                s = _change_stem(stem, past_change)
            forms.setdefault(_spell(s, ending, group), "subj" if tag == "subj_past" else tag)
    for form in _irregular_forms(lemma):
        forms[form] = "irr"
    # enclitic pronouns on the infinitive and gerund: "manifestarse", "atacandolos"
    for form, tag in list(forms.items()):
        if tag in ("inf", "ger"):
            for clitic in _CLITICS:
                forms.setdefault(form + clitic, tag)
    return forms


def spanish_plural(noun: str) -> str:
    if noun.endswith(("s", "x")):
        return noun
    if noun[-1:] in _VOWELS:
        return noun + "s"
    if noun.endswith("z"):
        return noun[:-1] + "ces"
    return noun + "es"


# ------------------------------------------------------------------------------- Arabic

_PERFECT_ENDINGS = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم", "و")
_IMPERFECT_PREFIXES = ("ي", "ت", "ن", "ا")
_IMPERFECT_ENDINGS = ("", "ون", "ان", "وا", "ن", "ين", "و")
_NOUN_ENDINGS = ("", "ه", "ات", "ين", "ون", "ان", "ا", "هم", "ها", "تين", "تان")


@lru_cache(maxsize=4096)
def arabic_verb_forms(perfect: str, imperfect: str) -> dict[str, FormTag]:
    """Perfect and imperfect forms of an Arabic verb from its two stems.

    ``perfect`` is the 3rd person masculine past (هاجم، اختطف) and ``imperfect`` the present
    stem without its person prefix (هاجم، ختطف). Participles and verbal nouns are listed
    as nouns in the lexicon: their patterns are not predictable from the stems.
    """
    perfect, imperfect = normalize_arabic(perfect), normalize_arabic(imperfect)
    forms: dict[str, FormTag] = {}
    for ending in _PERFECT_ENDINGS:
        forms.setdefault(perfect + ending, "pret")
    for prefix in _IMPERFECT_PREFIXES:
        for ending in _IMPERFECT_ENDINGS:
            forms.setdefault(prefix + imperfect + ending, "pres")
    return forms


@lru_cache(maxsize=4096)
def arabic_noun_forms(noun: str) -> dict[str, FormTag]:
    """A verbal noun or participle with feminine, plural and pronoun endings, ± article."""
    noun = normalize_arabic(noun)
    base = noun[:-1] if noun.endswith("ه") else noun
    forms: dict[str, FormTag] = {noun: "noun", "ال" + noun: "noun"}
    for ending in _NOUN_ENDINGS:
        for form in (base + ending, noun + ending):
            forms.setdefault(form, "noun")
            forms.setdefault("ال" + form, "noun")
    return forms
