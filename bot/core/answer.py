"""Answering a question: rank units, decide whether to abstain, compose the hits.

A sentence's confidence is the probability a small fitted model gives that the corpus
answers the question with it (`confidence.py`): a question about "the capital of France"
matches little of an article about Ukraine and scores near 0, while "what did Russia ask
China for" is matched in full by its answer. A heading's is the share of the question's
idf mass it holds (`confidence` below).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.core import limits
from bot.core.article import Kind
from bot.core.corpus import ArticleInfo, Corpus
from bot.core.errors import QueryError
from bot.core.query import Query, read
from bot.core.rank import rank

DEFAULT_MIN_CONFIDENCE = limits.DEFAULT_MIN_CONFIDENCE  # `limits.py` says how it was set
MAX_ANSWERS = limits.MAX_ANSWERS
_CANDIDATES_PER_ANSWER = 4
_NEAR_DUPLICATE = 0.8  # share of the smaller term set found in the other: the same fact


@dataclass(frozen=True, slots=True)
class Hit:
    text: str
    article: ArticleInfo
    unit: int  # index into the corpus's units
    sentence_index: int  # 0-based position among the article's sentences
    sentence_count: int
    score: float
    confidence: float
    matched: tuple[str, ...]  # the question's terms this unit holds
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    hits: tuple[Hit, ...]
    reason: str = ""  # why there are no hits: "empty", "stopwords", "no match", "low confidence"

    @property
    def answered(self) -> bool:
        return bool(self.hits)


def ask(
    corpus: Corpus,
    question: str,
    k: int = limits.DEFAULT_ANSWERS,
    article_id: str | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    channel: bool = False,
) -> Answer:
    """The best `k` units for `question`, or an Answer with no hits and the reason.

    The answer is given when the best unit's confidence reaches `min_confidence`; the
    other units follow when theirs does too.
    """
    if not 1 <= k <= MAX_ANSWERS:
        raise QueryError(f"the number of answers must be 1 to {MAX_ANSWERS}, got {k}")
    if not question.strip():
        return Answer(question, (), "empty")
    query = read(corpus, question)
    terms = query.terms
    if not terms:
        return Answer(question, (), "stopwords")
    hits = _sentences(corpus, query, k, article_id)
    headings = _headings(corpus, terms, k, article_id)
    if headings and headings[0].coverage > (hits[0].coverage if hits else 0.0):
        hits = headings  # a heading says what no sentence does
    if not hits:
        return Answer(question, (), "no match")
    if hits[0].confidence < min_confidence:
        return Answer(question, (), "low confidence")
    return Answer(
        question, tuple(_hit(corpus, c, terms) for c in hits if c.confidence >= min_confidence)
    )


@dataclass(frozen=True, slots=True)
class _Candidate:
    unit: int
    score: float
    coverage: float
    confidence: float


def confidence(corpus: Corpus, terms: list[str], matched: set[str]) -> float:
    """Share of the idf mass of the distinct `terms` that `matched` covers, 0..1."""
    weights = {t: max(corpus.index.term_idf(t), 0.0) for t in set(terms)}
    total = sum(weights.values())
    if total == 0:  # every term is in most units of a tiny corpus: coverage by count
        return len(matched & weights.keys()) / len(weights)
    return sum(w for t, w in weights.items() if t in matched) / total


def _sentences(corpus: Corpus, query: Query, k: int, article_id: str | None) -> list[_Candidate]:
    allowed = corpus.unit_mask(article_id, Kind.SENTENCE)
    ranked = rank(corpus, query, allowed)
    return _distinct(
        corpus, (_Candidate(r.unit, r.score, r.coverage, r.confidence) for r in ranked), k
    )


def _headings(corpus: Corpus, terms: list[str], k: int, article_id: str | None) -> list[_Candidate]:
    found = corpus.top_headings(terms, k * _CANDIDATES_PER_ANSWER, article_id)
    candidates = []
    for unit, score in found:
        cov = confidence(corpus, terms, set(corpus.tokenizer(corpus.texts[unit])))
        candidates.append(_Candidate(unit, score, cov, cov))
    return _distinct(corpus, iter(candidates), k)


def _distinct(corpus: Corpus, ranked: Iterator[_Candidate], k: int) -> list[_Candidate]:
    """The first `k` of `ranked` that are not near duplicates of an earlier one."""
    kept: list[_Candidate] = []
    seen: list[set[str]] = []
    for candidate in ranked:
        unit_terms = set(corpus.tokenizer(corpus.texts[candidate.unit]))
        if any(_overlap(unit_terms, other) >= _NEAR_DUPLICATE for other in seen):
            continue
        seen.append(unit_terms)
        kept.append(candidate)
        if len(kept) == k:
            break
    return kept


def _hit(corpus: Corpus, candidate: _Candidate, terms: list[str]) -> Hit:
    unit = candidate.unit
    info = corpus.articles[int(corpus.owner[unit])]
    query = set(terms)
    return Hit(
        text=corpus.texts[unit],
        article=info,
        unit=unit,
        sentence_index=int(corpus.position[unit]),
        sentence_count=info.sentence_count,
        score=candidate.score,
        confidence=candidate.confidence,
        matched=tuple(dict.fromkeys(t for t in corpus.tokenizer(corpus.texts[unit]) if t in query)),
        heading=bool(corpus.kind[unit] == Kind.HEADING),
    )


def _overlap(a: set[str], b: set[str]) -> float:
    """Overlap coefficient; sets under 3 terms only count as duplicates when equal."""
    if min(len(a), len(b)) < 3:
        return 1.0 if a == b else 0.0
    return len(a & b) / min(len(a), len(b))


def context(corpus: Corpus, unit: int, radius: int = 2) -> list[tuple[int, str]]:
    """The units around `unit` in its article, as (unit, text), the unit itself included."""
    info = corpus.articles[int(corpus.owner[unit])]
    start = max(info.first_unit, unit - radius)
    end = min(info.first_unit + info.unit_count, unit + radius + 1)
    return [(u, corpus.texts[u]) for u in range(start, end)]
