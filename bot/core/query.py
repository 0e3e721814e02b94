"""Reading a question: the words that name its topic, what kind of answer it wants.

People ask from a headline, in their own words: "any news on the REM gig?", "what's
darren campbell's pb?", "how many countries are waitng to join the wto?". A `Query` is
what the ranker and the confidence need of such a line:

- `terms`: the index terms of its topic words. Words that frame a question rather than
  name its topic ("news", "tell", "latest", "happen", "anyone") are left out: they would
  otherwise find "a news briefing". When nothing else is left, they stay.
- typos: a word neither the corpus nor English (`lexicon`) knows is replaced by the
  corpus word one edit away (a letter dropped, added, changed or two swapped) that the
  most units hold: "waitng" is "waiting", "rivr" "river", "brougth" "brought"; a word one
  edit from a stopword is that stopword ("msot"). A real word the corpus lacks ("place")
  is never changed.
- `related`: for each term, the corpus's terms WordNet relates to it ("kids" finds
  "children", "coach" "manager"): evidence for the ranker, weaker than the word itself.
- `wanted`: the kind of answer asked for (`cues.wanted`), and whether it is a yes/no
  question.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from bot.core import dates, lexicon
from bot.core.corpus import Corpus
from bot.core.cues import Cue, wanted, yes_no
from bot.core.dates import When
from bot.core.tokens import STOPWORDS

# Words that frame a question about the news rather than name what it is about, as typed
# (lower case: "known as" and "Article 101" are topic words).
FRAME_WORDS = frozenset(
    """
    news latest newest update updates info information story stories article articles
    headline headlines tell know happen happened happening happens anything something
    anyone anybody someone somebody everyone please thanks thank hey hi hello guys bot
    recent recently
    exactly actually really even ever gonna wanna gotta kinda lol ok okay yeah
    """.split()
)
# Words that, after "how" or "what"/"which", say what kind of answer is wanted ("how
# long", "what year") rather than what the question is about.
_ASKING = {
    "how": frozenset("long far fast big large high tall old often soon deep heavy well".split()),
    "what": frozenset(
        "time year day date month kind sort type percentage proportion share amount number".split()
    ),
}
_ASKING["which"] = _ASKING["what"]
MIN_CORRECTED_LENGTH = 4  # shorter words are too often another word, not a typo
_LETTERS = string.ascii_lowercase
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Query:
    """A question as the ranker sees it."""

    text: str
    terms: list[str]  # index terms of its topic words, in order, repeats kept
    wanted: Cue = Cue.NONE  # the kind of answer asked for
    yes_no: bool = False
    corrected: dict[str, str] = field(default_factory=dict)  # typed word -> term used
    frame: tuple[str, ...] = ()  # frame words left out of `terms`
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # term -> corpus terms
    names: frozenset[str] = frozenset()  # terms typed capitalized past the first word
    when: When = field(default_factory=When)  # dates it names; whether it asks the newest
    chatty: bool = False  # talks to or about people in the channel: "how was your weekend?"
    specific: frozenset[str] = frozenset()  # names, numbers, words English lacks: see below
    words: tuple[str, ...] = ()  # the topic words as typed (their terms are `terms`)


def read(corpus: Corpus, question: str) -> Query:
    """The `Query` of `question` over `corpus` (whose vocabulary settles the typos)."""
    vocabulary = corpus.index.vocabulary
    terms: list[str] = []
    frame: list[str] = []
    corrected: dict[str, str] = {}
    names: set[str] = set()
    words: list[str] = []
    when = dates.read(question, corpus.newest().date) if corpus.articles else dates.When()
    for start, end, term in corpus.tokenizer.spans(question):
        word = question[start:end].lower()
        if _inside(start, when) and not _year_only(when):
            continue
        if start > 0 and question[start].isupper():
            names.add(term)
        asking = word in _ASKING.get(_previous_word(question, start), ())
        framing = word in FRAME_WORDS and not (start > 0 and question[start].isupper())
        if asking or framing:
            frame.append(term)
            continue
        if term not in vocabulary and not lexicon.known(term) and _WORD.fullmatch(word):
            fixed = _correct(corpus, word)
            if fixed is not None:
                if fixed:
                    corrected[word] = fixed
                    terms.append(fixed)
                continue
        terms.append(term)
        words.append(question[start:end])
    year = when.dates.start.year if when.dates and when.dates.year_only else None
    if year is not None and set(terms) <= {str(year)}:
        terms = []  # "What happened in 2024?": only a time is asked
    if not terms and when.dates is None:
        terms = list(frame)
    related = {
        term: found
        for term in dict.fromkeys(terms)
        if (found := tuple(r for r in lexicon.related(term) if r in vocabulary and r != term))
    }
    return Query(
        question,
        terms,
        wanted(question),
        yes_no(question),
        corrected,
        tuple(frame),
        related,
        frozenset(names),
        when,
        chatty(question),
        frozenset(t for t in terms if t in names or _specific(t)),
        tuple(words),
    )


def _specific(term: str) -> bool:
    """A number, a name (WordNet knows it only capitalized: "london", "charles"), or a
    word English does not know ("wto", "netflix"): what a question is specifically about,
    as opposed to the common words any chat line holds. Weekdays and months are names to
    WordNet, not to a reader."""
    if term[0].isdigit():
        return True
    if term in _CALENDAR:
        return False
    return not lexicon.known(term) or lexicon.name(term)


_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday januari februari march april "
    "may june juli august septemb octob novemb decemb".split()
)


def _inside(start: int, when: dates.When) -> bool:
    return any(a <= start < b for a, b in when.spans)


def _year_only(when: dates.When) -> bool:
    return when.dates is not None and when.dates.year_only


# Words that talk to or about the people in a channel; news questions do not use them
# ("how was your weekend?", "anyone up for a game?"). Lower case: "US" is a country.
_CHAT = re.compile(
    r"\b(?:you|your|yours|yourself|u|ur|i|i'm|im|i've|i'd|i'll|me|my|mine|myself|we|we're|"
    r"our|ours|anyone|anybody|someone|somebody|everyone|guys|lol|lmao|haha|pls|plz|thx)\b"
    r"|\bus\b(?<!the us)"
)


def chatty(question: str) -> bool:
    """Whether `question` reads as chat among the people of a channel rather than a
    question about the news: it speaks to or of them ("you", "my", "anyone", "we")."""
    text = re.sub(r"\bUS\b", "usa", question.replace("’", "'")).lower()
    return bool(_CHAT.search(text))


_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


def _previous_word(text: str, start: int) -> str:
    """The word before position `start` of `text`, lower-cased ("" when none)."""
    match = _LAST_WORD.search(text, max(0, start - 20), start)
    return match.group(1).lower() if match else ""


def _correct(corpus: Corpus, word: str) -> str | None:
    """For a word the corpus does not know: "" when it is one edit from a stopword, the
    known term one edit away that the most units hold, or None when there is none."""
    if len(word) < MIN_CORRECTED_LENGTH:
        return None
    candidates = _edits(word)
    if candidates & STOPWORDS:
        return ""
    index = corpus.index
    best, best_df = None, 0
    for candidate in candidates:
        for term in corpus.tokenizer(candidate):
            tid = index.vocabulary.get(term)
            if tid is None:
                continue
            df = int(index.df[tid])
            if df > best_df or (df == best_df and best is not None and term < best):
                best, best_df = term, df
    return best


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | transposes | replaces | inserts) - {word}
