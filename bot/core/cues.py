"""Cheap answer-type cues: what a question asks for, and what a sentence could answer.

No tagger or NER model: regular expressions and capitalization only. A "how much"
question wants an amount, "how old" an age, "when" a date, "who" a name, "why" a reason,
"what did X say" a statement; each sentence carries the cues it could answer with (bits
of `Cue`, computed once when the corpus is built), and the reranker and the confidence
see whether the sentence holds what was asked for.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import IntFlag


class Cue(IntFlag):
    NONE = 0
    DATE = 1  # a year, decade, century, month, weekday or a relative day
    NUMBER = 2  # a number or number word that is not a year
    NAME = 4  # a capitalized word that does not start the sentence
    MONEY = 8  # an amount of money
    PERCENT = 16  # a percentage or a rate
    DURATION = 32  # a number of years, months, weeks, days, hours
    AGE = 64  # someone's age
    STATEMENT = 128  # reported speech: a quote or a verb of saying
    REASON = 256  # a cause or purpose: because, due to, in a bid to
    PLACE = 512  # a capitalized word after in / at / from / near


# Sentence cues are computed for every unit of the corpus when it is built, so they look
# at the sentence's set of lower-case words first and run a pattern only where a word or a
# digit says it can match (a million sentences: seconds, not minutes).
_WORD = re.compile(r"[a-z]+")
_MONTHS = frozenset(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_DATE_WORDS = (
    _MONTHS
    | _WEEKDAYS
    | frozenset("yesterday today tomorrow tonight century centuries decade decades bc ad".split())
)
_PERIODS = frozenset("week month year season weekend spring summer autumn winter".split())
_RELATIVE = frozenset("last next this earlier later".split())
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands million millions billion billions "
    "trillion trillions dozen dozens half quarter third several few double twice triple "
    "percent".split()
)
_CURRENCIES = frozenset(
    "dollar dollars pound pounds euro euros yen yuan pence cents cent rupees francs roubles "
    "rubles".split()
)
_UNITS = frozenset(
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "decade decades century centuries night nights season seasons".split()
)
_SPEECH = frozenset(
    "said says say told tells added warned warns claimed claims argued argues insisted "
    "insists stated announced announces admitted admits denied denies explained believes "
    "believe believed thinks think thought described accused urged urges welcomed welcomes "
    "criticised criticized praised spokesman spokeswoman spokesperson statement according "
    "quoted described".split()
)
_REASONS = frozenset(
    "because due owing result bid order caused blamed blames blaming reason reasons after "
    "amid following since led aimed avoid prevent fears fear concerns concern help allow "
    "boost protect ensure so".split()
)
_QUOTES = frozenset('"“”')
_CURRENCY_SIGNS = frozenset("$£€¥")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[5-9]\d{2}|20\d{2})s?\b|\b\d0s\b")
_NON_YEAR_NUMBER = re.compile(r"\b(?!(?:1[5-9]\d{2}|20\d{2})\b)\d[\d,.]*")
_PERCENT = re.compile(r"%|\bper ?cent\b|\bpercent|\bpoints?\b", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|hundred|several|many|few|couple of)[\s-]+(?:years?|"
    r"months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centur(?:y|ies)|nights?|"
    r"seasons?)\b",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b\d{1,3}[\s-]years?[\s-]old\b|\baged?\s+\d{1,3}\b|,\s?\d{1,3},|\(\d{1,3}\)",
    re.IGNORECASE,
)
_AGE_DECADES = frozenset("teens twenties thirties forties fifties sixties seventies".split())
_NAME = re.compile(r"\s[A-Z][\w'’-]")
_PLACE = re.compile(r"\b(?:in|at|from|near|to|across|outside|inside) (?:the )?[A-Z][a-z]")

# What each kind of question asks for, in order: the first pattern that matches wins.
_WANTED = [
    (r"\bhow old\b|\bwhat age\b|\bage of\b", Cue.AGE | Cue.NUMBER),
    (
        r"\bhow much\b.*\b(?:cost|costs|pay|paid|pays|worth|spend|spent|raise|raised|give|"
        r"giving|gave|donate|donated|charge|charged|price|money|fine|fined|earn|earned|"
        r"make|made|sell|sold|buy|bought|invest|invested|owe|owed|lose|lost|save|saved|"
        r"budget|bid|offer|offered|fee|fees|salary|profit|profits|revenue|sales)\b",
        Cue.MONEY | Cue.NUMBER,
    ),
    (r"\bhow long\b|\bfor how many (?:years|months|weeks|days)\b", Cue.DURATION | Cue.DATE),
    (
        r"\bwhat (?:percentage|percent|proportion|share|fraction|rate)\b|\bhow much\b.*\b(?:"
        r"rise|rose|fall|fell|grow|grew|growth|increase|increased|drop|dropped|cut|inflation|"
        r"rate|rates)\b",
        Cue.PERCENT | Cue.NUMBER,
    ),
    (r"\bhow (?:many|much|far|fast|big|large|high|tall|deep|often|heavy|few)\b", Cue.NUMBER),
    (r"\bwhat (?:number|amount|size|score|price|figure)\b", Cue.NUMBER),
    (
        r"\bwhen\b|\bwhat (?:year|century|decade|date|day|month|time)\b|"
        r"\bwhich (?:year|century|decade|day|month|date)\b|\bwhat time\b",
        Cue.DATE,
    ),
    (
        r"\bwhy\b|\bwhat (?:caused|causes|made|makes|led to|is behind|was behind)\b|"
        r"\bwhat for\b|\bfor what reason\b",
        Cue.REASON,
    ),
    (
        r"\bwhere\b|\bwhich (?:country|city|town|countries|cities|place|venue|stadium|region)\b|"
        r"\bwhat (?:country|city|town|place|venue|stadium)\b",
        Cue.PLACE | Cue.NAME,
    ),
    (
        r"\bwho(?:m|se)?\b|\bwhich (?:company|firm|team|club|player|person|people|band|group|"
        r"minister|party|judge|bank|country's)\b|\bwhat (?:company|firm|team|club|band|group)\b",
        Cue.NAME,
    ),
    (
        r"\b(?:say|said|says|think|thinks|thought|react|reacted|respond|responded|reply|replied|"
        r"claim|claimed|warn|warned|tell|told|comment|commented|feel|feels|felt|believe|"
        r"believes|argue|argued|view|views|opinion|response|reaction)\b",
        Cue.STATEMENT,
    ),
]
_WANTED_RE = [(re.compile(p), cue) for p, cue in _WANTED]
# A question that opens with an auxiliary verb asks for yes or no.
_YES_NO = re.compile(
    r"^\s*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|"
    r"may|might|must)\b"
)

# The cue bits the reranker and the confidence look at one by one.
TYPED = (
    Cue.DATE,
    Cue.NUMBER,
    Cue.NAME,
    Cue.MONEY,
    Cue.PERCENT,
    Cue.DURATION,
    Cue.AGE,
    Cue.STATEMENT,
    Cue.REASON,
    Cue.PLACE,
)


def sentence_cues(text: str) -> Cue:
    """What kinds of answer `text` holds."""
    words = set(_WORD.findall(text.lower()))
    digits = bool(_DIGIT.search(text))
    cues = Cue.NONE
    if words & _DATE_WORDS or (digits and _YEAR.search(text)) or _relative_date(words):
        cues |= Cue.DATE
    if words & _NUMBER_WORDS or (digits and _NON_YEAR_NUMBER.search(text)):
        cues |= Cue.NUMBER
    if _NAME.search(text):
        cues |= Cue.NAME
    if digits and (_CURRENCY_SIGNS.intersection(text) or words & _CURRENCIES):
        cues |= Cue.MONEY
    if (digits and _PERCENT.search(text)) or "percent" in words:
        cues |= Cue.PERCENT
    if words & _UNITS and _DURATION.search(text):
        cues |= Cue.DURATION
    if (digits and _AGE.search(text)) or ("aged" in words) or words & _AGE_DECADES:
        cues |= Cue.AGE
    if words & _SPEECH or _QUOTES.intersection(text):
        cues |= Cue.STATEMENT
    if words & _REASONS:
        cues |= Cue.REASON
    if _PLACE.search(text):
        cues |= Cue.PLACE
    return cues


def asked_words(words: Collection[str]) -> re.Pattern[str] | None:
    """A pattern matching the question's own `words` as typed (any case), for
    `answer_cues`; None when there are none."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def answer_cues(text: str, asked: re.Pattern[str] | None) -> Cue:
    """The cues of `text` once the question's own words (`asked_words`) are blanked out:
    a date, number or name the question typed is not an answer to it ("What growth does
    the BCC forecast for 2005?" is not answered by "2005"). The words as typed, not their
    stems: "What did the TUC say?" is still answered by "the TUC said"."""
    if asked is None:
        return sentence_cues(text)
    return sentence_cues(asked.sub(lambda match: "x" * len(match.group()), text))


def _relative_date(words: set[str]) -> bool:
    return bool(words & _RELATIVE) and bool(words & _PERIODS)


def wanted(question: str) -> Cue:
    """The kind of answer `question` asks for (Cue.NONE: no particular kind)."""
    q = question.lower()
    for pattern, cue in _WANTED_RE:
        if pattern.search(q):
            return cue
    return Cue.NONE


def yes_no(question: str) -> bool:
    """Whether `question` asks for yes or no ("Did the bribe work?")."""
    return bool(_YES_NO.match(question.lower()))
