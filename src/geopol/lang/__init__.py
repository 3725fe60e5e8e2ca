"""Arabic and Spanish: actors and events in the language the news is written in.

::

    from geopol.lang import mentions_in_text, code_text, code_sentence
    mentions_in_text("Turquía bombardeó posiciones del PKK en Irak.", "es")
    code_text("قصفت الطائرات التركية مواقع لحزب العمال الكردستاني.", "ar")

Mentions carry the ids of the English gazetteer (تركيا, Turquía -> ``TUR``); events are
the records of the English coder (CAMEO, PLOVER, QuadClass, Goldstein, modality), with
evidence quoted from the original text.
"""

from geopol.lang.coder import code_sentence, code_sentences, code_text
from geopol.lang.mentions import mentions_in_text
from geopol.lang.text import LANGUAGES

__all__ = ["LANGUAGES", "code_sentence", "code_sentences", "code_text", "mentions_in_text"]
