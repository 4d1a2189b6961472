"""Occupation terms for matching a person's occupation against employers' needs and
ambassadors' sectors.

A term is a folded word of three letters or more, cut to its first six letters, so that Swedish
inflections and many compounds meet: "Sjuksköterska" and "sjuksköterskor" both give "sjuksk".
Words that say nothing about the occupation are dropped.
"""

from __future__ import annotations

import re

from inflytt.lib.text import fold

STEM = 6
MAX_TERMS = 8
_WORD = re.compile(r"\w{3,}", re.UNICODE)
STOP_WORDS = frozenset(
    {"och", "med", "för", "inom", "som", "den", "det", "jobb", "arbete", "the", "and", "with", "for", "work"}
)


def occupation_terms(text: str) -> list[str]:
    terms: list[str] = []
    for word in _WORD.findall(fold(text)):
        if word in STOP_WORDS or word.isdigit():
            continue
        term = word[:STEM]
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]
