"""Actor recognition and resolution: who is named in a text, resolved to stable ids.

One item::

    mentions_in_text("Turkish jets struck PKK positions.", when="2024-08-15")
    find_mentions(doc, sentence)              # offsets in doc.raw_text
    resolve_document(doc, sentences)          # + coreference -> (mentions, actors)

``mentions_in_text(text, places=True)`` also returns capitals and cities named as places
("a curfew in Abidjan"), as CAMEO codes event targets; ``is_place(mention)`` tells them.

Batch: ``resolve_documents(pairs)``. Lookup: ``get_actor(id)``, ``all_actors()``,
``describe_actor(id)`` (what ``geopol actor ID`` shows).

Ids: states are ISO 3166-1 alpha-3 (``TUR``); organisations and groups short upper-case ids
(``NATO``, ``PKK``); persons their upper-case name (``ERDOGAN``); a state's population,
rebels and opposition ``IRQ_POP``, ``SYR_REB``, ``VEN_OPP``; an unnamed perpetrator
``UNKNOWN``. Every mention carries a CAMEO actor code (country + sector: ``TURMIL``) and a
PLOVER agent type.
"""

from geopol.actors.document import actors_of, find_mentions, resolve_document, resolve_documents
from geopol.actors.recognize import is_place, mentions_in_text
from geopol.actors.registry import all_actors, describe_actor, get_actor

__all__ = [
    "actors_of",
    "all_actors",
    "describe_actor",
    "find_mentions",
    "get_actor",
    "is_place",
    "mentions_in_text",
    "resolve_document",
    "resolve_documents",
]
