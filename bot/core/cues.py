"""Cheap answer-type cues: what a question asks for, and what a sentence could answer.

No tagger or NER model: regular expressions and capitalization only. A "when" question
wants a sentence with a year or a date, a "how many" question one with a number, a "who"
or "where" question one with a name the question does not already hold (approximated by
a capitalized word past the sentence's first).
"""

from __future__ import annotations

import re
from enum import IntFlag


class Cue(IntFlag):
    NONE = 0
    DATE = 1  # a year, decade, century or month
    NUMBER = 2  # a number or number word that is not a year
    NAME = 4  # a capitalized word that does not start the sentence


_DATE = re.compile(
    r"\b(?:1\d{3}|20\d{2}|\d{2,4}s)\b|\b(?:centur(?:y|ies)|decades?|January|February|March|"
    r"April|June|July|August|September|October|November|December|BC|AD|BCE|CE)\b"
)
_NUMBER = re.compile(
    r"\b(?!(?:1\d{3}|20\d{2})\b)\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|"
    r"billions?|dozens?|half|percent|several|few)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\s[A-Z][\w'’-]")

_WHEN = re.compile(
    r"\b(?:when|what (?:year|century|decade|date|day|month|time)|which (?:year|century|decade))\b"
)
_HOW_MANY = re.compile(
    r"\b(?:how (?:many|much|long|old|large|big|far|high|tall|often|fast|deep|few)|"
    r"what (?:percentage|percent|number|amount|proportion|size|fraction))\b"
)
_WHO = re.compile(r"\b(?:who|whom|whose)\b")
_WHERE = re.compile(r"\bwhere\b")


def sentence_cues(text: str) -> Cue:
    """What kinds of answer `text` holds."""
    cues = Cue.NONE
    if _DATE.search(text):
        cues |= Cue.DATE
    if _NUMBER.search(text):
        cues |= Cue.NUMBER
    if _NAME.search(text):
        cues |= Cue.NAME
    return cues


def question_cues(question: str) -> tuple[Cue, Cue, Cue, Cue]:
    """The cue wanted by (when, how many, who, where) questions; Cue.NONE where not asked."""
    q = question.lower()
    return (
        Cue.DATE if _WHEN.search(q) else Cue.NONE,
        Cue.NUMBER if _HOW_MANY.search(q) else Cue.NONE,
        Cue.NAME if _WHO.search(q) else Cue.NONE,
        Cue.NAME if _WHERE.search(q) else Cue.NONE,
    )
