"""The one tokenizer for sentences and questions: lowercase, stopwords out, Snowball stems.

The same function must serve documents and queries, or BM25 compares different things.
Stems are memoized per word, so indexing a large corpus stems each distinct word once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence

from bot.core._nltk import EnglishStemmer

# nltk's English stopword list (nltk_data/corpora/stopwords/english), written out here so
# nothing depends on `nltk.download`.
STOPWORDS = frozenset(
    """
    i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them
    their theirs themselves what which who whom this that that'll these those am is are was
    were be been being have has had having do does did doing a an the and but if or because
    as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there
    when where why how all any both each few more most other some such no nor not only own
    same so than too very s t can will just don don't should should've now d ll m o re ve y
    ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven
    haven't isn isn't ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn
    shouldn't wasn wasn't weren weren't won't wouldn wouldn't
    many much would could might
    """.split()
)

# Irregular past forms of verbs common in news, to their base form before stemming, so
# "what did China say" finds "China said" (Snowball leaves "said" and "told" as they are).
IRREGULAR_VERBS = {
    form: base
    for base, forms in {
        "say": "said",
        "tell": "told",
        "go": "went gone",
        "take": "took taken",
        "make": "made",
        "lose": "lost",
        "hold": "held",
        "leave": "left",
        "meet": "met",
        "pay": "paid",
        "sell": "sold",
        "buy": "bought",
        "bring": "brought",
        "think": "thought",
        "find": "found",
        "give": "gave given",
        "get": "got gotten",
        "begin": "began begun",
        "run": "ran",
        "rise": "rose risen",
        "fall": "fell fallen",
        "spend": "spent",
        "know": "knew known",
        "see": "saw seen",
        "come": "came",
        "become": "became",
        "write": "wrote written",
        "choose": "chose chosen",
        "speak": "spoke spoken",
        "strike": "struck stricken",
        "fight": "fought",
        "seek": "sought",
        "build": "built",
        "send": "sent",
        "lead": "led",
        "keep": "kept",
        "feel": "felt",
        "grow": "grew grown",
        "draw": "drew drawn",
        "throw": "threw thrown",
        "fly": "flew flown",
        "drive": "drove driven",
        "break": "broke broken",
        "forget": "forgot forgotten",
        "stand": "stood",
        "understand": "understood",
        "teach": "taught",
        "catch": "caught",
        "shoot": "shot",
        "mean": "meant",
        "deal": "dealt",
        "eat": "ate eaten",
        "steal": "stole stolen",
        "wear": "wore worn",
        "sing": "sang sung",
        "sink": "sank sunk",
        "swim": "swam swum",
        "hang": "hung",
        "win": "won",
        "bear": "bore borne",
        "tear": "tore torn",
        "swear": "swore sworn",
        "shake": "shook shaken",
        "hide": "hid hidden",
        "ride": "rode ridden",
        "freeze": "froze frozen",
        "wake": "woke woken",
        "forbid": "forbade forbidden",
        "lend": "lent",
        "bend": "bent",
        "sleep": "slept",
        "sweep": "swept",
        "flee": "fled",
        "feed": "fed",
        "bleed": "bled",
        "breed": "bred",
        "stick": "stuck",
        "strive": "strove",
        "arise": "arose arisen",
        "withdraw": "withdrew withdrawn",
        "undertake": "undertook",
        "overtake": "overtook overtaken",
        "uphold": "upheld",
        "withhold": "withheld",
    }.items()
    for form in forms.split()
}

# Numbers keep their decimal point and thousands separators ("3.5", "1,000"); words keep
# inner apostrophes ("don't", "o'connor") so the stopword list and possessives work; a
# dotted initialism is one word, its dots dropped later ("U.S." is "us", as "US" is; the
# ".S." is tried only after a word, which costs less than trying "U." at every word).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:'[^\W_]+)*(?:\.(?:[^\W\d_]\.)+)?")
# Names news writes both in full and as initials: the two words are one term, the initials'.
PHRASES = {
    ("united", "states"): "us",
    ("united", "kingdom"): "uk",
    ("united", "nations"): "un",
    ("european", "union"): "eu",
}
_PHRASE_STARTS = frozenset(first for first, _ in PHRASES)
# Stopwords that, in capitals in text that is not all capitals, are names news uses:
# the World Health Organization, information technology, the Islamic State group.
ACRONYMS = frozenset({"who", "it", "is"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


class _Folding(dict[int, str]):
    """Code point -> its folded text, computed on first sight, for `str.translate`.

    Folding is character by character, so a folded word maps back to the characters it
    came from (`Tokenizer.spans`): compatibility decomposition (NFKD: "ﬁ" is "fi", "¹"
    is "1"), accents and other combining marks dropped ("é" is "e", as a question typed
    without them expects), apostrophes unified, case folded.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code)).translate(_APOSTROPHES)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        text = self[code] = "".join(c for c in folded if not unicodedata.combining(c))
        return text


_FOLDING = _Folding()


class _Terms(dict[str, str]):
    """word -> index term ("" for a stopword), computed on first sight: the stem memo."""

    def __init__(self, term: Callable[[str], str]) -> None:
        super().__init__()
        self._term = term

    def __missing__(self, word: str) -> str:
        term = self[word] = self._term(word)
        return term


class Tokenizer:
    """Turns text into the index terms BM25 compares; `__call__` is the whole pipeline."""

    def __init__(self) -> None:
        self._stem = EnglishStemmer().stem
        self._terms = _Terms(self._term)

    def __call__(self, text: str) -> list[str]:
        """Index terms of `text`, in order, repeats kept (BM25 counts them)."""
        folded = _fold(text)
        # PHRASES' first words and ACRONYMS in capitals: rare, and the slower path, which
        # sees spacing and case (a test checks these words against the two sets)
        if (
            "united" in folded
            or "european" in folded
            or (("WHO" in text or "IT" in text or "IS" in text) and not text.isupper())
        ):
            return [term for _, _, term in self.spans(text)]
        return [term for term in map(self._terms.__getitem__, _TOKEN.findall(folded)) if term]

    def spans(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term) for each indexed word of `text`, for highlighting matches:
        the same terms as `__call__`, each with the characters of `text` it came from."""
        origin: Sequence[int]  # the character of `text` each folded character came from
        if text.isascii():  # folding keeps every character in place
            folded, origin = _fold(text), range(len(text) + 1)
        else:
            pieces = [_FOLDING[ord(c)] for c in text]
            folded = "".join(pieces)
            origin = [i for i, piece in enumerate(pieces) for _ in piece] + [len(text)]
        matches = list(_TOKEN.finditer(folded))
        shouting = text.isupper()
        n = 0
        while n < len(matches):
            start, stop = matches[n].start(), matches[n].end()
            term = self._terms[matches[n].group()]
            word = matches[n].group().removesuffix("'s")
            if (
                not term
                and word in ACRONYMS
                and not shouting
                and text[origin[start] : origin[start + len(word) - 1] + 1].isupper()
            ):
                term = word  # "WHO", "WHO's"; not "who", "Who's"
            if n + 1 < len(matches) and matches[n].group() in _PHRASE_STARTS:
                after = matches[n + 1]
                phrase = PHRASES.get((matches[n].group(), after.group()))
                if (
                    phrase
                    and folded[stop : after.start()].isspace()
                    and text[origin[start]].isupper() == text[origin[after.start()]].isupper()
                ):  # "United States", "united states"; not "Leeds United states"
                    term, stop = phrase, after.end()
                    n += 1
            n += 1
            if term:  # the end takes in what folded to nothing: a word's trailing accents
                yield origin[start], max(origin[stop], origin[stop - 1] + 1), term

    def _term(self, word: str) -> str:
        if word in STOPWORDS:
            return ""
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace("'", "")
        if not word or word in STOPWORDS:
            return ""
        if word[0].isdigit():
            return word.replace(",", "")
        if word.endswith("."):  # an initialism
            word = word.replace(".", "")
            return "" if word in STOPWORDS else word
        return str(self._stem(IRREGULAR_VERBS.get(word, word)))


def _fold(text: str) -> str:
    """`_Folding` of each character (ASCII is only lowered, which is the same thing)."""
    if text.isascii():
        return text.translate(_APOSTROPHES).lower()
    return text.translate(_FOLDING)
