"""Sentence splitting and line classification for news text; pure functions, no I/O.

Sentences come from nltk's Punkt algorithm run with hand-written parameters (no trained
model is loaded, so nothing depends on `nltk.download`). The abbreviation list covers the
titles, months, and dotted initialisms of English news; Punkt itself handles decimals,
money (`$1.13bn`, `£3.13m.`), initials and curly quotes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core._nltk import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

# Lower-case, without the final period, as Punkt stores them.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof messrs mme mlle sr jr st rev fr hon
    gen lt col maj capt cmdr adm sgt cpl pte brig cdr
    gov sen rep pres supt insp det
    jan feb mar apr jun jul aug sep sept oct nov dec
    tue tues thu thur thurs fri
    corp inc ltd co bros cos assn dept univ
    vs v approx est fig figs vol vols eds pp
    ft mt ave blvd rd
    u.s u.k u.n e.u u.s.a u.a.e e.g i.e a.m p.m a.d b.c d.c n.y l.a
    """.split()
)

# Abbreviations only before a number: "ranked No. 1", "ca. 2 million", "(d. 1560)",
# "(c. 1455)", "p. 12". Before a word they are words or initials ("said no.", "Plan B."),
# and "no." before a number is one only capitalized ("he said no. 12 came" breaks).
NUMBER_ABBREVIATIONS = frozenset("no nos c ca d b fl r p art para ch sec op".split())
_CAPITALIZED_ONLY = frozenset({"no", "nos"})

# Capitalised words that start a sentence after an abbreviation or an ellipsis
# ("Warner Bros. He said", "so secure... If this"): Punkt's frequent-starter heuristic.
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i you his her its their our my this that these those there
    but and or so yet if when while after before as at for in on by from with however
    meanwhile although though earlier later last next now then also instead still
    """.split()
)

_END_PUNCTUATION = ".!?:;…\"'”’)]"
_HEADING_MAX_WORDS = 14
_HEADING_MAX_CHARS = 120
_CREDIT = re.compile(
    r"""^\(?\s*(?:image|images|photo|photos|photograph|picture|pictures|pic|video|
    graphic|illustration|credit|credits|source|file\ photo)s?\s*(?:credit)?\s*[:/-]
    [^()]{0,80}\)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_PARENTHESISED = re.compile(r"^\([^()]{1,60}\)$")
_ZERO_WIDTH = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", " "))


# A candidate break whose word is plain letters ("situation. “We", "said? Next"): Punkt
# always breaks there unless the word is a known abbreviation.
_PLAIN_BREAK = re.compile(r"([^\W\d_]{2,})[.?!]\s+\S+$")
# Dotted initials and initialisms ("E.I. du Pont", "J.R.R. Tolkien", "M.A.S.K."): Punkt
# learns these are abbreviations when it is trained; here they are told.
_DOTTED = re.compile(r"(?:[^\W\d_]\.){2,}")


class _LanguageVars(PunktLanguageVars):  # type: ignore[misc]  # nltk ships no type hints
    """nltk's patterns compiled with the standard `re` instead of nltk's timed `regex`
    wrapper (a ReDoS backstop for caller-supplied patterns, ~0.1 ms a paragraph here):
    these fixed patterns are linear, and the text they see is one normalized paragraph."""

    re_boundary_realignment = re.compile(
        PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE
    )

    def period_context_re(self) -> re.Pattern[str]:
        return _standard(
            self._period_context_fmt
            % {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars}
        )

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        return _standard(
            self._word_tokenize_fmt
            % {
                "NonWord": self._re_non_word_chars,
                "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start,
            }
        )


@lru_cache(maxsize=4)
def _standard(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.UNICODE | re.VERBOSE)


class _Token(PunktToken):  # type: ignore[misc]
    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)


class _Annotating(PunktSentenceTokenizer):  # type: ignore[misc]  # nltk ships no type hints
    """Punkt with three rules its training would learn: a dotted initialism is an
    abbreviation (a break after it only before a sentence starter, as for "U.S."),
    NUMBER_ABBREVIATIONS are abbreviations when a number follows, and a single letter's
    period before a capitalized sentence starter ends the sentence ("Plan B. Then", where
    Punkt, without the word statistics of training, takes any capitalized word after an
    initial for the rest of a name, as in "J. Bach")."""

    def _first_pass_annotation(self, aug_tok: PunktToken) -> None:
        super()._first_pass_annotation(aug_tok)
        if aug_tok.sentbreak and aug_tok.period_final and _DOTTED.fullmatch(aug_tok.tok):
            aug_tok.sentbreak, aug_tok.abbr = False, True

    def _second_pass_annotation(
        self, aug_tok1: PunktToken, aug_tok2: PunktToken | None
    ) -> str | None:
        if (
            aug_tok2 is not None
            and aug_tok1.period_final
            and (typ := aug_tok1.type_no_period) in NUMBER_ABBREVIATIONS
            and aug_tok2.tok[:1].isdigit()
            and (typ not in _CAPITALIZED_ONLY or aug_tok1.tok[:1].isupper())
        ):
            aug_tok1.sentbreak, aug_tok1.abbr = False, True
            return "number abbreviation"
        reason: str | None = super()._second_pass_annotation(aug_tok1, aug_tok2)
        if (
            aug_tok2 is not None
            and aug_tok1.abbr
            and aug_tok1.is_initial
            and aug_tok1.type_no_period not in self._params.abbrev_types  # "v." as in "Roe v."
            and aug_tok2.first_upper
            and not aug_tok2.is_initial  # "J. A. Hobson": "A." is the next initial
            and aug_tok2.type_no_sentperiod in self._params.sent_starters
        ):
            aug_tok1.sentbreak, aug_tok1.abbr = True, False
            return "initial before a sentence starter"
        return reason


class _Punkt(_Annotating):
    """Punkt, deciding the common case of a plain word before the period without running
    its token annotation; every other case goes to Punkt as usual. The decision is the one
    Punkt would make (first pass: a period-final non-abbreviation is a break; second pass:
    only abbreviations, ellipses, initials, numbers and known collocations are revisited,
    and this parameter set has no collocations); `tests/test_text.py` checks the two agree.
    """

    def text_contains_sentbreak(self, text: str) -> bool:
        plain = _PLAIN_BREAK.match(text)
        word = plain.group(1).lower() if plain else ""
        if word and word not in self._params.abbrev_types and word not in NUMBER_ABBREVIATIONS:
            return True
        return bool(super().text_contains_sentbreak(text))


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return _Punkt(params, lang_vars=_LanguageVars(), token_cls=_Token)


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (including zero-width characters) to one space."""
    return " ".join(text.translate(_ZERO_WIDTH).split())


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences; each is an exact substring of `paragraph`."""
    spans = _punkt().span_tokenize(paragraph)
    return [s for start, end in spans if (s := paragraph[start:end].strip())]


def is_credit_line(line: str) -> bool:
    """True for picture and source credits such as `(Image: AP)` or `Photo: Reuters`."""
    line = line.strip()
    if _CREDIT.match(line):
        return True
    return bool(_PARENTHESISED.match(line)) and len(line.split()) <= 6


def is_heading(line: str) -> bool:
    """True for a short line with no end punctuation, such as a section heading."""
    line = line.strip()
    if not line or len(line) > _HEADING_MAX_CHARS or line[-1] in _END_PUNCTUATION:
        return False
    if any(attribution in line for attribution in (",”", ',"', ",’")):
        return False  # '“We hope so,” he said': reported speech missing its period
    words = line.split()
    return len(words) <= _HEADING_MAX_WORDS and any(c.isalpha() for c in line)


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` characters at a word boundary, marking the cut."""
    if len(text) <= limit:
        return text
    if limit <= len(ellipsis):
        return ellipsis[:limit]
    cut = text[: limit - len(ellipsis) + 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else cut[: limit - len(ellipsis)]
    return cut.rstrip(" ,;:-–—") + ellipsis
