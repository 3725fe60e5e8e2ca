"""Sentence classifiers that confirm or veto the lexicon's events (filled in below)."""

from __future__ import annotations

from typing import Any


def rescore(view: Any, drafts: list[Any]) -> list[Any]:
    return drafts
