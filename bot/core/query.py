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
from functools import lru_cache

from bot.core import lexicon
from bot.core.corpus import Corpus
from bot.core.cues import Cue, wanted, yes_no
from bot.core.tokens import STOPWORDS, Tokenizer

# Words that frame a question about the news rather than name what it is about.
FRAME_WORDS = frozenset(
    """
    news latest newest update updates info information story stories article articles
    headline headlines tell know happen happened happening happens anything something
    anyone anybody someone somebody everyone please thanks thank hey hi hello guys bot
    exactly actually really even ever gonna wanna gotta kinda going lol ok okay yeah
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
MIN_CORRECTED_LENGTH = 3  # shorter words are too often another word, not a typo
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


def read(corpus: Corpus, question: str) -> Query:
    """The `Query` of `question` over `corpus` (whose vocabulary settles the typos)."""
    vocabulary = corpus.index.vocabulary
    terms: list[str] = []
    frame: list[str] = []
    corrected: dict[str, str] = {}
    names: set[str] = set()
    for start, end, term in corpus.tokenizer.spans(question):
        word = question[start:end].lower()
        if start > 0 and question[start].isupper():
            names.add(term)
        asking = word in _ASKING.get(_previous_word(question, start), ())
        if asking or word in FRAME_WORDS or term in _frame_terms():
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
    if not terms:
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
    )


_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


def _previous_word(text: str, start: int) -> str:
    """The word before position `start` of `text`, lower-cased ("" when none)."""
    match = _LAST_WORD.search(text, max(0, start - 20), start)
    return match.group(1).lower() if match else ""


@lru_cache(maxsize=1)
def _frame_terms() -> frozenset[str]:
    """The index terms of FRAME_WORDS ("happened" and "happens" stem alike)."""
    tokenizer = Tokenizer()
    return frozenset(term for word in FRAME_WORDS for term in tokenizer(word))


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
